import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { API } from '@contract/api';
import { ADMIN_API, AuditResponse, UsersResponse } from '@contract/admin';
import { QueuesResponse } from '@contract/queue';
import { WALLBOARD_API } from '@contract/wallboard';
import { startSimProcess, type SimProcess } from './test-support/sim-process';
import { eventually, simConfig, startTestGateway, type TestGateway } from './test-support/gateway';
import { startPostgres, type TestPostgres } from './test-support/postgres';
import { main as copyStore } from '../scripts/copy-store';

// The gateway on PostgreSQL, against the simulator over HTTP: a database lost while it runs, and a
// SQLite store grown into PostgreSQL with the copy command.

let sim: SimProcess;
let pg: TestPostgres;
const csrf = { [CSRF_HEADER]: CSRF_VALUE };
let serial = 0;

beforeAll(async () => {
  [sim, pg] = await Promise.all([startSimProcess(['--seed', '7']), startPostgres()]);
}, 90_000);

afterAll(async () => {
  await sim?.stop();
  await pg?.stop();
});

function call(
  gw: TestGateway,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
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

describe('a gateway whose PostgreSQL goes away and comes back', () => {
  let gw: TestGateway;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    const url = await pg.createDatabase(`outage_${process.pid}`);
    gw = await startTestGateway(simConfig(sim, { database: { url } }), { storeProbeMs: 200 });
    admin = await gw.userCookie('admin');
    viewer = await gw.userCookie('viewer');
    await eventually(() => gw.services.live.lookup('support') ?? undefined);
  }, 60_000);

  afterAll(async () => {
    await pg.startServer().catch(() => {});
    await gw?.close();
  });

  it('keeps live screens up, refuses writes clearly, and takes writes again when it is back', async () => {
    expect((await call(gw, 'GET', '/healthz', null)).json()).toMatchObject({
      ok: true,
      store: { engine: 'postgres', ok: true },
    });
    await pg.stopServer();
    try {
      // Live data comes from memory, and the signed-in session is still known.
      const queues = await call(gw, 'GET', API.queues, admin);
      expect(queues.statusCode).toBe(200);
      expect(QueuesResponse.parse(queues.json()).items.length).toBeGreaterThan(0);

      // A write is refused with a message that says why, not a crash or a 500.
      const create = await call(gw, 'POST', ADMIN_API.users, admin, {
        username: `during-outage-${++serial}`,
        password: 'a-long-enough-password',
        role: 'viewer',
      });
      expect(create.statusCode).toBe(503);
      expect(create.json()).toMatchObject({
        error: { code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/database/i) },
      });

      // Reads that need the database say so too, rather than fail with a 500.
      const trail = await call(gw, 'GET', ADMIN_API.audit, admin);
      expect(trail.statusCode).toBe(503);
      expect(trail.json()).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });
      // A viewer's live screen stays up too.
      expect((await call(gw, 'GET', API.queues, viewer)).statusCode).toBe(200);

      const health = await eventually(async () => {
        const h = (await call(gw, 'GET', '/healthz', null)).json() as {
          store: { ok: boolean; downSince: string | null };
        };
        return h.store.ok ? undefined : h;
      });
      expect(health.store.downSince).toEqual(expect.any(String));
      const metrics = (await call(gw, 'GET', '/metrics', null)).body;
      expect(metrics).toMatch(/^queuedeck_store_up\{engine="postgres"\} 0$/m);
    } finally {
      await pg.startServer();
    }

    await eventually(async () =>
      (await call(gw, 'GET', '/healthz', null)).json<{ store: { ok: boolean } }>().store.ok
        ? true
        : undefined,
    );
    const created = await call(gw, 'POST', ADMIN_API.users, admin, {
      username: `after-outage-${++serial}`,
      password: 'a-long-enough-password',
      role: 'viewer',
    });
    expect(created.statusCode).toBe(201);
    // The refusal during the outage was kept in memory and is in the trail now.
    const refused = await eventually(async () => {
      const trail = AuditResponse.parse(
        (await call(gw, 'GET', `${ADMIN_API.audit}?action=request.refused`, admin)).json(),
      );
      return trail.items.length > 0 ? trail : undefined;
    });
    expect(refused.items[0]).toMatchObject({
      outcome: 'failure',
      target: `POST ${ADMIN_API.users}`,
      message: expect.stringMatching(/database/),
    });
    expect((await call(gw, 'GET', '/metrics', null)).body).toMatch(
      /^queuedeck_store_up\{engine="postgres"\} 1$/m,
    );
  }, 60_000);
});

