import { sql } from 'kysely';
import {
  describeUrl,
  isOutage,
  openDatabase,
  StoreHealth,
  StoreStartError,
  type Db,
  type Engine,
  type StoreLocation,
} from './database';
import { appliedMigrations, knownMigrations, migrate } from './migrations';
import { TABLE_KEYS, TABLE_NAMES, type Tables } from './schema';
import { UserStore } from './users';
import { SessionStore } from './sessions';
import { AuditStore } from './audit';
import { DisplayStore, ThresholdStore } from './displays';
import { QueueSettingsStore } from './queue-settings';
import { QueueHistoryStore } from './queue-history';
import { CampaignHistoryStore } from './campaign-history';
import { IdempotencyStore } from './idempotency';
import { SigninFailureStore } from './signin-failures';

export { StoreUnavailableError, StoreStartError, isOutage, type StoreLocation } from './database';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface StoreOptions {
  location: StoreLocation;
  /** How long a new session lasts. */
  sessionTtlMs: number;
  /** Idempotency keys are kept this long (two days: the contract promises at least one). */
  idempotencyRetainMs?: number;
  /** Sign-in failures are kept this long (a day: longer than any throttle window). */
  signinFailureRetainMs?: number;
  /** Told of errors on idle connections (the pool's), which no request sees. */
  onBackgroundError?: (err: Error) => void;
}

/** Where the configuration puts the store: PostgreSQL when a database is set, else SQLite. */
export function storeLocation(config: {
  dataDir: string;
  database?: { url: string; poolSize?: number | undefined } | undefined;
}): StoreLocation {
  return config.database
    ? { engine: 'postgres', url: config.database.url, poolSize: config.database.poolSize }
    : { engine: 'sqlite', dataDir: config.dataDir };
}

/** What an operator reads when the store cannot be opened. */
function describe(location: StoreLocation): string {
  return location.engine === 'postgres'
    ? `PostgreSQL at ${describeUrl(location.url)}`
    : location.dataDir === ':memory:'
      ? 'SQLite in memory'
      : `SQLite in ${location.dataDir}`;
}

/**
 * The gateway's one store: every table behind one asynchronous interface, on SQLite (embedded) or
 * PostgreSQL. Services and routes use its parts and never see SQL or a driver.
 */
