import Database from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Tables } from './schema';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Tables>;

/** Where the store lives: a SQLite file in a folder (or memory, for tests), or a PostgreSQL URL. */
export type StoreLocation =
  | { engine: 'sqlite'; dataDir: string | ':memory:' }
  | { engine: 'postgres'; url: string; poolSize?: number | undefined };

/**
 * The database cannot be reached (or its disk failed). Routes answer 503 with this message; live
 * screens keep working from memory meanwhile.
 */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The database is unreachable; try again when it is back', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** The database this gateway was pointed at could not be opened at start. */
export class StoreStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreStartError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const SQLITE_OUTAGE = /^SQLITE_(CANTOPEN|IOERR|FULL|READONLY|NOTADB|CORRUPT)/;

/**
 * Whether an error says the database is gone rather than that the query was wrong: a lost
 * connection, a server shutting down (SQLSTATE 57P0x) or any connection exception (class 08).
 */
export function isOutage(err: unknown): boolean {
  if (err instanceof StoreUnavailableError) return true;
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || /^57P0[1-3]$/.test(code) || code.startsWith('08')) return true;
    if (SQLITE_OUTAGE.test(code)) return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed/i.test(
      message,
    )
  );
}

/** What the gateway knows of its database's reachability, for /healthz, /metrics and refusals. */
export class StoreHealth {
  private downSinceMs: number | null = null;
  private error: string | null = null;
  private outages = 0;
  private readonly onUp: Array<() => void> = [];

  get ok(): boolean {
    return this.downSinceMs === null;
  }

  snapshot(): { ok: boolean; downSince: string | null; error: string | null; outages: number } {
    return {
      ok: this.ok,
      downSince: this.downSinceMs === null ? null : new Date(this.downSinceMs).toISOString(),
      error: this.error,
      outages: this.outages,
    };
  }

  down(err: unknown, now = Date.now()): void {
    if (this.downSinceMs === null) {
      this.downSinceMs = now;
      this.outages++;
    }
    this.error = err instanceof Error ? err.message : String(err);
  }

  up(): void {
    if (this.downSinceMs === null) return;
    this.downSinceMs = null;
    this.error = null;
    for (const fn of this.onUp) fn();
  }

  /** Runs `fn` each time the database comes back (to flush what was kept in memory meanwhile). */
  whenBack(fn: () => void): void {
    this.onUp.push(fn);
  }
}

/**
 * Wraps a dialect so every connection and query reports to `health` and an outage surfaces as one
 * error type, whatever the engine: callers need not know which driver failed or how.
 */
function guarded(inner: Dialect, health: StoreHealth): Dialect {
  const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      const r = await fn();
      health.up();
      return r;
    } catch (e) {
      if (!isOutage(e)) throw e;
      health.down(e);
      throw new StoreUnavailableError(e);
    }
  };
  return {
    createAdapter: () => inner.createAdapter(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createDriver(): Driver {
      const d = inner.createDriver();
      return {
        init: () => wrap(() => d.init()),
        acquireConnection: () =>
          wrap(async () => {
            const c = await d.acquireConnection();
            const conn: DatabaseConnection & { inner: DatabaseConnection } = {
              inner: c,
              executeQuery: <R>(q: CompiledQuery): Promise<QueryResult<R>> =>
                wrap(() => c.executeQuery<R>(q)),
              streamQuery: (q, chunk) => c.streamQuery(q, chunk),
            };
            return conn;
          }),
        beginTransaction: (c, s: TransactionSettings) =>
          wrap(() => d.beginTransaction(innerOf(c), s)),
        commitTransaction: (c) => wrap(() => d.commitTransaction(innerOf(c))),
        rollbackTransaction: (c) => wrap(() => d.rollbackTransaction(innerOf(c))),
        releaseConnection: (c) => d.releaseConnection(innerOf(c)),
        destroy: () => d.destroy(),
      };
    },
  };
}

const innerOf = (c: DatabaseConnection) =>
  (c as DatabaseConnection & { inner?: DatabaseConnection }).inner ?? c;

/** A URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** "host:port/database" of a PostgreSQL URL, which is what an operator needs to find it. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return redactUrl(url);
  }
}

const INT8_OID = 20;

/** Opens the engine named by `location`; nothing is queried yet. */
export function openDatabase(
  location: StoreLocation,
  health: StoreHealth,
  onPoolError: (err: Error) => void = () => {},
): Db {
  if (location.engine === 'sqlite') {
    let file = ':memory:';
    if (location.dataDir !== ':memory:') {
      mkdirSync(location.dataDir, { recursive: true });
      file = join(location.dataDir, 'queuedeck.sqlite');
    }
    const sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return new Kysely<Tables>({
      dialect: guarded(new SqliteDialect({ database: sqlite }), health),
    });
  }
  const pool = new pg.Pool({
    connectionString: location.url,
    max: location.poolSize ?? 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // A query the server never answers must not hold a request forever.
    query_timeout: 15_000,
    // Epoch milliseconds are bigint columns: read them as numbers (safe below 2^53).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the
  // process. The next query finds the outage and reports it.
  pool.on('error', (err) => {
    health.down(err);
    onPoolError(err);
  });
  return new Kysely<Tables>({ dialect: guarded(new PostgresDialect({ pool }), health) });
}
