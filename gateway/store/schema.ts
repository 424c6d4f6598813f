import type { Generated } from 'kysely';

// The tables of the store, as the query builder types them. Both engines hold the same columns:
// times are ISO text where people read them (audit, created_at) and epoch milliseconds where they
// are computed with (history, sessions, idempotency), booleans are 0/1 integers, and structured
// values are JSON text, so one query serves SQLite and PostgreSQL alike.

export interface UsersTable {
  id: string;
  username: string;
  role: string;
  password_hash: string;
  disabled: number;
  scope_json: string;
  created_at: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  username: string | null;
  action: string;
  source_id: string | null;
  target: string | null;
  outcome: string;
  vendor_code: string | null;
  message: string | null;
  details_json: string | null;
}

export interface QueueHistoryTable {
  queue_id: string;
  at: number;
  waiting: number | null;
  service_level: number | null;
  answered: number | null;
  abandoned: number | null;
}

export interface QueueSettingsTable {
  queue_id: string;
  threshold_seconds: number;
  short_abandon_seconds: number;
  abandon_treatment: string;
  updated_at: string;
  updated_by: string | null;
}

export interface IdempotencyTable {
  user_id: string;
  key: string;
  body_hash: string;
  state: string;
  status_code: number | null;
  response_json: string | null;
  created_at: number;
}

export interface CampaignHistoryTable {
  campaign_id: string;
  at: number;
  total: number;
  counts_json: string;
}

export interface DisplaysTable {
  id: string;
  name: string;
  token_hash: string;
  queues_json: string;
  layout: string;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
  deleted_at: string | null;
  last_seen_at: string | null;
}

export interface QueueThresholdsTable {
  queue_id: string;
  thresholds_json: string;
  updated_at: string;
  updated_by: string | null;
}

/** One failed sign-in attempt against a key (a username or an address), for the throttle. */
export interface SigninFailuresTable {
  key: string;
  at: number;
}

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  audit: AuditTable;
  queue_history: QueueHistoryTable;
  queue_settings: QueueSettingsTable;
  idempotency: IdempotencyTable;
  campaign_history: CampaignHistoryTable;
  displays: DisplaysTable;
  queue_thresholds: QueueThresholdsTable;
  signin_failures: SigninFailuresTable;
}

/** Every table, in an order that respects foreign keys (users before sessions). */
export const TABLE_NAMES: Array<keyof Tables> = [
  'users',
  'sessions',
  'audit',
  'queue_history',
  'queue_settings',
  'idempotency',
  'campaign_history',
  'displays',
  'queue_thresholds',
  'signin_failures',
];

/** Each table's key, which orders a copy page by page. */
export const TABLE_KEYS: Record<keyof Tables, string[]> = {
  users: ['id'],
  sessions: ['id_hash'],
  audit: ['id'],
  queue_history: ['queue_id', 'at'],
  queue_settings: ['queue_id'],
  idempotency: ['user_id', 'key'],
  campaign_history: ['campaign_id', 'at'],
  displays: ['id'],
  queue_thresholds: ['queue_id'],
  signin_failures: ['key', 'at'],
};
