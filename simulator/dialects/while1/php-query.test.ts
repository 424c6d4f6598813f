import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  apiHash,
  httpBuildQuery,
  parseJsonOrdered,
  parsePhpQuery,
  phpUrlencode,
} from './php-query';

const SEED_PARAMS = {
  action: 'read',
  page: 1,
  filters: {
    date_between: ['2024-01-01 00:00:00', '2024-01-15 23:59:59'],
    schedule_lt: null,
    schedule_null: true,
    caller_id: null,
    dnid: null,
    project_id: null,
    outbound_type: null,
    attend_type: null,
    external_id: null,
    assign_type: null,
    campaign: null,
    status: 'pending',
  },
};
const SEED_CANONICAL =
  'action=read&page=1&filters%5Bdate_between%5D%5B0%5D=2024-01-01+00%3A00%3A00&filters%5Bdate_between%5D%5B1%5D=2024-01-15+23%3A59%3A59&filters%5Bschedule_null%5D=1&filters%5Bstatus%5D=pending';

describe('http_build_query', () => {
  it('reproduces the seed example canonical string and the verified hash vector', () => {
    expect(httpBuildQuery(SEED_PARAMS)).toBe(SEED_CANONICAL);
    expect(createHash('md5').update(`${SEED_CANONICAL}your_api_key`).digest('hex')).toBe(
      '03f0ddb81fdcd0a5a3aec64b36766290',
    );
    expect(apiHash(SEED_PARAMS, 'your_api_key')).toBe('03f0ddb81fdcd0a5a3aec64b36766290');
  });

  it('follows PHP defaults: RFC 1738 encoding, booleans 1/0, nulls and empty arrays dropped, empty strings kept', () => {
    expect(phpUrlencode("a b~!*'()-_.é")).toBe('a+b%7E%21%2A%27%28%29-_.%C3%A9');
    expect(httpBuildQuery({ t: true, f: false, n: null, e: [], s: '', x: { y: { z: 1 } } })).toBe(
      't=1&f=0&s=&x%5By%5D%5Bz%5D=1',
    );
  });

  it('keeps insertion order, integer-like keys included', () => {
    const m = new Map<string, string>([
      ['b', '1'],
      ['10', '2'],
      ['a', '3'],
    ]);
    expect(httpBuildQuery(m)).toBe('b=1&10=2&a=3');
    expect(
      httpBuildQuery(parseJsonOrdered('{"b":1,"10":2,"a":[true,null,"x"]}') as Map<string, never>),
    ).toBe('b=1&10=2&a%5B0%5D=1&a%5B2%5D=x');
  });
});

describe('parse_str', () => {
  it('round-trips the canonical string', () => {
    expect(httpBuildQuery(parsePhpQuery(SEED_CANONICAL))).toBe(SEED_CANONICAL);
  });

  it('handles bracket syntax, auto indexes, + and mangled top-level names', () => {
    const p = parsePhpQuery(
      'a[]=x&a[]=y&b[c][d]=1+2&e.f=3&filters[status][]=pending&filters[status][]=in%20progress',
    );
    expect([...(p.get('a') as Map<string, string>).entries()]).toEqual([
      ['0', 'x'],
      ['1', 'y'],
    ]);
    expect(
      ((p.get('b') as Map<string, Map<string, string>>).get('c') as Map<string, string>).get('d'),
    ).toBe('1 2');
    expect(p.get('e_f')).toBe('3');
    expect([
      ...(
        (p.get('filters') as Map<string, Map<string, string>>).get('status') as Map<string, string>
      ).values(),
    ]).toEqual(['pending', 'in progress']);
  });

  it('rejects invalid JSON', () => {
    expect(() => parseJsonOrdered('{"a":')).toThrow(SyntaxError);
    expect(() => parseJsonOrdered('{"a":1} x')).toThrow(SyntaxError);
  });
});
