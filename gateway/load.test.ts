import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@contract/api';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { EntriesPage, QueueEntryDetail } from '@contract/entry';
import { WALLBOARD_API } from '@contract/wallboard';
import { parseConfig } from './config';
import { startSimProcess, type SimProcess } from './test-support/sim-process';
import { simConfig, startTestGateway, type TestGateway } from './test-support/gateway';

/*
 * Short forms of bench/gateway-load.ts (issue 8), judged by counts, never by times: many viewers
 * cost the vendor what one costs, and concurrent initiate-calls make one vendor call per
 * Idempotency-Key. Over real HTTP: the gateway listens on loopback and the simulator is its own
 * process. (app.test.ts checks the vendor cost for 200 in-process clients of one endpoint and
 * calls-placed.test.ts one key sent 10 times; these add distinct sessions, every live endpoint
 * with If-None-Match, and 100 concurrent calls.)
 */

const DIAL = ['dial-1', 'dial-2', 'dial-3', 'dial-4'];
const INITIATE = 'POST /api/v1/business/:businessId/call/initiate';
const WINDOW_MS = 3000;

let sim: SimProcess;
let gw: TestGateway;
let base: string;
let viewerCookies: string[];
let manager: string;

interface SimRequests {
  total: number;
  dialects: Record<string, { total: number; paths: Record<string, number> }>;
}
const simRequests = async () => (await sim.control('GET', 'requests')) as SimRequests;

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '8', '--iqra-rate-limit', 'off']);
  const live = simConfig(sim);
  const iqra = sim.credentials.iqra!;
  // The gateway spends at most 55 requests a minute per Iqra source: 100 calls need two or more.
  const config = parseConfig({
    ...live,
    sources: [
      ...live.sources,
      // 'lookup' serves the entry reads (they spend budget too); the calls go to the dial sources.
      ...['lookup', ...DIAL].map((id) => ({
        id,
        kind: 'iqra',
        baseUrl: iqra.baseUrl,
        businessId: iqra.businessId,
        apiKey: iqra.apiKey,
        flavor: 'docs',
        pollSeconds: 300,
      })),
    ],
  });
  gw = await startTestGateway(config);
  await gw.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = gw.app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  // 50 viewers, each with its own session (one user, 50 sign-ins' worth of sessions).
  const first = await gw.userCookie('viewer');
  const [cookieName] = first.split('=');
  const user = (await gw.services.users.list()).find((u) => u.role === 'viewer')!;
  viewerCookies = [
    first,
    ...(await Promise.all(
      Array.from(
        { length: 49 },
        async () => `${cookieName}=${await gw.services.sessions.create(user.id)}`,
      ),
    )),
  ];
  manager = await gw.userCookie('campaign_manager');
  // Both live sources have answered once before anything is counted.
  for (let i = 0; i < 100; i += 1) {
    const q = (await (await get(API.queues, first)).json()) as {
      freshness: { fetchedAt: string | null }[];
    };
    if (q.freshness.every((f) => f.fetchedAt !== null)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await sim?.stop();
});

const get = (path: string, cookie: string, etag?: string) =>
  fetch(`${base}${path}`, {
    headers: { cookie, accept: 'application/json', ...(etag ? { 'if-none-match': etag } : {}) },
  });

/** `n` viewers poll every live endpoint every second (If-None-Match) for the window. */
async function window(n: number): Promise<{ vendor: number; polls: number; answers: number[] }> {
  const endpoints = [API.queues, API.agents, API.calls, WALLBOARD_API.wallboard];
  const etags = new Map<string, string>();
  const answers: number[] = [];
  let stop = false;
  const viewer = async (i: number) => {
    await new Promise((r) => setTimeout(r, (i * 1000) / n));
    while (!stop) {
      const t0 = Date.now();
      await Promise.all(
        endpoints.map(async (p) => {
          const key = `${i} ${p}`;
          const res = await get(p, viewerCookies[i]!, etags.get(key));
          await res.arrayBuffer();
          const etag = res.headers.get('etag');
          if (etag) etags.set(key, etag);
          answers.push(res.status);
        }),
      );
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - t0))));
    }
  };
  const pollers = gw.services.live.pollers();
  const polls0 = pollers.reduce((a, p) => a + p.stats().polls, 0);
  const before = await simRequests();
  const running = Array.from({ length: n }, (_, i) => viewer(i));
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const after = await simRequests();
  const polls = pollers.reduce((a, p) => a + p.stats().polls, 0) - polls0;
  stop = true;
  await Promise.all(running);
  return { vendor: after.total - before.total, polls, answers };
}

