import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API } from '@contract/api';
import type { Role } from '@contract/auth';
import { CdrsPage, type Cdr } from '@contract/cdr';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import {
  QueueHistoryResponse,
  QueuesResponse,
  type Queue,
  type SlaSettings,
} from '@contract/queue';
import { buildApp } from './app';
import type { Config, FonoucSourceConfig } from './config';
import { FonoucConnector } from './connectors/fonouc/connector';
import { hashPassword } from './services/passwords';
import type { Services } from './services/services';
import { computeQueueMetrics } from './services/metrics';
import { startSimProcess, type SimProcess } from './test-support/sim-process';
import { eventually, simConfig } from './test-support/gateway';

// Queue metrics, SLA settings, history and CDRs through the real stack: the simulator as its own
// process on a manual clock, the gateway in process. The gateway's CDR clock runs an hour ahead of
// the wall clock so that, after the test moves the simulator forward, every finished call lies inside
// the gateway's fetch window and the comparison with a direct fetch is exact.

const AHEAD_MS = 3600_000;
const OVERLAP_MS = 2 * 60_000;
const csrf = { [CSRF_HEADER]: CSRF_VALUE };

let sim: SimProcess;
let app: FastifyInstance;
let services: Services;
let config: Config;
let admin: string;
let supervisor: string;
let n = 0;

async function signIn(role: Role, scope?: { sources: string[] | null; queues: string[] | null }) {
  const username = `${role}-m${++n}`;
  const password = `pw-${username}-long-enough`;
  await services.users.create({
    username,
    role,
    passwordHash: await hashPassword(password),
    scope,
  });
  const res = await app.inject({
    method: 'POST',
    url: API.login,
    headers: csrf,
    payload: { username, password },
  });
  const c = res.cookies.find((x) => x.name === services.cookieName)!;
  return `${c.name}=${c.value}`;
}

async function get(url: string, cookie = admin) {
  return app.inject({ method: 'GET', url, headers: { cookie } });
}

/** The FonoUC source's queues (other simulator sources may or may not report CDRs). */
async function queues(cookie = admin): Promise<Queue[]> {
  const res = await get(API.queues, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return QueuesResponse.parse(res.json()).items.filter((q) => q.sourceId === fonouc().id);
}

const fonouc = () => config.sources.find((x) => x.kind === 'fonouc') as FonoucSourceConfig;

/** Today's CDRs read straight from the simulator's report endpoint, not through the gateway's feed. */
async function directCdrs(sinceIso: string): Promise<Cdr[]> {
  const direct = new FonoucConnector(fonouc());
  return direct.fetchCdrs(
    Date.parse(sinceIso) - OVERLAP_MS,
    Date.now() + AHEAD_MS,
    AbortSignal.timeout(15_000),
  );
}

function expectConsistent(q: Queue) {
  const m = q.metrics!;
  expect(m.answered! + m.abandoned!).toBeLessThanOrEqual(m.offered!);
  for (const pct of [m.serviceLevel, m.abandonRate]) {
    if (pct !== null) {
      expect(pct).toBeGreaterThanOrEqual(0);
      expect(pct).toBeLessThanOrEqual(100);
    }
  }
  if (m.offered === 0) expect(m.abandonRate).toBeNull();
  if (m.answered === 0) expect(m.asaSeconds).toBeNull();
}

/** Every queue's metrics equal the pure computation over `cdrs` (undefined until they do). */
function matches(items: Queue[], cdrs: Cdr[]): true | undefined {
  for (const q of items) {
    const expected = computeQueueMetrics(cdrs, q.id, q.sla, Date.parse(q.metrics!.since));
    if (JSON.stringify(expected) !== JSON.stringify(q.metrics)) return undefined;
  }
  return true;
}

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '11', '--clock', 'manual']);
  config = simConfig(sim);
  ({ app, services } = await buildApp({
    config,
    metrics: { cdrPollMs: 300, historyIntervalMs: 250, now: () => Date.now() + AHEAD_MS },
  }));
  await app.ready();
  admin = await signIn('admin');
  supervisor = await signIn('supervisor');
}, 60_000);

afterAll(async () => {
  await app?.close();
  await sim?.stop();
});

