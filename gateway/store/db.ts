import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

/**
 * Schema migrations, applied in order and recorded in `user_version`, so an existing data dir is
 * upgraded in place and nothing is lost between versions.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    scope_json TEXT NOT NULL DEFAULT '{"sources":null,"queues":null}',
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id TEXT,
    username TEXT,
    action TEXT NOT NULL,
    source_id TEXT,
    target TEXT,
    outcome TEXT NOT NULL,
    vendor_code TEXT,
    message TEXT,
    details_json TEXT
  );
  CREATE INDEX audit_at ON audit(at);
  CREATE TABLE queue_history (
    queue_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    waiting INTEGER,
    service_level REAL,
    answered INTEGER,
    abandoned INTEGER,
    PRIMARY KEY (queue_id, at)
  ) WITHOUT ROWID;
  `,
  // 2: per-queue service-level settings (METRICS.md: T, short-abandon threshold, abandon treatment).
  `
  CREATE TABLE queue_settings (
    queue_id TEXT PRIMARY KEY,
    threshold_seconds INTEGER NOT NULL,
    short_abandon_seconds INTEGER NOT NULL,
    abandon_treatment TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
  ) WITHOUT ROWID;
  `,
  // 3: idempotency keys of initiate-call and schedule-callback, kept at least 24 hours.
  `
  CREATE TABLE idempotency (
    user_id TEXT NOT NULL,
    key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    status_code INTEGER,
    response_json TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX idempotency_created ON idempotency(created_at);
  `,
  // 4: campaign progress samples (issue 5): at most one per campaign and minute, bounded retention.
  `
  CREATE TABLE campaign_history (
    campaign_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    total INTEGER NOT NULL,
    counts_json TEXT NOT NULL,
    PRIMARY KEY (campaign_id, at)
  ) WITHOUT ROWID;
  `,
  // 5: the admin's audit log (issue 5) filters by user, action, source and outcome, newest first.
  `
  CREATE INDEX audit_username_at ON audit(username COLLATE NOCASE, at);
  CREATE INDEX audit_action_at ON audit(action, at);
  CREATE INDEX audit_source_at ON audit(source_id, at);
  CREATE INDEX audit_outcome_at ON audit(outcome, at);
  `,
  // 6: wallboard displays (only a hash of each token) and per-queue wallboard thresholds (issue 6).
  `
  CREATE TABLE displays (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    queues_json TEXT NOT NULL,
    layout TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    revoked_at TEXT,
    deleted_at TEXT,
    last_seen_at TEXT
  );
  CREATE TABLE queue_thresholds (
    queue_id TEXT PRIMARY KEY,
    thresholds_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
  ) WITHOUT ROWID;
  `,
];

/** Opens (and migrates) the gateway's SQLite store in `dataDir`; ':memory:' for tests. */
export function openDb(dataDir: string | ':memory:'): Db {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'queuedeck.sqlite');
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
