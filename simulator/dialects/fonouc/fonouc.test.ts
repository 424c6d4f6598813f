import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../server';
import { FONOUC_STATUS } from './fonouc';

// 11:00 UTC on a fixed day, manual clock: the same world on every run.
const START = Date.UTC(2025, 4, 14, 11) / 1000;
const STATUSES = new Set(Object.values(FONOUC_STATUS));

let sim: RunningSimulator;
let base: string;
let headers: Record<string, string>;

async function login(s: RunningSimulator): Promise<Response> {
  const c = s.credentials.fonouc;
  return fetch(`${c.baseUrl}/api/v2/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: c.username, password: c.password, domain: c.domain }),
  });
}

async function get(path: string, h: Record<string, string> = headers): Promise<Response> {
  return fetch(`${base}/api/v2/${path}`, { headers: h });
}

async function json<T = any>(path: string): Promise<T> {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 42, clock: 'manual', startAt: START });
  base = sim.credentials.fonouc.baseUrl;
  const res = await login(sim);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { access_token: string };
  headers = { authorization: `Bearer ${body.access_token}`, 'x-account-id': sim.credentials.fonouc.accountId };
});

afterAll(async () => {
  await sim?.close();
});

describe('FonoUC dialect: auth', () => {
  it('credentials are deterministic per seed and not trivial', async () => {
    const c = sim.credentials.fonouc;
    expect(c.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fonouc$/);
    expect(c.accountId).toMatch(/^[0-9a-f]{32}$/);
    expect(c.password).not.toMatch(/password/i);
    expect(c.password.length).toBeGreaterThanOrEqual(16);
    const other = await startSimulator({ seed: 42, clock: 'manual', startAt: START });
    const third = await startSimulator({ seed: 43, clock: 'manual', startAt: START });
    try {
      const { baseUrl: _a, ...one } = c;
      const { baseUrl: _b, ...two } = other.credentials.fonouc;
      const { baseUrl: _c, ...three } = third.credentials.fonouc;
      expect(two).toEqual(one);
      expect(three.password).not.toBe(one.password);
      expect(three.accountId).not.toBe(one.accountId);
    } finally {
      await other.close();
      await third.close();
    }
  });

  it('login returns user, a JWT access token and a refresh token', async () => {
    const res = await login(sim);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'refresh_token', 'user']);
    expect(body.access_token.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
    expect(claims.type).toBe('access');
    expect(claims.identity).toMatch(/^[0-9a-f]{32}:support$/);
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(typeof body.refresh_token).toBe('string');
    expect(body.user.email).toBe(sim.credentials.fonouc.username);
  });

  it('rejects bad credentials with 400', async () => {
    const c = sim.credentials.fonouc;
    const attempts = [
      { username: c.username, password: `${c.password}x`, domain: c.domain },
      { username: c.username, password: c.password, domain: 'other' },
      { username: 'nobody@example.com', password: c.password, domain: c.domain },
      { username: c.username },
    ];
    for (const body of attempts) {
      const res = await fetch(`${base}/api/v2/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(400);
    }
  });

  it('needs a live bearer token (401) and the tenant account id (400) on every endpoint', async () => {
    const paths = ['config/users', 'config/queues', 'callcenter/queues/status', 'callcenter/queues/calls', 'reports/callcenter/queues?startDate=0&endDate=1'];
    for (const p of paths) {
      expect((await get(p, { 'x-account-id': headers['x-account-id'] as string })).status, p).toBe(401);
      expect((await get(p, { ...headers, authorization: 'Bearer not-a-token' })).status, p).toBe(401);
      expect((await get(p, { authorization: headers.authorization as string })).status, p).toBe(400);
      expect((await get(p, { ...headers, 'x-account-id': '0'.repeat(32) })).status, p).toBe(400);
    }
    // The vendor doc prints the header with quotes; accept that spelling too.
    expect((await get('config/users', { ...headers, authorization: `"${headers.authorization}"` })).status).toBe(200);
    const put = await fetch(`${base}/api/v2/callcenter/admin/agent/x/login?queueID=y`, { method: 'PUT' });
    expect(put.status).toBe(401);
  });

  it('expired tokens get 401', async () => {
    const short = await startSimulator({ seed: 1, clock: 'manual', startAt: START, tokenTtlSeconds: 1 });
    try {
      const res = await login(short);
      const { access_token } = (await res.json()) as { access_token: string };
      const h = { authorization: `Bearer ${access_token}`, 'x-account-id': short.credentials.fonouc.accountId };
      expect((await fetch(`${short.credentials.fonouc.baseUrl}/api/v2/config/users`, { headers: h })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await fetch(`${short.credentials.fonouc.baseUrl}/api/v2/config/users`, { headers: h })).status).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe('FonoUC dialect: config and live endpoints', () => {
  it('lists users with the seed shape', async () => {
    const users = await json<any[]>('config/users');
    expect(users.length).toBeGreaterThanOrEqual(40);
    const agent = users.find((u) => u.isAgent);
    expect(Object.keys(agent).sort()).toEqual(
      ['email', 'enabled', 'feature_plan', 'first_name', 'has_cellphones', 'id', 'invitation', 'isAgent', 'last_name', 'level', 'presence_id', 'role', 'tags'].sort(),
    );
    expect(agent.id).toMatch(/^[0-9a-f]{32}$/);
    expect(agent.presence_id).toMatch(/^\d+$/);
    expect(agent.invitation).toEqual({ status: 'accepted', history: null });
  });

  it('lists queues, one full object per queue', async () => {
    const queues = await json<any[]>('config/queues');
    expect(queues.map((q) => q.name)).toEqual(['Billing', 'Technical support', 'Sales enquiries']);
    for (const q of queues) {
      expect(q.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(q.max_time_caller_remains_unit).toBe('minutes');
      for (const k of ['strategy', 'wrap_up_time', 'timeout', 'moh', 'extensions', 'dids', 'agents', 'pre_connect', 'crm', 'csat', 'after_call_actions_list', 'misconfigured_agents']) {
        expect(q, k).toHaveProperty(k);
      }
      expect(q.dids[0].did).toMatch(/^\+\d{8,15}$/);
      expect(q.agents[0]).toMatchObject({ type: 'user', delay: 0 });
    }
  });

  it('queue status is an array of queues with agents and consistent counts', async () => {
    const status = await json<any[]>('callcenter/queues/status');
    expect(Array.isArray(status)).toBe(true);
    expect(status).toHaveLength(3);
    let sawConference = false;
    for (const q of status) {
      expect(q.total_agents).toBe(q.agents.length);
      expect(q.logged_in_agents + q.logged_out_agents).toBe(q.total_agents);
      expect(q.agents.filter((a: any) => a.logged_in)).toHaveLength(q.logged_in_agents);
      for (const a of q.agents) {
        expect(Object.keys(a).sort()).toEqual(['conference', 'delay', 'extension', 'id', 'logged_in', 'name', 'registered', 'status', 'timeout']);
        expect(STATUSES.has(a.status)).toBe(true);
        expect(typeof a.extension).toBe('string');
        if (a.status === 'connected') {
          sawConference = true;
          expect(a.conference).toMatchObject({ answered: true, participants: 2 });
          expect(a.conference.caller.number).toMatch(/^\+\d+$/);
          expect(typeof a.conference.duration).toBe('number');
        }
        if (a.status === 'idle' || a.status === 'logged_out' || a.status === 'busy') expect(a.conference).toBeNull();
      }
    }
    expect(sawConference).toBe(true);
  });

  it('queue calls include waiting callers (answered false, agent null) and connected calls (ext number)', async () => {
    // Move the clock until somebody waits (a busy morning gets there quickly).
    let calls: any[] = [];
    for (let i = 0; i < 120; i++) {
      calls = await json<any[]>('callcenter/queues/calls');
      if (calls.some((c) => !c.answered && c.agent === null)) break;
      sim.advance(30);
    }
    const waiting = calls.find((c) => !c.answered && c.agent === null);
    expect(waiting).toBeDefined();
    expect(waiting.participants).toBe(1);
    expect(Number.isInteger(waiting.duration)).toBe(true);
    const connected = calls.find((c) => c.answered);
    expect(connected).toBeDefined();
    expect(typeof connected.agent.ext).toBe('number');
    expect(connected.caller).toMatchObject({ hear: expect.any(Boolean), speak: expect.any(Boolean) });
    expect(['Billing', 'Technical support', 'Sales enquiries']).toContain(connected.name);
  });

  it('serves whole-floor answers once per tick: same bytes within a tick, rebuilt after', async () => {
    const first = await get('callcenter/queues/status');
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await first.text();
    expect(await (await get('callcenter/queues/status')).text()).toBe(body);
    sim.advance(120);
    const later = await (await get('callcenter/queues/status')).text();
    expect(later).not.toBe(body);
    expect(Array.isArray(JSON.parse(later))).toBe(true);
  });

  it('logs an agent out of and into a queue (204) and rejects unknown ids (400)', async () => {
    const status = await json<any[]>('callcenter/queues/status');
    const queue = status[0];
    const agent = queue.agents.find((a: any) => a.registered && a.logged_in) ?? queue.agents[0];
    const put = (action: string, user: string, q: string | null) =>
      fetch(`${base}/api/v2/callcenter/admin/agent/${user}/${action}${q === null ? '' : `?queueID=${q}`}`, { method: 'PUT', headers });

    const out = await put('logout', agent.id, queue.id);
    expect(out.status).toBe(204);
    expect(await out.text()).toBe('');
    let after = (await json<any[]>('callcenter/queues/status'))[0].agents.find((a: any) => a.id === agent.id);
    expect(after.logged_in).toBe(false);
    expect((await put('login', agent.id, queue.id)).status).toBe(204);
    after = (await json<any[]>('callcenter/queues/status'))[0].agents.find((a: any) => a.id === agent.id);
    expect(after.logged_in).toBe(agent.registered);

    expect((await put('login', 'f'.repeat(32), queue.id)).status).toBe(400);
    expect((await put('login', agent.id, '00000000-0000-4000-8000-000000000000')).status).toBe(400);
    expect((await put('login', agent.id, null)).status).toBe(400);
  });
});

describe('FonoUC dialect: queue CDR report', () => {
  it('pages with start_key until next_start_key is "" and keeps the seed quirks', async () => {
    const start = Date.UTC(2025, 4, 14) / 1000;
    const end = start + 6 * 3600;
    const seen: any[] = [];
    let key = '';
    let pages = 0;
    do {
      const body = await json<any>(`reports/callcenter/queues?startDate=${start}&endDate=${end}&pageSize=40${key ? `&start_key=${encodeURIComponent(key)}` : ''}`);
      expect(body.page_size).toBe(body.data.length);
      seen.push(...body.data);
      key = body.next_start_key;
      expect(typeof key).toBe('string');
      pages++;
    } while (key !== '' && pages < 500);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen.map((c) => c.callid)).size).toBe(seen.length);
    // The default page size bounds a page; one unpaged call with a big pageSize gives the same set.
    const all = await json<any>(`reports/callcenter/queues?startDate=${start}&endDate=${end}&pageSize=1000`);
    expect(all.next_start_key).toBe('');
    expect(all.data.map((c: any) => c.callid)).toEqual(seen.map((c) => c.callid));

    for (const c of seen) {
      expect(c.timestamp).toBeGreaterThanOrEqual(start);
      expect(c.timestamp).toBeLessThanOrEqual(end);
      expect(typeof c.billing_seconds).toBe('string');
      expect(c.caller_id_name).toMatch(/^".*"$/);
      const [greg, hex] = c.interaction_id.split('-');
      expect(Number(greg) - 62167219200).toBe(c.timestamp);
      expect(hex).toMatch(/^[0-9a-f]{8}$/);
      expect(c.called_time).toBeLessThanOrEqual(c.hangup_time);
      for (const h of c.agent_history) expect(typeof h.ext).toBe('string');
      if (c.disposition === 'ANSWER') {
        expect(c.agent_answered_ext).not.toBe('');
      } else {
        expect(c.agent_answered_name).toBe(' ');
      }
    }
    expect(seen.some((c) => !Number.isInteger(c.called_time))).toBe(true);
    expect(seen.some((c) => c.disposition !== 'ANSWER')).toBe(true);
  });

  it('reads endDate in milliseconds as well as seconds', async () => {
    const start = Date.UTC(2025, 4, 14, 2) / 1000;
    const a = await json<any>(`reports/callcenter/queues?startDate=${start}&endDate=${start + 3600}&pageSize=1000`);
    const b = await json<any>(`reports/callcenter/queues?startDate=${start}&endDate=${(start + 3600) * 1000 + 220}&pageSize=1000`);
    expect(a.data.length).toBeGreaterThan(0);
    expect(b.data.map((c: any) => c.callid)).toEqual(a.data.map((c: any) => c.callid));
  });

  it('rejects missing or bad dates and bad start keys with 400', async () => {
    expect((await get('reports/callcenter/queues')).status).toBe(400);
    expect((await get('reports/callcenter/queues?startDate=abc&endDate=1')).status).toBe(400);
    expect((await get('reports/callcenter/queues?startDate=10&endDate=5')).status).toBe(400);
    expect((await get('reports/callcenter/queues?startDate=0&endDate=5&start_key=%%%')).status).toBe(400);
    expect((await get('reports/callcenter/queues?startDate=0&endDate=5&pageSize=0')).status).toBe(400);
  });
});
