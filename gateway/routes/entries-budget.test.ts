import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@contract/api';
import { CSRF_HEADER, CSRF_VALUE, ErrorBody } from '@contract/common';
import { EntriesPage } from '@contract/entry';
import { buildApp } from '../app';
import { parseConfig } from '../config';
import { hashPassword } from '../services/passwords';
import { startSimProcess, type SimProcess } from '../test-support/sim-process';

// Its own simulator: the Iqra docs limiter (60 a minute per key) must start empty for this count.
let sim: SimProcess;
let app: Awaited<ReturnType<typeof buildApp>>['app'];
let admin: string;

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '3', '--clock', 'manual', '--entries', '2000']);
  const d = sim.credentials.iqra as { baseUrl: string; businessId: string; apiKey: string };
  const config = parseConfig({
    dataDir: ':memory:',
    sources: [
      {
        id: 'ai',
        kind: 'iqra',
        baseUrl: d.baseUrl,
        businessId: d.businessId,
        apiKey: d.apiKey,
        flavor: 'docs',
      },
    ],
  });
  const built = await buildApp({ config, startPolling: false });
  app = built.app;
  await app.ready();
  await built.services.users.create({
    username: 'boss',
    role: 'admin',
    passwordHash: await hashPassword('boss-password-long'),
  });
  const res = await app.inject({
    method: 'POST',
    url: API.login,
    headers: { [CSRF_HEADER]: CSRF_VALUE },
    payload: { username: 'boss', password: 'boss-password-long' },
  });
  const c = res.cookies.find((x) => x.name === built.services.cookieName)!;
  admin = `${c.name}=${c.value}`;
}, 30_000);

afterAll(async () => {
  await app?.close();
  await sim?.stop();
});

describe('Iqra request budget', () => {
  it('a burst of 200 entry requests stays within the budget; the rest get 429 with Retry-After at once', async () => {
    await sim.control('POST', 'requests/reset');
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        app.inject({
          method: 'GET',
          url: `${API.entries}?source=ai&page=${i + 1}&pageSize=5`,
          headers: { cookie: admin },
        }),
      ),
    );
    const elapsed = Date.now() - started;
    const served = answers.filter((r) => r.statusCode === 200);
    const limited = answers.filter((r) => r.statusCode === 429);
    expect(served.length + limited.length).toBe(200);
    expect(served.length).toBeGreaterThan(40);
    expect(limited.length).toBeGreaterThan(100);
    for (const r of served) EntriesPage.parse(r.json());
    for (const r of limited) {
      expect(ErrorBody.parse(r.json()).error.code).toBe('RATE_LIMITED');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    // Nothing waited for budget to come back: refusals are immediate.
    expect(elapsed).toBeLessThan(10_000);

    const counted = (await sim.control('GET', 'requests')) as {
      dialects: Record<string, { total: number }>;
    };
    const vendorRequests = counted.dialects.iqra?.total ?? 0;
    expect(vendorRequests).toBeLessThanOrEqual(55);
    // Every page served cost the vendor one request; status counts took a few more, once.
    expect(vendorRequests).toBeGreaterThanOrEqual(served.length);

    // The vendor never had to say 429 itself: its own limit (60) was never reached.
    const servedUrl = `${API.entries}?source=ai&page=${answers.findIndex((r) => r.statusCode === 200) + 1}&pageSize=5`;
    const again = await app.inject({ method: 'GET', url: servedUrl, headers: { cookie: admin } });
    expect(again.statusCode).toBe(200); // the same query within 3 s is shared, not re-asked
    const sources = (
      await app.inject({ method: 'GET', url: API.sources, headers: { cookie: admin } })
    ).json() as any;
    expect(sources.items[0].health).toMatchObject({
      requestsLastMinute: vendorRequests,
      budgetPerMinute: 55,
    });
  });
});
