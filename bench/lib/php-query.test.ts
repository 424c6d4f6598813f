import { describe, expect, it } from 'vitest';
import { httpBuildQuery, phpUrlencode, while1Hash } from './php-query';

// The While1 wiki's example request and its verified signature for the key `your_api_key`.
const SEED = {
  action: 'read',
  page: 1,
  filters: {
    date_between: ['2024-01-01 00:00:00', '2024-01-15 23:59:59'],
    schedule_lt: null,
    schedule_null: true,
    status: 'pending',
  },
};

describe('bench http_build_query', () => {
  it('reproduces the seed signature vector', () => {
    expect(httpBuildQuery(SEED)).toBe(
      'action=read&page=1&filters%5Bdate_between%5D%5B0%5D=2024-01-01+00%3A00%3A00&filters%5Bdate_between%5D%5B1%5D=2024-01-15+23%3A59%3A59&filters%5Bschedule_null%5D=1&filters%5Bstatus%5D=pending',
    );
    expect(while1Hash(SEED, 'your_api_key')).toBe('03f0ddb81fdcd0a5a3aec64b36766290');
  });

  it('encodes like PHP urlencode', () => {
    expect(phpUrlencode("a b~!*'()-_.é")).toBe('a+b%7E%21%2A%27%28%29-_.%C3%A9');
    expect(httpBuildQuery({ t: true, f: false, n: null, s: '', x: { y: [1] } })).toBe(
      't=1&f=0&s=&x%5By%5D%5B0%5D=1',
    );
  });
});
