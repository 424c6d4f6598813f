import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './server';

const START = Date.UTC(2025, 4, 14, 11) / 1000;
const started: RunningSimulator[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function start(opts: Parameters<typeof startSimulator>[0]): Promise<RunningSimulator> {
  const sim = await startSimulator({ seed: 3, clock: 'manual', startAt: START, entries: 2000, ...opts });
  started.push(sim);
  return sim;
}

function count(sim: RunningSimulator): Promise<Response> {
  const c = sim.credentials.iqra;
  return fetch(`${c.baseUrl}/api/v1/business/${c.businessId}/queues/outbound/count`, {
    method: 'POST',
    headers: { authorization: `Token ${c.apiKey}`, 'content-type': 'application/json' },
    body: '{}',
  });
}

describe('startSimulator({ iqraRateLimit })', () => {
  it('keeps the documented 60 per minute by default', async () => {
    const res = await count(await start({}));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('60');
  });

  it('applies a given limit and turns the limiter off with false', async () => {
    const limited = await start({ iqraRateLimit: { limit: 2, windowMs: 60_000 } });
    expect((await count(limited)).status).toBe(200);
    expect((await count(limited)).status).toBe(200);
    expect((await count(limited)).status).toBe(429);

    const open = await start({ iqraRateLimit: false });
    for (let i = 0; i < 5; i += 1) {
      const res = await count(open);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });

  it('rejects a nonsensical limit', async () => {
    await expect(start({ iqraRateLimit: { limit: 0, windowMs: 60_000 } })).rejects.toThrow(/iqraRateLimit/);
  });

  it('exposes the campaign world for tools', async () => {
    const sim = await start({});
    expect(sim.campaignWorld?.store.size()).toBeGreaterThan(0);
  });
});