describe('queue metrics from FonoUC CDRs', () => {
  it('puts consistent metrics on every FonoUC queue, equal to the formulas over the vendor’s CDRs', async () => {
    const items = await eventually(async () => {
      const list = await queues();
      return list.length > 0 && list.every((q) => q.metrics !== null) ? list : undefined;
    });
    for (const q of items) {
      expectConsistent(q);
      expect(q.sla).toEqual({
        thresholdSeconds: 20,
        shortAbandonSeconds: 0,
        abandonTreatment: 'negative',
      });
    }
    const since = items[0]!.metrics!.since;
    const cdrs = await directCdrs(since);
    expect(matches(await queues(), cdrs)).toBe(true);
  });

  it('adds the calls that finish later, incrementally, and still matches', async () => {
    const before = await queues();
    const offeredBefore = before.reduce((sum, q) => sum + q.metrics!.offered!, 0);
    await sim.control('POST', 'advance', { seconds: 900 });
    const cdrs = await directCdrs(before[0]!.metrics!.since);
    const after = await eventually(async () => {
      const list = await queues();
      return matches(list, cdrs) ? list : undefined;
    });
    for (const q of after) expectConsistent(q);
    const offeredAfter = after.reduce((sum, q) => sum + q.metrics!.offered!, 0);
    // Unless the gateway's day (an hour ahead) already turned over, 15 minutes brought new calls.
    if (before[0]!.metrics!.since === after[0]!.metrics!.since)
      expect(offeredAfter).toBeGreaterThan(offeredBefore);
  });
});