describe('vendor load under many viewers', () => {
  it('costs the vendor the same for 50 viewers with their own sessions as for 1', async () => {
    const one = await window(1);
    const many = await window(50);
    // The viewers really polled: every endpoint, every second, answered 200 or 304.
    expect(many.answers.length).toBeGreaterThanOrEqual(50 * 4 * 2);
    expect(many.answers.every((s) => s === 200 || s === 304)).toBe(true);
    expect(one.vendor).toBeGreaterThan(0);
    // Same poll cadence: the window's edges can cut one poll of each live poller (±1 each).
    expect(Math.abs(many.polls - one.polls)).toBeLessThanOrEqual(2);
    // Vendor requests: equal up to that boundary effect, one poll cycle of every live source
    // (the 1-viewer window's requests per poll). Passing the viewers through would add ~600.
    const perPoll = Math.ceil(one.vendor / Math.max(1, one.polls)) * 2;
    expect(Math.abs(many.vendor - one.vendor)).toBeLessThanOrEqual(perPoll);
  }, 30_000);
});

describe('initiate call: one vendor call per Idempotency-Key', () => {
  let numberId: string;
  let agentId: string;

  beforeAll(async () => {
    const page = EntriesPage.parse(
      await (await get(`${API.entries}?source=lookup&pageSize=1`, manager)).json(),
    );
    const detail = QueueEntryDetail.parse(
      await (await get(API.entry('lookup', page.items[0]!.vendorId), manager)).json(),
    );
    numberId = String(detail.raw.numberId);
    agentId = String(detail.raw.agentId);
  });

  const initiateCalls = async () => (await simRequests()).dialects.iqra?.paths[INITIATE] ?? 0;

  /** 100 concurrent requests; request i carries key i % keys, on source dial-(key % 4). */
  async function burst(tag: string, keys: number) {
    const body = (k: number) =>
      JSON.stringify({
        source: DIAL[k % DIAL.length],
        recipientNumber: `+1415${String(6_000_000 + (tag === 'a' ? 0 : 500) + k).padStart(7, '0')}`,
        numberId,
        agentId,
        dynamicVariables: {},
        metadata: {},
      });
    const send = (k: number) =>
      fetch(`${base}${API.initiateCall}`, {
        method: 'POST',
        headers: {
          [CSRF_HEADER]: CSRF_VALUE,
          cookie: manager,
          'content-type': 'application/json',
          'idempotency-key': `load-test-${tag}-${k}`,
        },
        body: body(k),
      }).then(async (r) => ({
        key: k,
        status: r.status,
        replayed: r.headers.get('idempotent-replayed'),
        body: await r.text(),
      }));
    const before = await initiateCalls();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => send(i % keys)));
    const calls = (await initiateCalls()) - before;
    const followUps = await Promise.all(Array.from({ length: keys }, (_, k) => send(k)));
    return { calls, answers, followUps };
  }

  it('makes 100 vendor calls for 100 concurrent requests with 100 keys', async () => {
    const { calls, answers } = await burst('a', 100);
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
    expect(answers.every((a) => a.replayed === 'false')).toBe(true);
    expect(calls).toBe(100);
  }, 30_000);

  it('makes 10 vendor calls for 100 concurrent requests with 10 keys, each key answered consistently', async () => {
    const { calls, answers, followUps } = await burst('b', 10);
    expect(calls).toBe(10);
    for (let k = 0; k < 10; k += 1) {
      const mine = answers.filter((a) => a.key === k);
      const originals = mine.filter((a) => a.status === 200 && a.replayed === 'false');
      expect(originals).toHaveLength(1);
      for (const a of mine) {
        // A copy either replays the stored answer byte for byte, or arrived while the original
        // was still at the vendor: 409 "still being processed", no call placed.
        if (a.status === 200) expect(a.body).toBe(originals[0]!.body);
        else expect([a.status, JSON.parse(a.body).error.code]).toEqual([409, 'CONFLICT']);
      }
      expect(followUps[k]).toMatchObject({ status: 200, replayed: 'true' });
      expect(followUps[k]!.body).toBe(originals[0]!.body);
    }
  }, 30_000);
});
