import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@contract/api';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { ADMIN_API } from '@contract/admin';
import { QueuesResponse, type Queue } from '@contract/queue';
import {
  CreatedDisplayResponse,
  DEFAULT_THRESHOLDS,
  DISPLAY_TOKEN_HEADER,
  DisplayChangeResponse,
  DisplaysResponse,
  QueueThresholds,
  SERVER_TIME_HEADER,
  WALLBOARD_API,
  WallboardResponse,
  type WallboardQueue,
} from '@contract/wallboard';
import { startSimProcess, type SimProcess } from './test-support/sim-process';
import { eventually, simConfig, startTestGateway, type TestGateway } from './test-support/gateway';

// Issue 6, wallboard: displays and their tokens, thresholds, and the wallboard's numbers, against a
// gateway polling the simulator process.

let sim: SimProcess;
let gw: TestGateway;
let admin: string;
let supervisor: string;
let viewer: string;
let queueIds: string[];
const csrf = { [CSRF_HEADER]: CSRF_VALUE };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function call(
  method: Method,
  url: string,
  auth: { cookie?: string; token?: string } | null,
  payload?: unknown,
) {
  return gw.app.inject({
    method,
    url,
    headers: {
      ...(method === 'GET' ? {} : csrf),
      ...(auth?.cookie ? { cookie: auth.cookie } : {}),
      ...(auth?.token ? { [DISPLAY_TOKEN_HEADER]: auth.token } : {}),
    },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function createDisplay(ids: string[], name = 'Floor TV') {
  const res = await call(
    'POST',
    WALLBOARD_API.displays,
    { cookie: admin },
    {
      name,
      queueIds: ids,
      layout: 'tiles',
    },
  );
  expect(res.statusCode, res.body).toBe(201);
  return CreatedDisplayResponse.parse(res.json());
}

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '6']);
  gw = await startTestGateway(simConfig(sim));
  admin = await gw.userCookie('admin');
  supervisor = await gw.userCookie('supervisor');
  viewer = await gw.userCookie('viewer');
  const support = await eventually(() => gw.services.live.lookup('support') ?? undefined);
  const sales = await eventually(() => gw.services.live.lookup('sales') ?? undefined);
  queueIds = [...support.queues, ...sales.queues].map((q) => q.id);
  expect(queueIds.length).toBeGreaterThanOrEqual(2);
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await sim?.stop();
});

