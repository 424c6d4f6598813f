import type { Db } from './db';

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

function toRecord(r: Record<string, unknown>): AuditRecord {
  return {
    id: r.id as number,
    at: r.at as string,
    userId: (r.user_id as string | null) ?? null,
    username: (r.username as string | null) ?? null,
    action: r.action as string,
    sourceId: (r.source_id as string | null) ?? null,
    target: (r.target as string | null) ?? null,
    outcome: r.outcome as AuditRecord['outcome'],
    vendorCode: (r.vendor_code as string | null) ?? null,
    message: (r.message as string | null) ?? null,
    details: r.details_json
      ? (JSON.parse(r.details_json as string) as Record<string, unknown>)
      : null,
  };
}

/** Append-only audit trail of every action: who, when, what, on which source and target, outcome. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  record(input: AuditInput): number {
    const r = this.db
      .prepare(
        `INSERT INTO audit (at, user_id, username, action, source_id, target, outcome, vendor_code, message, details_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        new Date().toISOString(),
        input.userId,
        input.username,
        input.action,
        input.sourceId,
        input.target,
        input.outcome,
        input.vendorCode ?? null,
        input.message ?? null,
        input.details ? JSON.stringify(input.details) : null,
      );
    return Number(r.lastInsertRowid);
  }

  list(limit = 100): AuditRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?')
      .all(limit) as Array<Record<string, unknown>>;
    return rows.map(toRecord);
  }

  /**
   * One page of records matching every given filter, newest first, with the number that match.
   * `from` and `to` are inclusive ISO instants (the `at` column sorts as text); `username` matches
   * case-insensitively, like sign-in; `action` is exact, or a prefix when it ends in `*`.
   */
  query(
    filter: AuditFilter,
    page: number,
    pageSize: number,
  ): { items: AuditRecord[]; total: number } {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (filter.from) {
      where.push('at >= @from');
      params.from = filter.from;
    }
    if (filter.to) {
      where.push('at <= @to');
      params.to = filter.to;
    }
    if (filter.username) {
      where.push('username = @username COLLATE NOCASE');
      params.username = filter.username;
    }
    if (filter.action?.endsWith('*')) {
      // A prefix range rather than LIKE, so the action index serves it and '_'/'%' stay literal.
      const prefix = filter.action.slice(0, -1);
      where.push('action >= @actionFrom AND action < @actionTo');
      params.actionFrom = prefix;
      params.actionTo = `${prefix}\u{10ffff}`;
    } else if (filter.action) {
      where.push('action = @action');
      params.action = filter.action;
    }
    if (filter.sourceId) {
      where.push('source_id = @sourceId');
      params.sourceId = filter.sourceId;
    }
    if (filter.outcome) {
      where.push('outcome = @outcome');
      params.outcome = filter.outcome;
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM audit ${clause}`).get(params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT * FROM audit ${clause} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: pageSize, offset: (page - 1) * pageSize }) as Array<
      Record<string, unknown>
    >;
    return { items: rows.map(toRecord), total };
  }

  /** Every distinct action in the trail, for a filter's choices. */
  actions(): string[] {
    return (
      this.db.prepare('SELECT DISTINCT action FROM audit ORDER BY action').all() as Array<{
        action: string;
      }>
    ).map((r) => r.action);
  }

  /** Actions counted by action and outcome, for /metrics. */
  countsByOutcome(): Array<{ action: string; outcome: string; n: number }> {
    return this.db
      .prepare('SELECT action, outcome, count(*) AS n FROM audit GROUP BY action, outcome')
      .all() as Array<{ action: string; outcome: string; n: number }>;
  }
}
