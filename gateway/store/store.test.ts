import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from './store';
import { StoreUnavailableError } from './database';
import { SESSION_RECHECK_MS } from './sessions';
import { SchemaTooNewError } from './migrations';
import { ENGINES, storeFactory } from '../test-support/stores';
import { foldSamples } from '../services/history';

const stores = storeFactory();
const MIN = 60_000;

describe.each(ENGINES)('the store on %s', (engine) => {
  it('runs its migrations once and knows them all', async () => {
    const store = await stores.open(engine);
    const { applied, known } = await store.schema();
    expect(applied).toEqual(known);
    expect(known.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps users, finds them case-insensitively and refuses a second of the same name', async () => {
    const store = await stores.open(engine);
    const alice = await store.users.create({
      username: 'Alice',
      role: 'admin',
      passwordHash: 'h1',
    });
    await store.users.create({ username: 'bob', role: 'viewer', passwordHash: 'h2' });
    expect((await store.users.findByUsername('ALICE'))?.id).toBe(alice.id);
    expect((await store.users.findByUsername('alice'))?.passwordHash).toBe('h1');
    await expect(
      store.users.create({ username: 'alice', role: 'viewer', passwordHash: 'x' }),
    ).rejects.toThrow();
    expect(await store.users.count()).toBe(2);
    expect(await store.users.countActiveAdmins()).toBe(1);
    expect(await store.users.countActiveAdmins(alice.id)).toBe(0);
    const updated = await store.users.update(alice.id, {
      disabled: true,
      scope: { sources: ['support'], queues: null },
    });
    expect(updated).toMatchObject({
      disabled: true,
      scope: { sources: ['support'], queues: null },
    });
    expect((await store.users.get(alice.id))?.disabled).toBe(true);
    expect((await store.users.list()).map((u) => u.username)).toEqual(['Alice', 'bob']);
  });

  it('resolves sessions until they expire, and purges the expired', async () => {
    const store = await stores.open(engine, { sessionTtlMs: 10 * MIN });
    const u = await store.users.create({ username: 'sam', role: 'supervisor', passwordHash: 'h' });
    const now = Date.now();
    const token = await store.sessions.create(u.id, now);
    const old = await store.sessions.create(u.id, now - 20 * MIN);
    expect(await store.sessions.resolve(token, now)).toBe(u.id);
    expect(await store.sessions.resolve('not-a-token', now)).toBeNull();
    expect(await store.sessions.purgeExpired(now)).toBe(1);
    expect(await store.sessions.resolve(old, now)).toBeNull();
    await store.sessions.deleteForUser(u.id);
    expect(await store.sessions.resolve(token, now)).toBeNull();
  });

  it('filters and pages the audit trail, newest first', async () => {
    const store = await stores.open(engine);
    for (let i = 0; i < 5; i++) {
      await store.audit.record({
        userId: null,
        username: i % 2 ? 'Maria' : 'jon',
        action: i < 3 ? 'agent.login' : 'user.create',
        sourceId: i < 3 ? 'support' : null,
        target: `t${i}`,
        outcome: i === 4 ? 'denied' : 'success',
        details: { i },
      });
    }
    const page = await store.audit.query({ username: 'maria' }, 1, 10);
    expect(page.total).toBe(2);
    expect(page.items.map((r) => r.target)).toEqual(['t3', 't1']);
    expect((await store.audit.query({ action: 'agent.*' }, 1, 2)).total).toBe(3);
    expect((await store.audit.query({ action: 'agent.*' }, 2, 2)).items).toHaveLength(1);
    expect((await store.audit.query({ outcome: 'denied' }, 1, 10)).items[0]?.details).toEqual({
      i: 4,
    });
    expect(await store.audit.actions()).toEqual(['agent.login', 'user.create']);
    expect(await store.audit.countsByOutcome()).toEqual(
      expect.arrayContaining([{ action: 'user.create', outcome: 'denied', n: 1 }]),
    );
  });

  it('keeps displays, thresholds and queue settings across a reopen', async () => {
    const location =
      engine === 'sqlite'
        ? { engine: 'sqlite' as const, dataDir: mkdtempSync(join(tmpdir(), 'qd-store-')) }
        : { engine: 'postgres' as const, url: await stores.database() };
    const first = await Store.open({ location, sessionTtlMs: MIN });
    const { display, token } = await first.displays.create({
      name: 'Floor TV',
      queueIds: ['support:1'],
      layout: 'tiles',
      createdBy: 'admin',
    });
    await first.thresholds.set(
      'support:1',
      {
        waiting: { warn: 3, critical: 6 },
        longestWaitSeconds: { warn: 30, critical: 90 },
        serviceLevel: { warn: 90, critical: 70 },
      },
      'admin',
    );
    await first.queueSettings.set(
      'support:1',
      { thresholdSeconds: 30, shortAbandonSeconds: 5, abandonTreatment: 'ignore' },
      'admin',
    );
    await first.close();
    const again = await Store.open({ location, sessionTtlMs: MIN });
    try {
      expect(again.displays.resolve(token)?.display.id).toBe(display.id);
      expect(again.queueSettings.get('support:1').thresholdSeconds).toBe(30);
      expect(again.thresholds.get('support:1').waiting).toEqual({ warn: 3, critical: 6 });
    } finally {
      await again.close();
      if (location.engine === 'sqlite') rmSync(location.dataDir, { recursive: true, force: true });
    }
  });

  it('stores queue samples, folds old buckets and drops what is past retention', async () => {
    const store = await stores.open(engine);
    const base = 1_700_000_000_000 - (1_700_000_000_000 % (15 * MIN));
    const row = (at: number, waiting: number) => ({
      queue_id: 'support:1',
      at,
      waiting,
      service_level: 0.8,
      answered: at / MIN,
      abandoned: 1,
    });
    await store.queueHistory.put([row(base, 2), row(base + MIN, 7), row(base + 2 * MIN, 3)]);
    await store.queueHistory.put([row(base + 2 * MIN, 4)]); // the same minute again replaces it
    expect(
      (await store.queueHistory.read('support:1', base, base + 3 * MIN)).map((r) => r.waiting),
    ).toEqual([2, 7, 4]);
    const r = await store.queueHistory.prune(base - MIN, base + 15 * MIN, 15 * MIN, foldSamples);
    expect(r).toEqual({ deleted: 0, folded: 2 });
    const [one] = await store.queueHistory.read('support:1', base, base + 15 * MIN);
    expect(one).toMatchObject({ at: base + 2 * MIN, waiting: 7 });
    expect((await store.queueHistory.prune(base + MIN, base, 15 * MIN, foldSamples)).deleted).toBe(
      0,
    );
    expect(
      (await store.queueHistory.prune(base + 3 * MIN, base, 15 * MIN, foldSamples)).deleted,
    ).toBe(1);
  });

  it('thins old campaign samples to the last of each bucket', async () => {
    const store = await stores.open(engine);
    const base = 1_700_000_000_000 - (1_700_000_000_000 % (15 * MIN));
    const s = (at: number, total: number) => ({
      campaign_id: 'ai:7',
      at,
      total,
      counts_json: '{}',
    });
    await store.campaignHistory.put([
      s(base, 1),
      s(base + MIN, 2),
      s(base + 16 * MIN, 3),
      s(base + 30 * MIN, 4),
    ]);
    expect(await store.campaignHistory.has('ai:7')).toBe(true);
    expect((await store.campaignHistory.latestBetween('ai:7', base, base + 20 * MIN))?.total).toBe(
      3,
    );
    expect(await store.campaignHistory.prune(0, base + 30 * MIN, 15 * MIN)).toBe(1);
    expect((await store.campaignHistory.read('ai:7', 0, base + DAY)).map((r) => r.total)).toEqual([
      2, 3, 4,
    ]);
  });

  it('claims an idempotency key once per user', async () => {
    const store = await stores.open(engine);
    expect(await store.idempotency.claim('u1', 'k', 'h', 1000)).toBe(true);
    expect(await store.idempotency.claim('u1', 'k', 'h', 1001)).toBe(false);
    expect(await store.idempotency.claim('u2', 'k', 'h', 1001)).toBe(true);
    await store.idempotency.complete('u1', 'k', 201, '{"ok":true}');
    expect(await store.idempotency.get('u1', 'k')).toEqual({
      bodyHash: 'h',
      state: 'done',
      statusCode: 201,
      responseJson: '{"ok":true}',
    });
    expect(await store.idempotency.purge(1001)).toBe(1);
    expect(await store.idempotency.get('u1', 'k')).toBeNull();
  });

  it('counts sign-in failures per key in a window', async () => {
    const store = await stores.open(engine);
    await store.signinFailures.add(['u:ann', 'ip:1'], 1000);
    await store.signinFailures.add(['u:ann'], 2000);
    expect(await store.signinFailures.since('u:ann', 0, 10)).toEqual([1000, 2000]);
    expect(await store.signinFailures.since('u:ann', 1500, 10)).toEqual([2000]);
    expect(await store.signinFailures.purge(1000)).toBe(2);
  });

  it('refuses a database whose schema is newer than it knows', async () => {
    const location =
      engine === 'sqlite'
        ? { engine: 'sqlite' as const, dataDir: mkdtempSync(join(tmpdir(), 'qd-store-')) }
        : { engine: 'postgres' as const, url: await stores.database() };
    const first = await Store.open({ location, sessionTtlMs: MIN });
    await first.users.create({ username: 'keep', role: 'admin', passwordHash: 'h' });
    // What a newer gateway would leave behind: a migration this one has never heard of.
    await (
      first as unknown as {
        db: import('kysely').Kysely<{ kysely_migration: { name: string; timestamp: string } }>;
      }
    ).db
      .insertInto('kysely_migration')
      .values({ name: '9999-from-the-future', timestamp: new Date().toISOString() })
      .execute();
    await first.close();
    await expect(Store.open({ location, sessionTtlMs: MIN })).rejects.toThrow(SchemaTooNewError);
    await expect(Store.open({ location, sessionTtlMs: MIN })).rejects.toThrow(
      /9999-from-the-future/,
    );
    if (location.engine === 'sqlite') rmSync(location.dataDir, { recursive: true, force: true });
  });
});

const DAY = 24 * 60 * MIN;

describe('a SQLite store from before the migrator', () => {
  it('is upgraded in place with its rows kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qd-legacy-'));
    try {
      // The release before this one: schema version 6 in user_version, no migration table.
      const Database = (await import('better-sqlite3')).default;
      const { legacySchemaForTests } = await import('./migrations');
      const old = new Database(join(dir, 'queuedeck.sqlite'));
      for (const step of legacySchemaForTests) old.exec(step);
      old.pragma(`user_version = ${legacySchemaForTests.length}`);
      old
        .prepare(
          `INSERT INTO users (id, username, role, password_hash, created_at) VALUES ('u1', 'Old', 'admin', 'h', '2026-01-01T00:00:00Z')`,
        )
        .run();
      old.close();
      const store = await Store.open({
        location: { engine: 'sqlite', dataDir: dir },
        sessionTtlMs: MIN,
      });
      try {
        expect((await store.users.findByUsername('old'))?.id).toBe('u1');
        expect((await store.schema()).applied).toEqual((await store.schema()).known);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL going away and coming back', () => {
  it('keeps resolving known sessions, buffers audit records, and writes again when back', async () => {
    const store = await stores.open('postgres');
    const pg = stores.postgres();
    const u = await store.users.create({
      username: 'night',
      role: 'supervisor',
      passwordHash: 'h',
    });
    const token = await store.sessions.create(u.id);
    expect(await store.sessions.resolve(token)).toBe(u.id);
    expect(await store.users.get(u.id)).toMatchObject({ username: 'night' });
    await pg.stopServer();
    try {
      // Known sessions and users are still served; anything else says the database is away.
      expect(await store.sessions.resolve(token)).toBe(u.id);
      expect((await store.users.get(u.id))?.username).toBe('night');
      await expect(store.sessions.resolve('unknown-token')).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(
        store.users.create({ username: 'x1', role: 'viewer', passwordHash: 'h' }),
      ).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(store.health.ok).toBe(false);
      expect(store.health.snapshot().downSince).not.toBeNull();
      expect(
        await store.audit.record({
          userId: u.id,
          username: 'night',
          action: 'agent.logout',
          sourceId: 'support',
          target: 'a1',
          outcome: 'denied',
        }),
      ).toBeNull();
      expect(store.audit.backlog().pending).toBe(1);
    } finally {
      await pg.startServer();
    }
    expect(await store.ping()).toBe(true);
    expect(store.health.ok).toBe(true);
    // The buffered record is written once the database is back.
    for (let i = 0; i < 50 && store.audit.backlog().pending > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    const trail = await store.audit.query({ action: 'agent.logout' }, 1, 10);
    expect(trail.total).toBe(1);
    expect(
      await store.users.create({ username: 'after', role: 'viewer', passwordHash: 'h' }),
    ).toMatchObject({
      username: 'after',
    });
  });
});

describe('copying a SQLite store into PostgreSQL', () => {
  it('brings every row across and keeps sessions valid', async () => {
    const from = await stores.open('sqlite');
    const u = await from.users.create({ username: 'Carla', role: 'admin', passwordHash: 'h' });
    const token = await from.sessions.create(u.id);
    const { token: tvToken } = await from.displays.create({
      name: 'Wall',
      queueIds: ['support:1'],
      layout: 'table',
      createdBy: 'Carla',
    });
    for (let i = 0; i < 3; i++) {
      await from.audit.record({
        userId: u.id,
        username: 'Carla',
        action: 'user.create',
        sourceId: null,
        target: `t${i}`,
        outcome: 'success',
      });
    }
    await from.queueHistory.put([
      {
        queue_id: 'support:1',
        at: 1_700_000_000_000,
        waiting: 1,
        service_level: 0.5,
        answered: 2,
        abandoned: 0,
      },
    ]);
    const url = await stores.database();
    const to = await Store.open({ location: { engine: 'postgres', url }, sessionTtlMs: MIN });
    await from.copyInto(to);
    await to.close();
    const after = await Store.open({ location: { engine: 'postgres', url }, sessionTtlMs: MIN });
    try {
      expect(await after.counts()).toEqual(await from.counts());
      expect(await after.sessions.resolve(token)).toBe(u.id);
      expect(after.displays.resolve(tvToken)?.display.name).toBe('Wall');
      expect((await after.audit.query({}, 1, 10)).items.map((r) => r.target)).toEqual([
        't2',
        't1',
        't0',
      ]);
      // New audit ids continue after the copied ones.
      expect(
        await after.audit.record({
          userId: null,
          username: null,
          action: 'x',
          sourceId: null,
          target: null,
          outcome: 'success',
        }),
      ).toBe(4);
      await expect(from.copyInto(after)).rejects.toThrow(/already has users/);
    } finally {
      await after.close();
    }
  });
});

describe('two gateways on one PostgreSQL', () => {
  it('see a session ended on the other within the recheck time, and at once on their own', async () => {
    const url = await stores.database();
    const a = await Store.open({ location: { engine: 'postgres', url }, sessionTtlMs: 3600_000 });
    const b = await Store.open({ location: { engine: 'postgres', url }, sessionTtlMs: 3600_000 });
    try {
      const u = await a.users.create({ username: 'shift', role: 'viewer', passwordHash: 'h' });
      const now = Date.now();
      const token = await a.sessions.create(u.id, now);
      expect(await b.sessions.resolve(token, now)).toBe(u.id);
      await b.sessions.delete(token);
      expect(await b.sessions.resolve(token, now)).toBeNull();
      // A trusts what it confirmed a moment ago, and asks again once SESSION_RECHECK_MS has passed.
      expect(await a.sessions.resolve(token, now + 1000)).toBe(u.id);
      expect(await a.sessions.resolve(token, now + SESSION_RECHECK_MS + 1)).toBeNull();
      // A user disabled on B is seen disabled on A after the same time.
      await b.users.update(u.id, { disabled: true });
      expect((await a.users.get(u.id, now + SESSION_RECHECK_MS + 2))?.disabled).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