export class Store {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly audit: AuditStore;
  readonly queueHistory: QueueHistoryStore;
  readonly campaignHistory: CampaignHistoryStore;
  readonly idempotency: IdempotencyStore;
  readonly signinFailures: SigninFailureStore;
  private probeTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly db: Db,
    readonly engine: Engine,
    readonly description: string,
    readonly health: StoreHealth,
    readonly displays: DisplayStore,
    readonly thresholds: ThresholdStore,
    readonly queueSettings: QueueSettingsStore,
    private readonly opts: StoreOptions,
  ) {
    this.users = new UserStore(db);
    this.sessions = new SessionStore(db, opts.sessionTtlMs);
    this.audit = new AuditStore(db);
    this.queueHistory = new QueueHistoryStore(db);
    this.campaignHistory = new CampaignHistoryStore(db);
    this.idempotency = new IdempotencyStore(db);
    this.signinFailures = new SigninFailureStore(db);
    // What was recorded in memory during an outage is written as soon as the database is back.
    health.whenBack(() => {
      void this.audit.flush().catch((e: Error) => opts.onBackgroundError?.(e));
      void this.sessions.flushEnded().catch((e: Error) => opts.onBackgroundError?.(e));
    });
  }

  /**
   * Opens the store, brings its schema up to date and loads what is mirrored in memory. A database
   * that cannot be reached, or whose schema is newer than this gateway, is a StoreStartError that
   * names it.
   */
  static async open(opts: StoreOptions): Promise<Store> {
    const health = new StoreHealth();
    const where = describe(opts.location);
    let db: Db;
    try {
      db = openDatabase(opts.location, health, (e) => opts.onBackgroundError?.(e));
    } catch (e) {
      throw new StoreStartError(`Cannot open the store (${where}): ${(e as Error).message}`);
    }
    try {
      try {
        await sql`SELECT 1`.execute(db);
      } catch (e) {
        const cause = (e as { cause?: unknown }).cause ?? e;
        throw new StoreStartError(
          `Cannot reach the database: ${where} (${(cause as Error).message || String(cause)}). ` +
            'Check that it is running and that the URL, user and password are right.',
        );
      }
      await migrate(db, opts.location.engine);
      const [displays, thresholds, queueSettings] = await Promise.all([
        DisplayStore.load(db),
        ThresholdStore.load(db),
        QueueSettingsStore.load(db),
      ]);
      const store = new Store(
        db,
        opts.location.engine,
        where,
        health,
        displays,
        thresholds,
        queueSettings,
        opts,
      );
      // Requests in flight when this gateway last stopped never finished.
      if (opts.location.engine === 'sqlite') await store.idempotency.interruptPending();
      return store;
    } catch (e) {
      await db.destroy().catch(() => {});
      throw e;
    }
  }

  /** Asks the database whether it is there; health follows the answer. */
  async ping(): Promise<boolean> {
    try {
      await sql`SELECT 1`.execute(this.db);
      return true;
    } catch (e) {
      if (isOutage(e)) return false;
      throw e;
    }
  }

  /**
   * Pings on a timer so an outage shows on /healthz without waiting for a request, and the end of
   * one is noticed (and the audit backlog written) even when no one writes.
   */
  startProbe(upMs = 15_000, downMs = 2_000): void {
    if (this.probeTimer || this.closed) return;
    const tick = async () => {
      await this.ping().catch(() => false);
      if (this.closed) return;
      this.probeTimer = setTimeout(() => void tick(), this.health.ok ? upMs : downMs);
      this.probeTimer.unref();
    };
    this.probeTimer = setTimeout(() => void tick(), upMs);
    this.probeTimer.unref();
  }

  /** The housekeeping that keeps tables bounded: expired sessions, old keys and sign-in failures. */
  async purge(
    now = Date.now(),
  ): Promise<{ sessions: number; idempotency: number; signinFailures: number }> {
    return {
      sessions: await this.sessions.purgeExpired(now),
      idempotency: await this.idempotency.purge(now - (this.opts.idempotencyRetainMs ?? 2 * DAY)),
      signinFailures: await this.signinFailures.purge(
        now - (this.opts.signinFailureRetainMs ?? DAY),
      ),
    };
  }

  /** The migrations this store has run and the ones this gateway knows. */
  async schema(): Promise<{ applied: string[]; known: string[] }> {
    return { applied: await appliedMigrations(this.db), known: knownMigrations(this.engine) };
  }

  /** Every row of a table as stored, for checks that what is stored holds no secret. */
  async rows(table: keyof Tables): Promise<unknown[]> {
    return this.db.selectFrom(table).selectAll().execute();
  }

  /** Rows per table, for the copy command and its checks. */
  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of TABLE_NAMES) {
      const r = await this.db
        .selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out[t] = Number(r.n);
    }
    return out;
  }

  /**
   * Copies every row of this store into `target`, which must be empty (no users): users, sessions
   * (so people stay signed in), displays (so TVs keep their links), audit, history and the rest.
   * One transaction on the target: a failed copy leaves it empty.
   */
  async copyInto(target: Store, onTable?: (table: string, rows: number) => void): Promise<void> {
    if ((await target.users.count()) > 0) {
      throw new Error(
        `The target store (${target.description}) already has users; copy only into an empty one.`,
      );
    }
    await target.db.transaction().execute(async (trx) => {
      for (const t of TABLE_NAMES) {
        // Tables the target filled itself at start (none today) would clash on their keys.
        await trx.deleteFrom(t).execute();
        let copied = 0;
        // Pages in key order; the source is not written during a copy, so offsets hold still.
        for (let offset = 0; ; offset += 1000) {
          let q = this.db.selectFrom(t).selectAll();
          for (const k of TABLE_KEYS[t]) q = q.orderBy(sql.ref(k));
          const rows = await q.limit(1000).offset(offset).execute();
          if (rows.length === 0) break;
          for (let i = 0; i < rows.length; i += 200) {
            await trx
              .insertInto(t)
              .values(rows.slice(i, i + 200) as never)
              .execute();
          }
          copied += rows.length;
          if (rows.length < 1000) break;
        }
        onTable?.(t, copied);
      }
      if (target.engine === 'postgres') {
        // The audit ids came across as they were; new ones continue after the highest.
        await sql`SELECT setval(pg_get_serial_sequence('audit', 'id'), COALESCE((SELECT MAX(id) FROM audit), 0) + 1, false)`.execute(
          trx,
        );
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    await this.audit.flush().catch(() => {});
    await this.db.destroy();
  }
}
