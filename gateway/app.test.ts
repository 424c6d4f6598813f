import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { QueuesResponse } from '@contract/queue';
import { AgentsResponse } from '@contract/agent';
import { CallsResponse } from '@contract/call';
import { FETCHED_AT_HEADER, SourcesResponse, withFetchedAt } from '@contract/source';
import { API } from '@contract/api';
import Ajv2020 from 'ajv/dist/2020';
import { startSimProcess, type SimProcess } from './test-support/sim-process';
import { eventually, simConfig, startTestGateway, type TestGateway } from './test-support/gateway';

let sim: SimProcess;
let gw: TestGateway;
let admin: string;
const csrf = { [CSRF_HEADER]: CSRF_VALUE };

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '7']);
  gw = await startTestGateway(simConfig(sim));
  admin = await gw.userCookie('admin');
  await eventually(() => gw.services.live.lookup('support') ?? undefined);
  await eventually(() => gw.services.live.lookup('sales') ?? undefined);
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await sim?.stop();
});

async function getJson(url: string, cookie = admin) {
  const res = await gw.app.inject({ method: 'GET', url, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as unknown;
}

describe('authentication and roles', () => {
  it('refuses an unauthenticated API call with 401 in the contract error shape', async () => {
    for (const url of [API.queues, API.agents, API.calls, API.sources, API.me]) {
      const res = await gw.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: { code: 'UNAUTHENTICATED', message: expect.any(String) },
      });
    }
  });

  it('answers a wrong password with "Invalid username or password"', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: API.login,
      headers: csrf,
      payload: { username: 'nobody', password: 'wrong-password' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('Invalid username or password');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie', async () => {
    await gw.userCookie('viewer');
    const res = await gw.app.inject({
      method: 'POST',
      url: API.login,
      headers: csrf,
      payload: { username: 'viewer-2', password: 'pw-viewer-2-long-enough' },
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
  });

  it('limits failed sign-in attempts to 10 a minute per user, then 429 with Retry-After', async () => {
    const attempt = () =>
      gw.app.inject({
        method: 'POST',
        url: API.login,
        headers: csrf,
        payload: { username: 'target-user', password: 'guess' },
        remoteAddress: `10.0.0.${Math.floor(Math.random() * 200)}`,
      });
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await attempt()).statusCode);
    expect(codes).toEqual(Array(10).fill(401));
    const last = await attempt();
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.json().error.code).toBe('RATE_LIMITED');
  });

  it('limits failed sign-ins per address too, whatever the username', async () => {
    const attempt = (i: number) =>
      gw.app.inject({
        method: 'POST',
        url: API.login,
        headers: csrf,
        payload: { username: `spray-${i}`, password: 'guess' },
        remoteAddress: '192.0.2.77',
      });
    for (let i = 0; i < 10; i++) expect((await attempt(i)).statusCode).toBe(401);
    expect((await attempt(10)).statusCode).toBe(429);
  });

  it('refuses agent logout for a viewer with 403', async () => {
    const viewer = await gw.userCookie('viewer');
    const live = gw.services.live.lookup('support')!;
    const agent = live.agents[0]!;
    const res = await gw.app.inject({
      method: 'POST',
      url: API.agentQueue,
      headers: { ...csrf, cookie: viewer },
      payload: { agentId: agent.id, queueId: agent.queues[0]!.queueId, action: 'logout' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });

  it('refuses a POST without the CSRF header, or from another origin, with 403', async () => {
    const noHeader = await gw.app.inject({
      method: 'POST',
      url: API.agentQueue,
      headers: { cookie: admin },
      payload: { agentId: 'support:x', queueId: 'support:y', action: 'logout' },
    });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('CSRF');
    const crossOrigin = await gw.app.inject({
      method: 'POST',
      url: API.logout,
      headers: { ...csrf, cookie: admin, origin: 'https://evil.example', host: 'localhost:80' },
    });
    expect(crossOrigin.statusCode).toBe(403);
  });

  it('lets only admins create users, with field-level validation errors', async () => {
    const sup = await gw.userCookie('supervisor');
    const denied = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...csrf, cookie: sup },
      payload: { username: 'x1', password: 'long-enough-password', role: 'viewer' },
    });
    expect(denied.statusCode).toBe(403);
    const bad = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...csrf, cookie: admin },
      payload: { username: 'a b', password: 'short', role: 'boss' },
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['password', 'role', 'username']);
  });

  it('sends the security headers', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('live data from the FonoUC simulator', () => {
  it('serves queues, agents and calls in the contract shape', async () => {
    const queues = QueuesResponse.parse(await getJson(API.queues));
    expect(
      queues.items
        .filter((q) => q.sourceId === 'support')
        .map((q) => q.name)
        .sort(),
    ).toEqual(['Billing', 'Sales enquiries', 'Technical support']);
    expect(queues.items.filter((q) => q.sourceId === 'sales').length).toBeGreaterThanOrEqual(2);
    expect(queues.freshness).toEqual([
      expect.objectContaining({ sourceId: 'support', error: null, stale: false }),
      expect.objectContaining({ sourceId: 'sales', error: null, stale: false }),
    ]);
    const agents = AgentsResponse.parse(await getJson(API.agents));
    expect(agents.items.length).toBeGreaterThan(20);
    for (const a of agents.items) expect(a.stateSince).not.toBeNull();
    for (const q of queues.items) {
      const loggedIn = agents.items.filter((a) =>
        a.queues.some((m) => m.queueId === q.id && m.loggedIn),
      );
      expect(q.live.agentsLoggedIn).toBe(loggedIn.length);
      expect(
        q.live.agentsAvailable + q.live.agentsOnCall + q.live.agentsWrapUp + q.live.agentsNotReady,
      ).toBeLessThanOrEqual(q.live.agentsLoggedIn);
    }
    const calls = CallsResponse.parse(await getJson(API.calls));
    const waitingTotal = queues.items.reduce((n, q) => n + q.live.waiting, 0);
    expect(calls.waiting.length).toBe(waitingTotal);
    const sources = SourcesResponse.parse(await getJson(API.sources));
    expect(sources.items[0]).toMatchObject({ id: 'support', kind: 'fonouc', label: 'Support' });
    expect(sources.items[1]).toMatchObject({ id: 'sales', kind: 'portsip', label: 'Sales' });
    expect(sources.items[1]!.capabilities.agentStates).toContain('break');
    expect(sources.items[0]!.capabilities.agentQueueLogin).toBe(true);
  });

  it('answers an unchanged snapshot with 304 to If-None-Match', async () => {
    const first = await gw.app.inject({
      method: 'GET',
      url: API.queues,
      headers: { cookie: admin },
    });
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await gw.app.inject({
      method: 'GET',
      url: API.queues,
      headers: { cookie: admin, 'if-none-match': etag },
    });
    // The snapshot may have moved on between the two requests; either way the answer is coherent.
    if (again.headers.etag === etag) expect(again.statusCode).toBe(304);
    else expect(again.statusCode).toBe(200);
  });

  it("sends each source's latest good poll on every live answer, 304s included", async () => {
    // An unchanged snapshot keeps its body (and the fetchedAt in it) so screens get 304s; without
    // this header a quiet floor would look stale after two polls.
    const supportAt = (header: unknown): number => {
      const [f] = withFetchedAt(
        [{ sourceId: 'support', fetchedAt: null, error: null, errorSince: null, stale: false }],
        typeof header === 'string' ? header : null,
      );
      return f?.fetchedAt ? Date.parse(f.fetchedAt) : NaN;
    };
    for (const url of [API.agents, API.queues, API.calls, '/api/v1/wallboard']) {
      const first = await gw.app.inject({ method: 'GET', url, headers: { cookie: admin } });
      expect(first.statusCode).toBe(200);
      const h0 = supportAt(first.headers[FETCHED_AT_HEADER]);
      const body = first.json<{ freshness: { sourceId: string; fetchedAt: string }[] }>();
      const bodyAt = Date.parse(body.freshness.find((f) => f.sourceId === 'support')!.fetchedAt);
      expect(h0).toBeGreaterThanOrEqual(bodyAt);
      // The support source polls every second: wait for a newer poll, then revalidate.
      const again = await eventually(async () => {
        const r = await gw.app.inject({
          method: 'GET',
          url,
          headers: { cookie: admin, 'if-none-match': first.headers.etag as string },
        });
        return supportAt(r.headers[FETCHED_AT_HEADER]) > h0 ? r : undefined;
      });
      expect([200, 304]).toContain(again.statusCode);
      if (again.statusCode === 304) expect(again.body).toBe('');
    }
  });

  it('logs an agent out of a queue, audits it, and the next read shows it', async () => {
    const live = gw.services.live.lookup('support')!;
    const agent = live.agents.find((a) => a.queues.some((m) => m.loggedIn))!;
    const membership = agent.queues.find((m) => m.loggedIn)!;
    const res = await gw.app.inject({
      method: 'POST',
      url: API.agentQueue,
      headers: { ...csrf, cookie: admin },
      payload: { agentId: agent.id, queueId: membership.queueId, action: 'logout' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, auditId: expect.any(Number) });
    const agents = AgentsResponse.parse(await getJson(API.agents));
    const after = agents.items.find((a) => a.id === agent.id)!;
    expect(after.queues.find((m) => m.queueId === membership.queueId)!.loggedIn).toBe(false);
    const record = (await gw.services.audit.list(5)).find((r) => r.id === res.json().auditId)!;
    expect(record).toMatchObject({
      action: 'agent.queue.logout',
      outcome: 'success',
      sourceId: 'support',
    });
  });

  it('turns a vendor refusal into a plain message and audits the failure', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: API.agentQueue,
      headers: { ...csrf, cookie: admin },
      payload: {
        agentId: 'support:ffffffffffffffffffffffffffffffff',
        queueId: 'support:nope',
        action: 'login',
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'VENDOR_ERROR',
      message: expect.stringContaining('FonoUC'),
    });
    expect((await gw.services.audit.list(1))[0]).toMatchObject({
      outcome: 'failure',
      vendorCode: '400',
    });
  });

  it('rejects an action body with field-level errors', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: API.agentQueue,
      headers: { ...csrf, cookie: admin },
      payload: { agentId: '', action: 'dance' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toMatchObject({
      agentId: expect.any(String),
      queueId: expect.any(String),
      action: expect.any(String),
    });
  });

  it('never sends a vendor credential in any response', async () => {
    const f = sim.credentials.fonouc;
    const bodies: string[] = [];
    for (const url of [
      API.queues,
      API.agents,
      API.calls,
      API.sources,
      API.me,
      '/api/v1/users',
      '/healthz',
    ]) {
      const res = await gw.app.inject({ method: 'GET', url, headers: { cookie: admin } });
      bodies.push(res.body, JSON.stringify(res.headers));
    }
    const all = bodies.join('\n');
    expect(all).not.toContain(f.password);
    expect(all).not.toContain(f.accountId);
  });

  it('keeps the last good data with the error while the vendor fails, and recovers', async () => {
    await sim.control('POST', 'faults', { dialect: 'fonouc', errorRate: 1 });
    try {
      const stale = await eventually(async () => {
        const q = QueuesResponse.parse(await getJson(API.queues));
        return q.freshness[0]!.error ? q : undefined;
      });
      expect(stale.items.filter((q) => q.sourceId === 'support').length).toBe(3);
      // One failing vendor never takes the others down.
      expect(stale.freshness[1]).toMatchObject({ sourceId: 'sales', error: null });
      expect(stale.freshness[0]!.stale).toBe(true);
      expect(stale.freshness[0]!.errorSince).not.toBeNull();
    } finally {
      await sim.control('DELETE', 'faults');
    }
    const fresh = await eventually(async () => {
      const q = QueuesResponse.parse(await getJson(API.queues));
      return q.freshness[0]!.error === null ? q : undefined;
    });
    expect(fresh.freshness[0]!.stale).toBe(false);
  });

  it('logs in again without a visible error when the token is revoked', async () => {
    await sim.control('POST', 'faults', { dialect: 'fonouc', revokeTokens: true });
    const before = gw.services.live.source('support')!.poller!.snapshot().fetchedAt!;
    const snap = await eventually(() => {
      const s = gw.services.live.source('support')!.poller!.snapshot();
      return s.fetchedAt! > before + 1500 ? s : undefined;
    });
    expect(snap.error).toBeNull();
  });

  it('costs the vendor the same whether 1 or 200 clients poll', async () => {
    const count = async () =>
      ((await sim.control('GET', 'requests')) as { dialects: Record<string, { total: number }> })
        .dialects.fonouc?.total ?? 0;
    const measure = async (clients: number) => {
      const start = await count();
      const end = Date.now() + 3000;
      while (Date.now() < end) {
        await Promise.all(
          Array.from({ length: clients }, () =>
            gw.app.inject({ method: 'GET', url: API.queues, headers: { cookie: admin } }),
          ),
        );
        await new Promise((r) => setTimeout(r, 250));
      }
      return (await count()) - start;
    };
    const one = await measure(1);
    const many = await measure(200);
    expect(one).toBeGreaterThan(0);
    // Same poll cadence either way; allow one poll cycle (2 requests) of timing slack.
    expect(Math.abs(many - one)).toBeLessThanOrEqual(2);
  }, 20_000);
});