describe('growing from SQLite to PostgreSQL with the copy command', () => {
  it('shows the same users, displays, audit and history, and sessions stay valid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qd-copy-'));
    try {
      const before = await startTestGateway(simConfig(sim, { dataDir }));
      const admin = await before.userCookie('admin');
      const queueId = await eventually(async () => {
        const res = await call(before, 'GET', API.queues, admin);
        return res.statusCode === 200 ? QueuesResponse.parse(res.json()).items[0]?.id : undefined;
      });
      const display = await call(before, 'POST', WALLBOARD_API.displays, admin, {
        name: 'Floor TV',
        queueIds: [queueId],
        layout: 'tiles',
      });
      expect(display.statusCode).toBe(201);
      await before.services.store.queueHistory.put([
        {
          queue_id: 'support:1',
          at: Date.now() - 60_000,
          waiting: 3,
          service_level: 90,
          answered: 10,
          abandoned: 1,
        },
      ]);
      const read = async (gw: TestGateway) => ({
        users: UsersResponse.parse((await call(gw, 'GET', ADMIN_API.users, admin)).json()).items,
        displays: (await call(gw, 'GET', WALLBOARD_API.displays, admin)).json<{
          items: Array<{ id: string; name: string }>;
        }>().items,
        audit: AuditResponse.parse((await call(gw, 'GET', ADMIN_API.audit, admin)).json()).items,
        history: await gw.services.store.queueHistory.read('support:1', 0, Date.now()),
      });
      const was = await read(before);
      expect(was.displays).toHaveLength(1);
      await before.close();

      const url = await pg.createDatabase(`copy_${process.pid}`);
      const out: string[] = [];
      expect(
        await copyStore(
          ['--from', dataDir, '--to', url],
          (l) => out.push(l),
          (l) => out.push(l),
        ),
      ).toBe(0);
      expect(out.join('\n')).toMatch(/every table matches/);

      const after = await startTestGateway(simConfig(sim, { database: { url } }));
      try {
        // The admin's cookie from the SQLite gateway still works on PostgreSQL.
        const me = await call(after, 'GET', API.me, admin);
        expect(me.statusCode).toBe(200);
        const now = await read(after);
        expect(now.users).toEqual(was.users);
        expect(now.displays).toEqual(was.displays);
        expect(now.audit).toEqual(was.audit);
        expect(now.history).toEqual(was.history);
      } finally {
        await after.close();
      }
      // A second copy into a store that now has users is refused, and says so.
      const again: string[] = [];
      expect(
        await copyStore(
          ['--from', dataDir, '--to', url],
          () => {},
          (l) => again.push(l),
        ),
      ).toBe(1);
      expect(again.join('\n')).toMatch(/already has users/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('a database that cannot be reached at start', () => {
  it('stops the gateway with a message naming the host, and a non-zero exit', async () => {
    const { spawn } = await import('node:child_process');
    const { createServer } = await import('node:net');
    // A loopback port nobody listens on.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        PORT: '0',
        QUEUEDECK_SKIP_BUILD: '1',
        QUEUEDECK_DATA_DIR: join(tmpdir(), `qd-unreachable-${process.pid}`),
        QUEUEDECK_DATABASE_URL: `postgres://queuedeck:secret-pw@127.0.0.1:${port}/queuedeck`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(
      `Cannot reach the database: PostgreSQL at 127.0.0.1:${port}/queuedeck`,
    );
    // The password never reaches the log, and no stack trace buries the message.
    expect(stderr).not.toContain('secret-pw');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
