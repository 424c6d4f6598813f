import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@contract/api';
import { SourcesResponse } from '@contract/source';
import { parseConfig } from './config';
import { startTestGateway, type TestGateway } from './test-support/gateway';

const iqra = { kind: 'iqra', baseUrl: 'http://127.0.0.1:9', businessId: 1, apiKey: 'k' };

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway(
    parseConfig({
      dataDir: ':memory:',
      sources: [
        {
          id: 'support',
          kind: 'fonouc',
          baseUrl: 'http://127.0.0.1:9',
          accountId: 'a',
          domain: 'tenant',
          username: 'u',
          password: 'p',
        },
        { ...iqra, id: 'ai' },
        { ...iqra, id: 'ai-paced', pollSeconds: 10 },
        {
          id: 'callbacks',
          kind: 'while1',
          baseUrl: 'http://127.0.0.1:9',
          apiToken: 't',
          apiKey: 'k',
        },
      ],
    }),
    { startPolling: false },
  );
});
afterAll(() => gw?.close());

describe('GET /api/v1/sources', () => {
  it('shows the interval each source is really polled at: campaigns every 30 s for Iqra and While1', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: API.sources,
      headers: { cookie: await gw.userCookie('viewer') },
    });
    expect(res.statusCode).toBe(200);
    const { items } = SourcesResponse.parse(res.json());
    expect(Object.fromEntries(items.map((s) => [s.id, s.pollSeconds]))).toEqual({
      support: 2,
      ai: 30,
      'ai-paced': 10,
      callbacks: 30,
    });
  });
});