describe('PortSIP actions through the gateway', () => {
  it('puts an agent on a break, and the agents answer shows it', async () => {
    const live = gw.services.live.lookup('sales')!;
    const agent = live.agents.find((a) => a.queues.some((m) => m.loggedIn))!;
    const queueId = agent.queues.find((m) => m.loggedIn)!.queueId;
    const res = await gw.app.inject({
      method: 'POST',
      url: API.agentState,
      headers: { ...csrf, cookie: admin },
      payload: { agentId: agent.id, queueId, state: 'break', reason: 'Coffee' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, message: 'Agent set to Break' });
    const agents = AgentsResponse.parse(await getJson(API.agents));
    const after = agents.items.find((a) => a.id === agent.id)!;
    // A state change asked for mid-call lands when the call ends; otherwise it shows at once.
    expect(['break', 'on_queue_call', 'on_other_call', 'ringing', 'wrap_up']).toContain(
      after.state,
    );
    const back = await gw.app.inject({
      method: 'POST',
      url: API.agentState,
      headers: { ...csrf, cookie: admin },
      payload: { agentId: agent.id, queueId, state: 'ready' },
    });
    expect(back.statusCode).toBe(200);
  });

  it('refuses a state FonoUC cannot set, and a state change by a viewer', async () => {
    const live = gw.services.live.lookup('support')!;
    const agent = live.agents[0]!;
    const res = await gw.app.inject({
      method: 'POST',
      url: API.agentState,
      headers: { ...csrf, cookie: admin },
      payload: { agentId: agent.id, queueId: agent.queues[0]!.queueId, state: 'break' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('UNSUPPORTED');
    const viewer = await gw.userCookie('viewer');
    const denied = await gw.app.inject({
      method: 'POST',
      url: API.agentState,
      headers: { ...csrf, cookie: viewer },
      payload: { agentId: agent.id, queueId: agent.queues[0]!.queueId, state: 'break' },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('answers a pickup of a caller who is not waiting with 404', async () => {
    const live = gw.services.live.lookup('sales')!;
    const res = await gw.app.inject({
      method: 'POST',
      url: API.pickup,
      headers: { ...csrf, cookie: admin },
      payload: { queueId: live.queues[0]!.id, waitingId: 'sales:gone' },
    });
    expect(res.statusCode).toBe(404);
  });

  it('keeps a scoped supervisor inside their scope', async () => {
    const live = gw.services.live.lookup('support')!;
    const billing = live.queues.find((q) => q.name === 'Billing')!;
    const scoped = await gw.userCookie('supervisor', {
      sources: ['support'],
      queues: [billing.id],
    });
    const queues = QueuesResponse.parse(await getJson(API.queues, scoped));
    expect(queues.items.map((q) => q.id)).toEqual([billing.id]);
    const agents = AgentsResponse.parse(await getJson(API.agents, scoped));
    for (const a of agents.items)
      expect(a.queues.every((m) => m.queueId === billing.id)).toBe(true);
    const other = live.queues.find((q) => q.id !== billing.id)!;
    const agent = live.agents.find((a) => a.queues.some((m) => m.queueId === other.id))!;
    const res = await gw.app.inject({
      method: 'POST',
      url: API.agentQueue,
      headers: { ...csrf, cookie: scoped },
      payload: { agentId: agent.id, queueId: other.id, action: 'logout' },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('operators', () => {
  it('publishes an OpenAPI document generated from the contract that real answers validate against', async () => {
    expect((await gw.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).statusCode).toBe(
      401,
    );
    const doc = (await getJson('/api/v1/openapi.json')) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { responses: Record<string, { content?: Record<string, { schema: object }> }> }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false });
    for (const url of [API.queues, API.agents, API.calls, API.sources]) {
      const schema = doc.paths[url]!.get!.responses['200']!.content!['application/json']!.schema;
      const validate = ajv.compile(schema);
      const body = await getJson(url);
      expect(validate(body), `${url}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(validate({ items: 'nope' })).toBe(false);
    }
  });

  it('serves Prometheus metrics to loopback only, without secrets', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(
      /^queuedeck_polls_total\{source="support",resource="live"\} [1-9]\d*$/m,
    );
    expect(res.body).toMatch(/^queuedeck_vendor_requests_last_minute\{source="sales"\} \d+$/m);
    expect(res.body).toMatch(
      /^queuedeck_actions_total\{action="agent.queue.logout",outcome="success"\} [1-9]/m,
    );
    expect(res.body).not.toContain(sim.credentials.fonouc.password);
    const remote = await gw.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
    });
    expect(remote.statusCode).toBe(403);
  });
});
