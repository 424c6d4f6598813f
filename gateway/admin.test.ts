import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { API } from '@contract/api';
import { SessionResponse, type Role, type Scope, type User } from '@contract/auth';
import { ADMIN_API, AuditResponse, UserChangeResponse, UsersResponse } from '@contract/admin';
import { QueuesResponse } from '@contract/queue';
import { startSimProcess, type SimProcess } from './test-support/sim-process';
import { eventually, simConfig, startTestGateway, type TestGateway } from './test-support/gateway';

// Issue 5, admin: users and the audit trail, against a gateway polling the simulator process (the
// scope checks need real queue ids).

let sim: SimProcess;
let gw: TestGateway;
let admin: string;
let adminUser: User;
let supervisor: string;
let viewer: string;
const csrf = { [CSRF_HEADER]: CSRF_VALUE };
let seq = 0;
/** A fresh client address per sign-in, so refused attempts never trip the login rate limit. */
const nextAddress = () => `10.9.${Math.floor(++seq / 250)}.${seq % 250}`;

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '5']);
  gw = await startTestGateway(simConfig(sim));
  admin = await gw.userCookie('admin');
  supervisor = await gw.userCookie('supervisor');
  viewer = await gw.userCookie('viewer');
  adminUser = SessionResponse.parse(
    (await gw.app.inject({ method: 'GET', url: API.me, headers: { cookie: admin } })).json(),
  ).user;
  await eventually(() => gw.services.live.lookup('support') ?? undefined);
  await eventually(() => gw.services.live.lookup('sales') ?? undefined);
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await sim?.stop();
});

