import { sql, type Insertable } from 'kysely';
import type { Db } from './database';
import { isOutage } from './database';
import type { AuditTable } from './schema';
import type { Selectable } from 'kysely';

export interface AuditInput {
  userId: string | null;
  username: string | null;
  action: string;
  sourceId: string | null;
  target: string | null;
  outcome: 'success' | 'failure' | 'denied';
  vendorCode?: string | null;
  message?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRecord extends Omit<AuditInput, 'details'> {
  id: number;
  at: string;
  details: Record<string, unknown> | null;
}

/** Filters of `AuditStore.query`; each one given narrows the result. */
export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  username?: string | undefined;
  action?: string | undefined;
  sourceId?: string | undefined;
  outcome?: AuditRecord['outcome'] | undefined;
}

function toRecord(r: Selectable<AuditTable>): AuditRecord {
  return {
    id: Number(r.id),
    at: r.at,
    userId: r.user_id ?? null,
    username: r.username ?? null,
    action: r.action,
    sourceId: r.source_id ?? null,
    target: r.target ?? null,
    outcome: r.outcome as AuditRecord['outcome'],
    vendorCode: r.vendor_code ?? null,
    message: r.message ?? null,
    details: r.details_json ? (JSON.parse(r.details_json) as Record<string, unknown>) : null,
  };
}

/** Records kept in memory while the database is away; beyond this the oldest are dropped. */
const MAX_PENDING = 10_000;

/**
 * Append-only audit trail of every action: who, when, what, on which source and target, outcome.
 * A record made while the database is unreachable is kept in memory with its time and written when
 * the database is back, so a refusal during an outage is still in the trail.
 */
export class AuditStore {
  private pending: Array<Insertable<AuditTable>> = [];
  private dropped = 0;

  constructor(private readonly db: Db) {}

  /** The record's id, or null when it is waiting in memory for the database. */
  async record(input: AuditInput): Promise<number | null> {
    const row: Insertable<AuditTable> = {
      at: new Date().toISOString(),
      user_id: input.userId,
      username: input.username,
      action: input.action,
      source_id: input.sourceId,
      target: input.target,
      outcome: input.outcome,
      vendor_code: input.vendorCode ?? null,
      message: input.message ?? null,
      details_json: input.details ? JSON.stringify(input.details) : null,
    };
    try {
      const r = await this.db
        .insertInto('audit')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    } catch (e) {
      if (!isOutage(e)) throw e;
      if (this.pending.length >= MAX_PENDING) {
        this.pending.shift();
        this.dropped++;
      }
      this.pending.push(row);
      return null;
    }
  }

  /** Records waiting for the database, and how many were dropped because too many waited. */
  backlog(): { pending: number; dropped: number } {
    return { pending: this.pending.length, dropped: this.dropped };
  }

  /** Writes what was recorded during an outage, oldest first; keeps what still cannot be written. */
  async flush(): Promise<number> {
    let written = 0;
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, 500);
      await this.db.insertInto('audit').values(batch).execute();
      this.pending.splice(0, batch.length);
      written += batch.length;
    }
    return written;
  }

  async list(limit = 100): Promise<AuditRecord[]> {
    const rows = await this.db
      .selectFrom('audit')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /**
   * One page of records matching every given filter, newest first, with the number that match.
   * `from` and `to` are inclusive ISO instants (the `at` column sorts as text); `username` matches
   * case-insensitively, like sign-in; `action` is exact, or a prefix when it ends in `*`.
   */
  async query(
    filter: AuditFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: AuditRecord[]; total: number }> {
    let q = this.db.selectFrom('audit');
    if (filter.from) q = q.where('at', '>=', filter.from);
    if (filter.to) q = q.where('at', '<=', filter.to);
    if (filter.username)
      q = q.where(sql<string>`lower(username)`, '=', filter.username.toLowerCase());
    if (filter.action?.endsWith('*')) {
      // A prefix range rather than LIKE, so the action index serves it and '_'/'%' stay literal.
      const prefix = filter.action.slice(0, -1);
      q = q.where('action', '>=', prefix).where('action', '<', `${prefix}\u{10ffff}`);
    } else if (filter.action) {
      q = q.where('action', '=', filter.action);
    }
    if (filter.sourceId) q = q.where('source_id', '=', filter.sourceId);
    if (filter.outcome) q = q.where('outcome', '=', filter.outcome);
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
    ]);
    return { items: rows.map(toRecord), total: Number(count.n) };
  }

  /** Every distinct action in the trail, for a filter's choices. */
  async actions(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('audit')
      .select('action')
      .distinct()
      .orderBy('action')
      .execute();
    return rows.map((r) => r.action);
  }

  /** Actions counted by action and outcome, for /metrics. */
  async countsByOutcome(): Promise<Array<{ action: string; outcome: string; n: number }>> {
    const rows = await this.db
      .selectFrom('audit')
      .select(['action', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['action', 'outcome'])
      .execute();
    return rows.map((r) => ({ action: r.action, outcome: r.outcome, n: Number(r.n) }));
  }
}
