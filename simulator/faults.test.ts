import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './server';

const START = Date.UTC(2025, 4, 14, 11) / 1000;

let sim: RunningSimulator;
let headers: Record<string, string>;

const users = () => `${sim.credentials.fonouc.baseUrl}/api/v2/config/users`;

async function fonoucLogin(): Promise<string> {
  const c = sim.credentials.fonouc;
  const res = await fetch(`${c.baseUrl}/api/v2/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: c.username, password: c.password, domain: c.domain }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sim.url}/__sim/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

async function setFaults(body: Record<string, unknown>): Promise<void> {
  const res = await control('POST', 'faults', body);
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, clock: 'manual', startAt: START });
  headers = { authorization: `Bearer ${await fonoucLogin()}`, 'x-account-id': sim.credentials.fonouc.accountId };
});

afterEach(async () => {
  expect((await control('DELETE', 'faults')).status).toBe(204);
});

afterAll(async () => {
  await sim?.close();
});

describe('/__sim/ faults, observed on the wire', () => {
  it('added latency', async () => {
    await setFaults({ dialect: 'fonouc', latencyMs: 300 });
    let t0 = performance.now();
    expect((await fetch(users(), { headers })).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
    await control('DELETE', 'faults?dialect=fonouc');
    t0 = performance.now();
    await fetch(users(), { headers });
    expect(performance.now() - t0).toBeLessThan(250);
  });

  it('share of 5xx', async () => {
    await setFaults({ dialect: 'fonouc', errorRate: 1, errorStatus: 502 });
    expect((await fetch(users(), { headers })).status).toBe(502);
    await setFaults({ dialect: 'fonouc', errorRate: 0.5 });
    const codes = await Promise.all(Array.from({ length: 40 }, () => fetch(users(), { headers }).then((r) => r.status)));
    expect(codes.filter((c) => c === 502).length).toBeGreaterThan(5);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThan(5);
    await control('DELETE', 'faults');
    expect((await fetch(users(), { headers })).status).toBe(200);
  });

  it('429 with Retry-After', async () => {
    await setFaults({ dialect: 'fonouc', rateLimitRate: 1, retryAfterSeconds: 7 });
    const res = await fetch(users(), { headers });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it('malformed JSON keeps status 200 but the body does not parse', async () => {
    await setFaults({ dialect: 'fonouc', malformedRate: 1 });
    const res = await fetch(users(), { headers });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    await control('DELETE', 'faults');
    expect(() => JSON.parse('x')).toThrow();
    const ok = await fetch(users(), { headers });
    expect(Array.isArray(await ok.json())).toBe(true);
  });

  it('revoked tokens get 401 on the next call; a new login works', async () => {
    await setFaults({ dialect: 'fonouc', revokeTokens: true });
    expect((await fetch(users(), { headers })).status).toBe(401);
    headers = { ...headers, authorization: `Bearer ${await fonoucLogin()}` };
    expect((await fetch(users(), { headers })).status).toBe(200);
  });

  it('token lifetime override applies to new logins', async () => {
    await setFaults({ dialect: 'portsip', tokenTtlSeconds: 5 });
    const c = sim.credentials.portsip;
    const res = await fetch(`${c.baseUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: c.username, password: c.password, domain: c.domain }),
    });
    expect(((await res.json()) as { expires_in: number }).expires_in).toBe(5);
  });

  it('hanging requests never answer until the fault is cleared', async () => {
    await setFaults({ dialect: 'fonouc', hang: true });
    await expect(fetch(users(), { headers, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    const pending = fetch(users(), { headers });
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false);
    const view = (await (await control('GET', 'faults')).json()) as Record<string, { hung: number }>;
    expect(view.fonouc?.hung).toBeGreaterThanOrEqual(1);
    await control('DELETE', 'faults');
    expect((await pending).status).toBe(200);
  });

  it('vendor down destroys the connection; other dialects are unaffected', async () => {
    await setFaults({ dialect: 'fonouc', down: true });
    await expect(fetch(users(), { headers })).rejects.toThrow();
    const other = await fetch(`${sim.credentials.portsip.baseUrl}/api/login`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(other.status).toBeLessThan(500);
    await control('DELETE', 'faults');
    expect((await fetch(users(), { headers })).status).toBe(200);
  });

  it('rejects invalid fault settings and unknown dialects without changing anything', async () => {
    expect((await control('POST', 'faults', { dialect: 'fonouc', errorRate: 2 })).status).toBe(400);
    expect((await control('POST', 'faults', { dialect: 'nope', latencyMs: 5 })).status).toBe(400);
    const view = (await (await control('GET', 'faults')).json()) as Record<string, { errorRate: number }>;
    expect(view.fonouc?.errorRate).toBe(0);
  });
});

describe('/__sim/ requests and clock', () => {
  it('counts vendor requests per dialect and path, and resets', async () => {
    expect((await control('POST', 'requests/reset')).status).toBe(204);
    await fetch(users(), { headers });
    await fetch(users(), { headers });
    await fetch(`${sim.credentials.fonouc.baseUrl}/api/v2/callcenter/queues/status`, { headers });
    await control('GET', 'state'); // control traffic is not vendor traffic
    const counts = (await (await control('GET', 'requests')).json()) as any;
    expect(counts.total).toBe(3);
    expect(counts.dialects.fonouc.paths['GET /api/v2/config/users']).toBe(2);
    expect(counts.dialects.fonouc.paths['GET /api/v2/callcenter/queues/status']).toBe(1);
    await control('POST', 'requests/reset');
    expect(((await (await control('GET', 'requests')).json()) as any).total).toBe(0);
  });

  it('advances the manual clock (and refuses on a real clock)', async () => {
    const before = sim.tenants.fonouc?.[0]?.time as number;
    const res = await control('POST', 'advance', { seconds: 90 });
    expect(res.status).toBe(200);
    expect(sim.tenants.fonouc?.[0]?.time).toBe(before + 90);
    expect((await control('POST', 'advance', { seconds: -1 })).status).toBe(400);
    const real = await startSimulator({ seed: 1 });
    try {
      const r = await fetch(`${real.url}/__sim/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":5}' });
      expect(r.status).toBe(409);
    } finally {
      await real.close();
    }
  });

  it('close() releases hanging requests promptly', async () => {
    const s = await startSimulator({ seed: 2, clock: 'manual', startAt: START });
    await fetch(`${s.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hang":true}' });
    const hung = fetch(`${s.credentials.fonouc.baseUrl}/api/v2/config/users`).then(
      (r) => r.status,
      () => 'aborted',
    );
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    await s.close();
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(await hung).toBe('aborted');
  });
});
