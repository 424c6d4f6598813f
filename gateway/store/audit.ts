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
    return rows.map((r) => ({
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
    }));
  }

  /** Actions counted by action and outcome, for /metrics. */
  countsByOutcome(): Array<{ action: string; outcome: string; n: number }> {
    return this.db
      .prepare('SELECT action, outcome, count(*) AS n FROM audit GROUP BY action, outcome')
      .all() as Array<{ action: string; outcome: string; n: number }>;
  }
}