describe('display tokens', () => {
  it('read their own wallboard without a session, by header or by ?display=', async () => {
    const { display, token, path } = await createDisplay([queueIds[1]!, queueIds[0]!]);
    expect(path).toBe(`/wallboard/d/${token}`);
    expect(token.length).toBeGreaterThanOrEqual(32);

    const res = await call('GET', WALLBOARD_API.wallboard, { token });
    expect(res.statusCode, res.body).toBe(200);
    const board = WallboardResponse.parse(res.json());
    expect(board.display).toEqual({ id: display.id, name: 'Floor TV' });
    // Its own queues only, in the order the admin chose.
    expect(board.queues.map((q) => q.id)).toEqual([queueIds[1], queueIds[0]]);
    expect(Number(res.headers[SERVER_TIME_HEADER])).toBeGreaterThan(Date.now() - 5_000);

    const byQuery = await call('GET', `${WALLBOARD_API.wallboard}?display=${token}`, null);
    expect(byQuery.statusCode).toBe(200);
    expect(WallboardResponse.parse(byQuery.json()).display?.id).toBe(display.id);
  });

  it('are refused everywhere else with 403, even alongside a session cookie', async () => {
    const { token, display } = await createDisplay([queueIds[0]!]);
    const routes: Array<[Method, string, unknown]> = [
      ['GET', API.queues, undefined],
      ['GET', API.agents, undefined],
      ['GET', API.calls, undefined],
      ['GET', API.sources, undefined],
      ['GET', API.me, undefined],
      ['GET', ADMIN_API.users, undefined],
      ['GET', ADMIN_API.audit, undefined],
      ['GET', WALLBOARD_API.displays, undefined],
      ['GET', WALLBOARD_API.queueThresholds(queueIds[0]!), undefined],
      ['PUT', WALLBOARD_API.queueThresholds(queueIds[0]!), DEFAULT_THRESHOLDS],
      ['POST', WALLBOARD_API.displayRevoke(display.id), undefined],
      ['POST', API.agentQueue, { agentId: 'support:1', queueId: queueIds[0], action: 'logout' }],
      ['POST', API.pickup, {}],
      ['POST', API.logout, undefined],
    ];
    for (const [method, url, payload] of routes) {
      for (const auth of [{ token }, { token, cookie: admin }]) {
        const res = await call(method, url, auth, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
    }
    // ?display= on another route is the display's too.
    expect((await call('GET', `${API.queues}?display=${token}`, null)).statusCode).toBe(403);
    // Nothing was revoked by the attempts above.
    expect((await call('GET', WALLBOARD_API.wallboard, { token })).statusCode).toBe(200);
  });

  it('answers 401 for an unknown token and 401 DISPLAY_REVOKED once revoked or deleted', async () => {
    const unknown = await call('GET', WALLBOARD_API.wallboard, { token: 'x'.repeat(32) });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('UNAUTHENTICATED');

    const a = await createDisplay([queueIds[0]!], 'Revoked TV');
    const revoke = await call('POST', WALLBOARD_API.displayRevoke(a.display.id), { cookie: admin });
    expect(revoke.statusCode, revoke.body).toBe(200);
    expect(DisplayChangeResponse.parse(revoke.json()).display.revokedAt).not.toBeNull();
    const res = await call('GET', WALLBOARD_API.wallboard, { token: a.token });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('DISPLAY_REVOKED');
    // A revoked token is not let in anywhere else either.
    expect((await call('GET', API.queues, { token: a.token })).statusCode).toBe(401);

    const b = await createDisplay([queueIds[0]!], 'Deleted TV');
    expect(
      (await call('DELETE', WALLBOARD_API.display(b.display.id), { cookie: admin })).statusCode,
    ).toBe(200);
    const gone = await call('GET', WALLBOARD_API.wallboard, { token: b.token });
    expect(gone.statusCode).toBe(401);
    expect(gone.json().error.code).toBe('DISPLAY_REVOKED');
    const list = DisplaysResponse.parse(
      (await call('GET', WALLBOARD_API.displays, { cookie: admin })).json(),
    );
    expect(list.items.map((d) => d.id)).not.toContain(b.display.id);
    expect(list.items.find((d) => d.id === a.display.id)?.revokedAt).not.toBeNull();
  });

  it('stores only a hash and never lists a token', async () => {
    const { token } = await createDisplay([queueIds[0]!], 'Hash TV');
    const res = await call('GET', WALLBOARD_API.displays, { cookie: admin });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(token);
    const rows = await gw.services.store.rows('displays');
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe('who manages displays and thresholds', () => {
  it('refuses supervisors and viewers with 403 and nobody with 401', async () => {
    const { display } = await createDisplay([queueIds[0]!], 'Guarded TV');
    const routes: Array<[Method, string, unknown]> = [
      ['GET', WALLBOARD_API.displays, undefined],
      ['POST', WALLBOARD_API.displays, { name: 'x', queueIds: [queueIds[0]] }],
      ['PATCH', WALLBOARD_API.display(display.id), { name: 'y' }],
      ['POST', WALLBOARD_API.displayRevoke(display.id), undefined],
      ['DELETE', WALLBOARD_API.display(display.id), undefined],
      ['GET', WALLBOARD_API.queueThresholds(queueIds[0]!), undefined],
      ['PUT', WALLBOARD_API.queueThresholds(queueIds[0]!), DEFAULT_THRESHOLDS],
    ];
    for (const [method, url, payload] of routes) {
      for (const cookie of [supervisor, viewer]) {
        const res = await call(method, url, { cookie }, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
      expect((await call(method, url, null, payload)).statusCode).toBe(401);
    }
    const still = DisplaysResponse.parse(
      (await call('GET', WALLBOARD_API.displays, { cookie: admin })).json(),
    );
    expect(still.items.find((d) => d.id === display.id)).toMatchObject({
      name: 'Guarded TV',
      revokedAt: null,
    });
  });

  it('validates a display: name, known queues, layout', async () => {
    const res = await call(
      'POST',
      WALLBOARD_API.displays,
      { cookie: admin },
      {
        name: '',
        queueIds: [],
        layout: 'carousel',
      },
    );
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['layout', 'name', 'queueIds']);
    const unknown = await call(
      'POST',
      WALLBOARD_API.displays,
      { cookie: admin },
      {
        name: 'TV',
        queueIds: ['support:no-such-queue'],
      },
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.queueIds).toMatch(/not a known queue/);
  });

  it('serves default thresholds, validates a change with field errors, saves and audits it', async () => {
    const q = queueIds[0]!;
    const get = await call('GET', WALLBOARD_API.queueThresholds(q), { cookie: admin });
    expect(get.statusCode).toBe(200);
    expect(QueueThresholds.parse(get.json())).toEqual(DEFAULT_THRESHOLDS);

    const bad = await call(
      'PUT',
      WALLBOARD_API.queueThresholds(q),
      { cookie: admin },
      {
        waiting: { warn: 5, critical: 2 },
        longestWaitSeconds: { warn: -1, critical: 10 },
        serviceLevel: { warn: 70, critical: 90 },
      },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toMatchObject({
      'waiting.critical': expect.any(String),
      'longestWaitSeconds.warn': expect.any(String),
      'serviceLevel.critical': expect.any(String),
    });
    const missing = await call(
      'PUT',
      WALLBOARD_API.queueThresholds(q),
      { cookie: admin },
      { waiting: { warn: 1, critical: 2 } },
    );
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(missing.json().error.fields)).toEqual(
      expect.arrayContaining(['longestWaitSeconds', 'serviceLevel']),
    );

    const next: QueueThresholds = {
      waiting: { warn: 1, critical: 3 },
      longestWaitSeconds: { warn: 15, critical: 45 },
      serviceLevel: { warn: 90, critical: 75.5 },
    };
    const put = await call('PUT', WALLBOARD_API.queueThresholds(q), { cookie: admin }, next);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual(next);
    expect((await call('GET', WALLBOARD_API.queueThresholds(q), { cookie: admin })).json()).toEqual(
      next,
    );

    // The wallboard carries them on its next answer.
    const board = WallboardResponse.parse(
      (await call('GET', WALLBOARD_API.wallboard, { cookie: admin })).json(),
    );
    expect(board.queues.find((x) => x.id === q)?.thresholds).toEqual(next);

    const audit = await call('GET', `${ADMIN_API.audit}?action=queue.thresholds`, {
      cookie: admin,
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'queue.thresholds',
      target: q,
      outcome: 'success',
    });
    expect(audit.json().items[0].details.after).toEqual(next);

    expect(
      (await call('GET', WALLBOARD_API.queueThresholds('support:nope'), { cookie: admin }))
        .statusCode,
    ).toBe(404);
  });

  it('keeps thresholds to the admin’s scope', async () => {
    const scoped = await gw.userCookie('admin', { sources: ['support'], queues: null });
    const salesQueue = queueIds.find((id) => id.startsWith('sales:'))!;
    expect(
      (await call('GET', WALLBOARD_API.queueThresholds(salesQueue), { cookie: scoped })).statusCode,
    ).toBe(404);
    const res = await call(
      'POST',
      WALLBOARD_API.displays,
      { cookie: scoped },
      { name: 'TV', queueIds: [salesQueue] },
    );
    expect(res.statusCode).toBe(400);
  });
});

describe('the wallboard', () => {
  const pick = (q: WallboardQueue) => ({
    name: q.name,
    waiting: q.waiting,
    serviceLevel: q.serviceLevel,
    abandonRate: q.abandonRate,
    answered: q.answered,
    sla: q.sla,
    agents: q.agents,
  });
  const pickQueue = (q: Queue) => ({
    name: q.name,
    waiting: q.live.waiting,
    serviceLevel: q.metrics?.serviceLevel ?? null,
    abandonRate: q.metrics?.abandonRate ?? null,
    answered: q.metrics?.answered ?? null,
    sla: q.sla,
    agents: {
      loggedIn: q.live.agentsLoggedIn,
      available: q.live.agentsAvailable,
      onCall: q.live.agentsOnCall,
      wrapUp: q.live.agentsWrapUp,
      notReady: q.live.agentsNotReady,
    },
  });

  it('shows the numbers /api/v1/queues shows, for the same queues', async () => {
    // The simulated floor moves every second: compare two answers of the same snapshot.
    await eventually(async () => {
      const [a, b] = await Promise.all([
        call('GET', WALLBOARD_API.wallboard, { cookie: supervisor }),
        call('GET', API.queues, { cookie: supervisor }),
      ]);
      const board = WallboardResponse.parse(a.json());
      const queues = QueuesResponse.parse(b.json()).items;
      const boardQueues = board.queues.map(pick);
      const apiQueues = queues
        .filter((q) => board.queues.some((x) => x.id === q.id))
        .map(pickQueue);
      if (board.queues.length !== queues.filter((q) => queueIds.includes(q.id)).length)
        return undefined;
      if (JSON.stringify(boardQueues) !== JSON.stringify(apiQueues)) return undefined;
      expect(board.totals.waiting).toBe(
        queues.filter((q) => queueIds.includes(q.id)).reduce((n, q) => n + q.live.waiting, 0),
      );
      return true;
    }, 15_000);
  });

  it('has totals, sources with their zone, freshness and the gateway clock', async () => {
    const res = await call('GET', WALLBOARD_API.wallboard, { cookie: viewer });
    expect(res.statusCode).toBe(200);
    const board = WallboardResponse.parse(res.json());
    expect(board.display).toBeNull();
    expect(board.sources.map((s) => s.id).sort()).toEqual(['sales', 'support']);
    expect(board.freshness.map((f) => f.sourceId).sort()).toEqual(['sales', 'support']);
    expect(board.timeZone).toBe('UTC');
    expect(Math.abs(Date.parse(board.generatedAt) - Date.now())).toBeLessThan(5_000);
    // Each agent counts once in the totals however many queues they serve.
    const perQueue = board.queues.reduce((n, q) => n + q.agents.loggedIn, 0);
    expect(board.totals.agents.loggedIn).toBeLessThanOrEqual(perQueue);
  });

  it('answers 304 to an unchanged snapshot and keeps users to their scope', async () => {
    // The floor moves every second: read an ETag and send it straight back until both fall
    // within one snapshot.
    await eventually(async () => {
      const first = await call('GET', WALLBOARD_API.wallboard, { cookie: viewer });
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/"/);
      const again = await gw.app.inject({
        method: 'GET',
        url: WALLBOARD_API.wallboard,
        headers: { cookie: viewer, 'if-none-match': etag },
      });
      if (again.statusCode !== 304) return undefined;
      expect(again.body).toBe('');
      expect(Number(again.headers[SERVER_TIME_HEADER])).toBeGreaterThan(0);
      return true;
    });

    const scoped = await gw.userCookie('viewer', { sources: ['support'], queues: null });
    const board = WallboardResponse.parse(
      (await call('GET', WALLBOARD_API.wallboard, { cookie: scoped })).json(),
    );
    expect(board.queues.length).toBeGreaterThan(0);
    expect(board.queues.every((q) => q.sourceId === 'support')).toBe(true);
    expect((await call('GET', WALLBOARD_API.wallboard, null)).statusCode).toBe(401);
  });
});
