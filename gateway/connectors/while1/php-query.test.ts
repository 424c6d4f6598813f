import { describe, expect, it } from 'vitest';
import { apiHash, httpBuildQuery, phpUrlencode, signedBody, type PhpValue } from './php-query';
import { formatLocal, localToIso, parseLocal } from './local-time';

// The documented example's parameters (docs/vendors.md#while1-signing), exactly as its PHP builds them.
const seedParams = (): Map<string, PhpValue> =>
  new Map<string, PhpValue>([
    ['action', 'read'],
    ['page', 1],
    [
      'filters',
      {
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
    ],
  ]);

const CANONICAL =
  'action=read&page=1&filters%5Bdate_between%5D%5B0%5D=2024-01-01+00%3A00%3A00&filters%5Bdate_between%5D%5B1%5D=2024-01-15+23%3A59%3A59&filters%5Bschedule_null%5D=1&filters%5Bstatus%5D=pending';

describe('While1 api_hash (PHP http_build_query)', () => {
  it('serialises the seed parameters to the canonical string of docs/vendors.md#while1-signing', () => {
    expect(httpBuildQuery(seedParams())).toBe(CANONICAL);
  });

  it('hashes the canonical string with the key to the published vector', () => {
    expect(apiHash(seedParams(), 'your_api_key')).toBe('03f0ddb81fdcd0a5a3aec64b36766290');
  });

  it('leaves api_hash itself out of the hash and appends it last in the body', () => {
    const params = seedParams();
    params.set('api_hash', 'whatever');
    expect(apiHash(params, 'your_api_key')).toBe('03f0ddb81fdcd0a5a3aec64b36766290');
    const body = signedBody(seedParams(), 'your_api_key');
    expect(body).toBe(`${CANONICAL}&api_hash=03f0ddb81fdcd0a5a3aec64b36766290`);
  });

  it('follows PHP: RFC 1738 encoding, false as 0, empty string kept, nulls and empty arrays dropped', () => {
    expect(phpUrlencode("a b~!'()*-_.Ă")).toBe('a+b%7E%21%27%28%29%2A-_.%C4%82');
    expect(
      httpBuildQuery({
        t: true,
        f: false,
        e: '',
        n: null,
        u: undefined,
        empty: [],
        nested: { list: ['x', 'y'] },
      }),
    ).toBe('t=1&f=0&e=&nested%5Blist%5D%5B0%5D=x&nested%5Blist%5D%5B1%5D=y');
  });

  it('keeps insertion order of Map keys, integer-like ones included', () => {
    const m = new Map<string, PhpValue>([
      ['b', 1],
      ['10', 2],
      ['a', 3],
    ]);
    expect(httpBuildQuery(m)).toBe('b=1&10=2&a=3');
  });
});

describe('While1 local times', () => {
  it('reads and writes Y-m-d H:i:s on the PBX wall clock, daylight saving included', () => {
    // Bucharest is UTC+2 in winter and UTC+3 in summer.
    expect(localToIso('2024-01-15 12:00:00', 'Europe/Bucharest')).toBe('2024-01-15T10:00:00.000Z');
    expect(localToIso('2024-07-15 12:00:00', 'Europe/Bucharest')).toBe('2024-07-15T09:00:00.000Z');
    expect(formatLocal(Date.parse('2024-07-15T09:00:00.750Z'), 'Europe/Bucharest')).toBe(
      '2024-07-15 12:00:00',
    );
    expect(parseLocal('2024-02-31 00:00:00', 'UTC')).toBeNull();
    expect(parseLocal('not a date', 'UTC')).toBeNull();
  });
});