describe('queue SLA settings', () => {
  it('are admin-only: a supervisor gets 403 and an invalid body gets field errors', async () => {
    const [q] = await queues();
    const url = `/api/v1/queues/${encodeURIComponent(q!.id)}/settings`;
    const body = { thresholdSeconds: 30, shortAbandonSeconds: 5, abandonTreatment: 'positive' };
    const denied = await app.inject({
      method: 'PUT',
      url,
      headers: { cookie: supervisor, ...csrf },
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    expect((await get(url, supervisor)).statusCode).toBe(403);

    const bad = await app.inject({
      method: 'PUT',
      url,
      headers: { cookie: admin, ...csrf },
      payload: { thresholdSeconds: 0, shortAbandonSeconds: 5, abandonTreatment: 'lenient' },
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual([
      'abandonTreatment',
      'thresholdSeconds',
    ]);

    const noCsrf = await app.inject({
      method: 'PUT',
      url,
      headers: { cookie: admin },
      payload: body,
    });
    expect(noCsrf.statusCode).toBe(403);
    const unknown = await app.inject({
      method: 'PUT',
      url: '/api/v1/queues/support%3Anope/settings',
      headers: { cookie: admin, ...csrf },
      payload: body,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('change the service-level variant of the queue at once', async () => {
    const list = await queues();
    // The queue with the most abandons shows the difference between the treatments best.
    const q = [...list].sort((a, b) => b.metrics!.abandoned! - a.metrics!.abandoned!)[0]!;
    const url = `/api/v1/queues/${encodeURIComponent(q.id)}/settings`;
    const settings: SlaSettings = {
      thresholdSeconds: 30,
      shortAbandonSeconds: 5,
      abandonTreatment: 'positive',
    };
    const put = await app.inject({
      method: 'PUT',
      url,
      headers: { cookie: admin, ...csrf },
      payload: settings,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual(settings);
    expect((await get(url)).json()).toEqual(settings);

    const cdrs = await directCdrs(q.metrics!.since);
    const updated = (await queues()).find((x) => x.id === q.id)!;
    expect(updated.sla).toEqual(settings);
    expect(updated.metrics).toEqual(
      computeQueueMetrics(cdrs, q.id, settings, Date.parse(q.metrics!.since)),
    );
    if (q.metrics!.abandoned! > 0 && updated.metrics!.serviceLevel !== null) {
      // Positive counts abandons within T as met: never below the negative figure with the same T.
      const negative = computeQueueMetrics(
        cdrs,
        q.id,
        { ...settings, abandonTreatment: 'negative' },
        Date.parse(q.metrics!.since),
      );
      expect(updated.metrics!.serviceLevel!).toBeGreaterThanOrEqual(negative.serviceLevel!);
    }
    // Other queues keep the defaults.
    expect(
      (await queues())
        .filter((x) => x.id !== q.id)
        .every((x) => x.sla.abandonTreatment === 'negative'),
    ).toBe(true);
  });
});

describe('queue history', () => {
  it('returns today’s samples of a queue, scope-checked', async () => {
    const [q] = await queues();
    const url = API.queueHistory(q!.id);
    const history = await eventually(async () => {
      const res = await get(url);
      expect(res.statusCode, res.body).toBe(200);
      const body = QueueHistoryResponse.parse(res.json());
      return body.points.length >= 2 ? body : undefined;
    });
    expect(history.queueId).toBe(q!.id);
    const last = history.points.at(-1)!;
    expect(last.waiting).toEqual(expect.any(Number));
    expect(last.answered).toEqual(expect.any(Number));
    expect(history.points.length).toBeLessThanOrEqual(1000);

    const other = await signIn('viewer', {
      sources: ['support'],
      queues: ['support:somewhere-else'],
    });
    expect((await get(url, other)).statusCode).toBe(404);
    expect((await get(url, '')).statusCode).toBe(401);
    const bad = await get(`${url}?from=yesterday-ish&to=2025-01-01T00:00:00Z`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty('from');
  });
});

describe('call records', () => {
  it('pages through today’s CDRs with filters, newest first, within the user’s scope', async () => {
    const items = await queues();
    const since = items[0]!.metrics!.since;
    const to = new Date(Date.now() + AHEAD_MS).toISOString();
    const direct = (await directCdrs(since)).filter(
      (c) => c.enteredAt >= since && c.enteredAt < to,
    );
    const qs = (p: Record<string, string>) =>
      new URLSearchParams({ from: since, to, source: fonouc().id, ...p }).toString();

    const first = CdrsPage.parse((await get(`${API.cdrs}?${qs({ pageSize: '20' })}`)).json());
    expect(first.total).toBe(direct.length);
    expect(first.items.length).toBe(Math.min(20, direct.length));
    expect(first.hasNextPage).toBe(direct.length > 20);
    const times = first.items.map((c) => c.enteredAt);
    expect([...times].sort().reverse()).toEqual(times);

    const queue = [...items].sort((a, b) => b.metrics!.offered! - a.metrics!.offered!)[0]!;
    const abandoned = CdrsPage.parse(
      (
        await get(
          `${API.cdrs}?${qs({ queue: queue.id, disposition: 'abandoned', pageSize: '100' })}`,
        )
      ).json(),
    );
    expect(abandoned.total).toBe(
      direct.filter((c) => c.queueId === queue.id && c.disposition === 'abandoned').length,
    );
    expect(
      abandoned.items.every((c) => c.queueId === queue.id && c.disposition === 'abandoned'),
    ).toBe(true);

    const scoped = await signIn('viewer', { sources: null, queues: [queue.id] });
    const mine = CdrsPage.parse(
      (await get(`${API.cdrs}?${qs({ pageSize: '100' })}`, scoped)).json(),
    );
    expect(mine.total).toBe(direct.filter((c) => c.queueId === queue.id).length);
    expect(
      (await get(`${API.cdrs}?${qs({ queue: items.find((x) => x.id !== queue.id)!.id })}`, scoped))
        .statusCode,
    ).toBe(404);

    // Last week is asked of the vendor: the simulator's world began today, so nothing.
    const lastWeek = new URLSearchParams({
      source: fonouc().id,
      from: new Date(Date.parse(since) - 7 * 86400_000).toISOString(),
      to: new Date(Date.parse(since) - 6 * 86400_000).toISOString(),
    });
    const old = await get(`${API.cdrs}?${lastWeek.toString()}`);
    expect(old.statusCode, old.body).toBe(200);
    expect(CdrsPage.parse(old.json())).toMatchObject({ items: [], total: 0, hasNextPage: false });

    const bad = await get(
      `${API.cdrs}?from=${encodeURIComponent(to)}&to=${encodeURIComponent(since)}`,
    );
    expect(bad.statusCode).toBe(400);
  });
});
