// A throwaway PostgreSQL server for tests: its own cluster in a temp folder, on a free loopback
// port, with durability off for speed. It uses Debian's server binaries
// (/usr/lib/postgresql/<version>/bin, package `postgresql`), never a system-wide cluster.
//
// Killed hard (SIGKILL, a crashed worker), a run leaves its temp folder and maybe a running server
// behind: harmless (a few MB in the temp dir, a server bound to 127.0.0.1 that nothing uses), and
// the next startPostgres() stops that server and removes the folder once its owner process is gone.
// On a normal exit, even without stop(), the server is stopped and the folder removed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { appendFile, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestPostgres {
  /** postgres://queuedeck@127.0.0.1:PORT/<database>: the database created at start. */
  url: string;
  port: number;
  /** The temp folder that holds the cluster (data/), its socket and its log (postgres.log). */
  dir: string;
  /** Creates an empty database on this server and returns its URL (a fresh name when omitted). */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server, keeping its data, to simulate a database outage. */
  stopServer(): Promise<void>;
  /** Starts the stopped server again, on the same port with the same data. */
  startServer(): Promise<void>;
  /** Stops the server and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Name of the database created at start; default `queuedeck`. */
  database?: string;
}

const USER = 'queuedeck';
const HOST = '127.0.0.1';
const DEBIAN_ROOT = '/usr/lib/postgresql';
const DIR_PREFIX = 'queuedeck-pg-';
const OWNER_FILE = 'owner.pid';
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The newest Debian PostgreSQL server's bin folder (has initdb and pg_ctl). */
export function findPostgresBinDir(): string {
  const versions = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT)
        .filter((name) => /^\d+(\.\d+)?$/.test(name))
        .filter((name) => existsSync(path.join(DEBIAN_ROOT, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      `PostgreSQL server binaries not found (no ${DEBIAN_ROOT}/<version>/bin/initdb): ` +
        'install the Debian package with `apt-get install -y postgresql`',
    );
  }
  return path.join(DEBIAN_ROOT, newest, 'bin');
}

/** Postgres refuses to run as root: as root, the server's commands run as the `postgres` user. */
const asRoot = process.getuid?.() === 0;

/** The environment without PG* variables, so a developer's PGHOST or PGSSLMODE changes nothing. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PG')));
}

function serverCommand(bin: string, command: string, args: string[]): [string, string[]] {
  const file = path.join(bin, command);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

function run(
  file: string,
  args: string[],
  options: { cwd: string; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else {
        const how = code === null ? `was killed (${signal})` : `exited with ${code}`;
        reject(new Error(`${[file, ...args].join(' ')} ${how}:\n${output.trim()}`));
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Synchronous, for process exit and for leftovers: stop the server at once, remove the folder. */
function destroySync(bin: string, dir: string): void {
  const dataDir = path.join(dir, 'data');
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
    const [file, args] = serverCommand(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']);
    spawnSync(file, args, { cwd: dir, env: cleanEnv(), stdio: 'ignore', timeout: 30_000 });
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Removes the clusters of test processes that died without cleaning up. */
function sweepLeftovers(bin: string): void {
  const base = tmpdir();
  let names: string[];
  try {
    names = readdirSync(base).filter((name) => name.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(base, name);
    try {
      const owner = Number(readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) destroySync(bin, dir);
    } catch {
      // Not ours, not readable, or being created right now: leave it.
    }
  }
}

const live = new Map<string, string>(); // folder → bin dir
let exitHookInstalled = false;
function track(dir: string, bin: string): void {
  live.set(dir, bin);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [liveDir, liveBin] of live) destroySync(liveBin, liveDir);
  });
}

function quoteConf(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Starts a new PostgreSQL cluster on a free loopback port and creates one database in it.
 * Takes about two seconds (initdb dominates).
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<TestPostgres> {
  const database = options.database ?? 'queuedeck';
  if (!DATABASE_NAME.test(database)) throw new Error(`bad database name: ${database}`);
  const bin = findPostgresBinDir();
  sweepLeftovers(bin);

  const dir = await mkdtemp(path.join(tmpdir(), DIR_PREFIX));
  track(dir, bin);
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'socket');
  const logFile = path.join(dir, 'postgres.log');
  let port = 0;
  let running = false;

  const server = (command: string, args: string[]) =>
    run(...serverCommand(bin, command, args), { cwd: dir });
  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n');
    } catch {
      return '(no server log)';
    }
  };
  const urlFor = (name: string) => `postgres://${USER}@${HOST}:${port}/${name}`;

  const startServer = async () => {
    if (running) return;
    try {
      // -w waits until the server accepts connections.
      await server('pg_ctl', [
        '-D',
        dataDir,
        '-l',
        logFile,
        '-o',
        `-p ${port}`,
        '-w',
        '-t',
        '60',
        'start',
      ]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver log (${logFile}):\n${logTail()}`);
    }
    running = true;
  };
  const stopServer = async () => {
    if (!running) return;
    await server('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
    running = false;
  };

  let counter = 0;
  const createDatabase = async (name = `test_${process.pid}_${++counter}`) => {
    if (!DATABASE_NAME.test(name)) throw new Error(`bad database name: ${name}`);
    // psql from the same folder: only gateway/store/ imports a database driver.
    await run(
      path.join(bin, 'psql'),
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-d',
        urlFor('postgres'),
        '-c',
        `CREATE DATABASE "${name}"`,
      ],
      { cwd: dir, timeoutMs: 30_000 },
    );
    return urlFor(name);
  };

  const stop = async () => {
    if (!live.has(dir)) return;
    if (running) {
      await server('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      running = false;
    }
    await rm(dir, { recursive: true, force: true });
    live.delete(dir);
  };

  try {
    await writeFile(path.join(dir, OWNER_FILE), String(process.pid));
    await mkdir(socketDir);
    if (asRoot) {
      const uid = Number((await run('id', ['-u', 'postgres'], { cwd: dir })).trim());
      const gid = Number((await run('id', ['-g', 'postgres'], { cwd: dir })).trim());
      await chown(dir, uid, gid);
      await chown(socketDir, uid, gid);
      await run('runuser', ['-u', 'postgres', '--', 'test', '-w', dir], { cwd: '/' }).catch(() => {
        throw new Error(
          `the postgres user cannot write to ${dir}: set TMPDIR to a folder every user can traverse, such as /tmp`,
        );
      });
    }
    await server('initdb', [
      '-D',
      dataDir,
      '-U',
      USER,
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
      '--no-instructions',
    ]);
    // Loopback only, a private socket folder, and no durability: a crash loses a test's data only.
    await appendFile(
      path.join(dataDir, 'postgresql.conf'),
      [
        '',
        '# queuedeck test server',
        `listen_addresses = ${quoteConf(HOST)}`,
        `unix_socket_directories = ${quoteConf(socketDir)}`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 50',
        '',
      ].join('\n'),
    );
    // Another process can take the free port before the server binds it: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await startServer();
        break;
      } catch (error) {
        if (attempt >= 3 || !/address already in use/i.test((error as Error).message)) throw error;
      }
    }
    await createDatabase(database);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }

  return { url: urlFor(database), port, dir, createDatabase, stopServer, startServer, stop };
}