function call(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  cookie: string | null,
  payload?: unknown,
) {
  return gw.app.inject({
    method,
    url,
    headers: { ...(method === 'GET' ? {} : csrf), ...(cookie ? { cookie } : {}) },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function signIn(username: string, password: string) {
  const res = await gw.app.inject({
    method: 'POST',
    url: API.login,
    headers: csrf,
    payload: { username, password },
    remoteAddress: nextAddress(),
  });
  const c = res.cookies.find((x) => x.name === gw.services.cookieName);
  return { status: res.statusCode, cookie: c ? `${c.name}=${c.value}` : null };
}

async function createUser(
  role: Role,
  scope?: Scope,
): Promise<{ user: User; password: string; username: string }> {
  const username = `made-${role}-${++seq}`;
  const password = `a-long-password-${seq}`;
  const res = await call('POST', ADMIN_API.users, admin, { username, password, role, scope });
  expect(res.statusCode, res.body).toBe(201);
  const body = UserChangeResponse.parse(res.json());
  return { user: body.user, password, username };
}

async function audit(query: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const res = await call('GET', `${ADMIN_API.audit}?${qs}`, admin);
  expect(res.statusCode, res.body).toBe(200);
  return AuditResponse.parse(res.json());
}

describe('who may administer', () => {
  it('refuses every admin route to supervisors and viewers with 403, and to nobody with 401', async () => {
    const { user } = await createUser('viewer');
    const routes: Array<['GET' | 'POST' | 'PATCH', string, unknown]> = [
      ['GET', ADMIN_API.users, undefined],
      [
        'POST',
        ADMIN_API.users,
        { username: 'sneaky', password: 'long-enough-password', role: 'admin' },
      ],
      ['PATCH', ADMIN_API.user(user.id), { role: 'admin' }],
      ['POST', ADMIN_API.userPassword(user.id), { password: 'long-enough-password' }],
      ['GET', ADMIN_API.audit, undefined],
    ];
    for (const [method, url, payload] of routes) {
      for (const cookie of [supervisor, viewer]) {
        const res = await call(method, url, cookie, payload);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
      expect((await call(method, url, null, payload)).statusCode).toBe(401);
    }
    // Nothing changed: the viewer is still a viewer and "sneaky" does not exist.
    expect((await gw.services.users.get(user.id))?.role).toBe('viewer');
    expect(await gw.services.users.findByUsername('sneaky')).toBeNull();
  });

  it('needs the CSRF header on every change', async () => {
    const res = await gw.app.inject({
      method: 'PATCH',
      url: ADMIN_API.user(adminUser.id),
      headers: { cookie: admin },
      payload: { role: 'viewer' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF');
  });
});

describe('users', () => {
  it('lists users without a password hash anywhere in the answer', async () => {
    await createUser('supervisor');
    const res = await call('GET', ADMIN_API.users, admin);
    expect(res.statusCode).toBe(200);
    const list = UsersResponse.parse(res.json());
    expect(list.items.map((u) => u.username)).toContain(adminUser.username);
    expect(res.body).not.toMatch(/scrypt|password/i);
    for (const u of res.json().items as object[]) {
      expect(Object.keys(u).sort()).toEqual([
        'createdAt',
        'disabled',
        'id',
        'role',
        'scope',
        'username',
      ]);
    }
  });

  it('creates a user who can sign in, and answers 409 for a taken username', async () => {
    const { username, password, user } = await createUser('campaign_manager');
    expect(user).toMatchObject({ username, role: 'campaign_manager', disabled: false });
    expect(user.scope).toEqual({ sources: null, queues: null });
    expect((await signIn(username, password)).status).toBe(200);

    const again = await call('POST', ADMIN_API.users, admin, {
      username: username.toUpperCase(),
      password: 'another-long-password',
      role: 'viewer',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'CONFLICT',
      fields: { username: 'is taken' },
    });
  });

  it('names each bad field of a create, an update and a password reset', async () => {
    const bad = await call('POST', ADMIN_API.users, admin, {
      username: 'a b',
      password: 'short',
      role: 'boss',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({
      username: expect.any(String),
      password: 'must be at least 12 characters',
      role: expect.stringContaining('must be one of'),
    });

    const badScope = await call('POST', ADMIN_API.users, admin, {
      username: 'scoped-wrong',
      password: 'long-enough-password',
      role: 'viewer',
      scope: { sources: ['nowhere'], queues: ['support:no-such-queue'] },
    });
    expect(badScope.statusCode).toBe(400);
    expect(badScope.json().error.fields).toEqual({
      'scope.sources': '"nowhere" is not a configured source',
      'scope.queues': '"support:no-such-queue" is not a known queue',
    });

    const { user } = await createUser('viewer');
    const patch = await call('PATCH', ADMIN_API.user(user.id), admin, {
      role: 'root',
      disabled: 'yes',
    });
    expect(patch.statusCode).toBe(400);
    expect(Object.keys(patch.json().error.fields).sort()).toEqual(['disabled', 'role']);

    const empty = await call('PATCH', ADMIN_API.user(user.id), admin, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/at least one of role, scope or disabled/);

    const outside = await call('PATCH', ADMIN_API.user(user.id), admin, {
      scope: { sources: ['sales'], queues: [gw.services.live.lookup('support')!.queues[0]!.id] },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields['scope.queues']).toMatch(/outside the user’s sources/);

    const short = await call('POST', ADMIN_API.userPassword(user.id), admin, { password: 'tiny' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields).toEqual({ password: 'must be at least 12 characters' });

    expect(
      (await call('PATCH', ADMIN_API.user('no-such-id'), admin, { role: 'viewer' })).statusCode,
    ).toBe(404);
  });

  it('changes a role, which takes effect on the next request of that user', async () => {
    const { user, username, password } = await createUser('viewer');
    const { cookie } = await signIn(username, password);
    expect((await call('GET', ADMIN_API.users, cookie)).statusCode).toBe(403);

    const res = await call('PATCH', ADMIN_API.user(user.id), admin, { role: 'admin' });
    expect(res.statusCode, res.body).toBe(200);
    expect(UserChangeResponse.parse(res.json())).toMatchObject({
      user: { role: 'admin' },
      message: `Updated ${username}: role Viewer → Admin`,
    });
    expect((await call('GET', ADMIN_API.users, cookie)).statusCode).toBe(200);
  });

  it('disabling a user ends their sessions at once and refuses their sign-in; enabling lets them back', async () => {
    const { user, username, password } = await createUser('supervisor');
    const first = await signIn(username, password);
    const second = await signIn(username, password);
    expect((await call('GET', API.queues, first.cookie)).statusCode).toBe(200);

    const res = await call('PATCH', ADMIN_API.user(user.id), admin, { disabled: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      user: { disabled: true },
      message: `Disabled ${username} and signed them out`,
    });

    for (const c of [first.cookie, second.cookie]) {
      expect((await call('GET', API.queues, c)).statusCode).toBe(401);
      expect((await call('GET', API.me, c)).statusCode).toBe(401);
    }
    expect((await signIn(username, password)).status).toBe(401);

    const enabled = await call('PATCH', ADMIN_API.user(user.id), admin, { disabled: false });
    expect(enabled.json()).toMatchObject({
      user: { disabled: false },
      message: `Enabled ${username}`,
    });
    expect((await signIn(username, password)).status).toBe(200);
  });

  it('resets a password: the new one works, the old one and every old session do not', async () => {
    const { user, username, password } = await createUser('viewer');
    const before = await signIn(username, password);
    const res = await call('POST', ADMIN_API.userPassword(user.id), admin, {
      password: 'the-brand-new-password',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().message).toBe(`Set a new password for ${username} and signed them out`);
    expect(res.body).not.toContain('the-brand-new-password');

    expect((await call('GET', API.me, before.cookie)).statusCode).toBe(401);
    expect((await signIn(username, password)).status).toBe(401);
    expect((await signIn(username, 'the-brand-new-password')).status).toBe(200);
  });

  it('keeps an admin resetting their own password signed in on this browser only', async () => {
    const { username, password } = await createUser('admin');
    const one = await signIn(username, password);
    const other = await signIn(username, password);
    const me = SessionResponse.parse((await call('GET', API.me, one.cookie)).json()).user;
    const res = await call('POST', ADMIN_API.userPassword(me.id), one.cookie, {
      password: 'my-own-new-password',
    });
    expect(res.statusCode).toBe(200);
    const fresh = res.cookies.find((c) => c.name === gw.services.cookieName)!;
    expect((await call('GET', API.me, `${fresh.name}=${fresh.value}`)).statusCode).toBe(200);
    expect((await call('GET', API.me, other.cookie)).statusCode).toBe(401);
  });

  it('refuses to let an admin disable or demote themselves, with a clear 409', async () => {
    const demote = await call('PATCH', ADMIN_API.user(adminUser.id), admin, { role: 'supervisor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/cannot remove your own admin role/),
      fields: { role: 'cannot demote yourself' },
    });
    const disable = await call('PATCH', ADMIN_API.user(adminUser.id), admin, { disabled: true });
    expect(disable.statusCode).toBe(409);
    expect(disable.json().error.message).toMatch(/cannot disable your own account/);

    expect(await gw.services.users.get(adminUser.id)).toMatchObject({
      role: 'admin',
      disabled: false,
    });
    expect((await call('GET', ADMIN_API.users, admin)).statusCode).toBe(200);
    // Changing their own scope is fine.
    const scope = await call('PATCH', ADMIN_API.user(adminUser.id), admin, {
      role: 'admin',
      scope: { sources: null, queues: null },
    });
    expect(scope.statusCode).toBe(200);
  });

  it('shows a scoped user only their sources and queues', async () => {
    const bySource = await createUser('viewer', { sources: ['sales'], queues: null });
    const salesCookie = (await signIn(bySource.username, bySource.password)).cookie;
    const salesQueues = QueuesResponse.parse((await call('GET', API.queues, salesCookie)).json());
    expect(salesQueues.items.length).toBeGreaterThan(0);
    expect(new Set(salesQueues.items.map((q) => q.sourceId))).toEqual(new Set(['sales']));
    expect(salesQueues.freshness.map((f) => f.sourceId)).toEqual(['sales']);

    const billing = gw.services.live.lookup('support')!.queues.find((q) => q.name === 'Billing')!;
    const byQueue = await createUser('supervisor', { sources: null, queues: [billing.id] });
    const queueCookie = (await signIn(byQueue.username, byQueue.password)).cookie;
    const one = QueuesResponse.parse((await call('GET', API.queues, queueCookie)).json());
    expect(one.items.map((q) => q.id)).toEqual([billing.id]);

    // Widening the scope shows more on the very next request.
    const widened = await call('PATCH', ADMIN_API.user(byQueue.user.id), admin, {
      scope: { sources: null, queues: null },
    });
    expect(widened.statusCode).toBe(200);
    const all = QueuesResponse.parse((await call('GET', API.queues, queueCookie)).json());
    expect(all.items.length).toBeGreaterThan(3);
  });
});

describe('audit trail', () => {
  it('records every user change with the target, outcome and no password', async () => {
    const { user, username } = await createUser('viewer');
    await call('PATCH', ADMIN_API.user(user.id), admin, { role: 'supervisor' });
    await call('POST', ADMIN_API.userPassword(user.id), admin, { password: 'secret-words-here' });
    await call('PATCH', ADMIN_API.user(user.id), admin, { disabled: true });
    await call('PATCH', ADMIN_API.user(adminUser.id), admin, { disabled: true });

    const mine = await audit({ pageSize: 200 });
    const about = mine.items.filter((r) => r.target === username);
    // Newest first.
    expect(about.map((r) => r.action)).toEqual([
      'user.disable',
      'user.password',
      'user.update',
      'user.create',
    ]);
    for (const r of about) {
      expect(r).toMatchObject({ username: adminUser.username, outcome: 'success', sourceId: null });
    }
    expect(about[2]!.details).toEqual({ role: { from: 'viewer', to: 'supervisor' } });
    const refused = mine.items.find(
      (r) => r.target === adminUser.username && r.action === 'user.disable',
    );
    expect(refused).toMatchObject({
      outcome: 'failure',
      message: expect.stringMatching(/cannot disable/),
    });

    const raw = JSON.stringify(await gw.services.store.rows('audit'));
    expect(raw).not.toContain('secret-words-here');
    expect(raw).not.toMatch(/a-long-password-|scrypt\$/);
  });

  it('filters by action, user, outcome, source and time, pages newest first, with a total', async () => {
    const created = [
      await createUser('viewer'),
      await createUser('viewer'),
      await createUser('viewer'),
    ];
    const creates = await audit({ action: 'user.create', user: adminUser.username.toUpperCase() });
    expect(creates.total).toBeGreaterThanOrEqual(3);
    expect(creates.items.every((r) => r.action === 'user.create')).toBe(true);
    expect(creates.items.slice(0, 3).map((r) => r.target)).toEqual(
      created.map((c) => c.username).reverse(),
    );
    expect(creates.actions).toEqual(expect.arrayContaining(['user.create', 'user.password']));

    const prefix = await audit({ action: 'user.*' });
    expect(prefix.items.every((r) => r.action.startsWith('user.'))).toBe(true);
    expect(prefix.total).toBeGreaterThan(creates.total);

    const page1 = await audit({ action: 'user.create', pageSize: 2, page: 1 });
    const page2 = await audit({ action: 'user.create', pageSize: 2, page: 2 });
    expect(page1).toMatchObject({ total: creates.total, page: 1, pageSize: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page2.items[0]!.id).toBeLessThan(page1.items[1]!.id);

    const failures = await audit({ outcome: 'failure' });
    expect(failures.items.every((r) => r.outcome === 'failure')).toBe(true);

    // An action on a source: the audit trail knows its source.
    await gw.services.audit.record({
      userId: adminUser.id,
      username: adminUser.username,
      action: 'agent.state',
      sourceId: 'sales',
      target: 'sales:1 @ sales:2 → break',
      outcome: 'success',
    });
    const sales = await audit({ source: 'sales' });
    expect(sales.items.length).toBeGreaterThan(0);
    expect(sales.items.every((r) => r.sourceId === 'sales')).toBe(true);
    expect(
      (await audit({ source: 'support', action: 'agent.state' })).items.every(
        (r) => r.sourceId === 'support',
      ),
    ).toBe(true);

    const latest = creates.items[0]!.at;
    const upTo = await audit({ action: 'user.create', to: latest, from: '2000-01-01T00:00:00Z' });
    expect(upTo.total).toBe(creates.total);
    const after = await audit({
      action: 'user.create',
      from: new Date(Date.parse(latest) + 1).toISOString(),
    });
    expect(after.total).toBe(0);
    expect(await audit({ user: 'nobody-at-all' })).toMatchObject({ total: 0, items: [] });
  });

  it('names the bad filters', async () => {
    const res = await call(
      'GET',
      `${ADMIN_API.audit}?from=yesterday&outcome=maybe&pageSize=5000&page=0`,
      admin,
    );
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual([
      'from',
      'outcome',
      'page',
      'pageSize',
    ]);
    const backwards = await call(
      'GET',
      `${ADMIN_API.audit}?from=2026-03-02T10:00:00Z&to=2026-03-01T10:00:00Z`,
      admin,
    );
    expect(backwards.json().error.fields).toEqual({ to: 'must not be before from' });
  });
});
