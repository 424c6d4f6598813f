import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@contract/api';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { QueuesResponse } from '@contract/queue';
import { startSimProcess, type SimProcess } from './test-support/sim-process';
import { eventually, simConfig, startTestGateway, type TestGateway } from './test-support/gateway';

// Each simulator fault mode against a live gateway: it stays up, serves the last good data with
// the error and its age, and is fresh again within about one poll after the fault clears.

let sim: SimProcess;
let gw: TestGateway;
let admin: string;
const POLL_MS = 1000;

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '11']);
  const config = simConfig(sim);
  config.sources = config.sources
    .filter((s) => s.id === 'support')
    .map((s) => ({ ...s, pollSeconds: POLL_MS / 1000, timeoutSeconds: 1 }));
  gw = await startTestGateway(config);
  admin = await gw.userCookie('admin');
  await eventually(() => gw.services.live.lookup('support') ?? undefined);
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await sim?.stop();
});

async function queues() {
  const res = await gw.app.inject({ method: 'GET', url: API.queues, headers: { cookie: admin } });
  expect(res.statusCode).toBe(200);
  return QueuesResponse.parse(res.json());
}

const FAULTS: Array<[string, Record<string, unknown>]> = [
  ['5xx answers', { errorRate: 1, errorStatus: 503 }],
  ['429 with Retry-After', { rateLimitRate: 1, retryAfterSeconds: 1 }],
  ['requests that hang', { hang: true }],
  ['malformed JSON', { malformedRate: 1 }],
  ['the vendor down', { down: true }],
];

describe('fault drills (FonoUC)', () => {
  for (const [name, fault] of FAULTS) {
    it(`survives ${name}`, async () => {
      const before = await queues();
      expect(before.freshness[0]!.error).toBeNull();
      await sim.control('POST', 'faults', { dialect: 'fonouc', ...fault });
      let cleared = false;
      try {
        const stale = await eventually(async () => {
          const q = await queues();
          return q.freshness[0]!.error ? q : undefined;
        }, 8000);
        // The last good data stays, with the error and since when.
        expect(stale.items.map((q) => q.id)).toEqual(before.items.map((q) => q.id));
        expect(stale.freshness[0]!.stale).toBe(true);
        expect(Date.parse(stale.freshness[0]!.errorSince!)).toBeLessThanOrEqual(Date.now());
        // …and the age of that data: the last good poll came before the error began.
        expect(Date.parse(stale.freshness[0]!.fetchedAt!)).toBeLessThanOrEqual(
          Date.parse(stale.freshness[0]!.errorSince!),
        );
        await sim.control('DELETE', 'faults');
        cleared = true;
        const t0 = Date.now();
        await eventually(
          async () => ((await queues()).freshness[0]!.error === null ? true : undefined),
          8000,
        );
        // One poll interval, plus a retry backoff or a request timeout in flight when it cleared.
        expect(Date.now() - t0).toBeLessThanOrEqual(POLL_MS + 1500);
      } finally {
        if (!cleared) await sim.control('DELETE', 'faults');
      }
    }, 30_000);
  }

  it('refuses a write that hangs, saying the vendor may still carry it out', async () => {
    const agent = gw.services.live.lookup('support')!.agents.find((a) => a.queues.length > 0)!;
    const membership = agent.queues[0]!;
    await sim.control('POST', 'faults', { dialect: 'fonouc', hang: true });
    try {
      const res = await gw.app.inject({
        method: 'POST',
        url: API.agentQueue,
        headers: { [CSRF_HEADER]: CSRF_VALUE, cookie: admin },
        payload: {
          agentId: agent.id,
          queueId: membership.queueId,
          action: membership.loggedIn ? 'logout' : 'login',
        },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(500);
      expect(res.json().error.message).toMatch(/may still carry it out/);
    } finally {
      await sim.control('DELETE', 'faults');
    }
  }, 30_000);

  it('adds latency without failing', async () => {
    await sim.control('POST', 'faults', { dialect: 'fonouc', latencyMs: 300 });
    try {
      const before = gw.services.live.source('support')!.poller!.snapshot().fetchedAt!;
      await eventually(() => {
        const s = gw.services.live.source('support')!.poller!.snapshot();
        return s.fetchedAt! > before ? s : undefined;
      });
      expect((await queues()).freshness[0]!.error).toBeNull();
      expect(gw.services.live.all()[0]!.connector.health().lastLatencyMs).toBeGreaterThanOrEqual(
        300,
      );
    } finally {
      await sim.control('DELETE', 'faults');
    }
  });
});
