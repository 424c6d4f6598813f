/**
 * Entry storage: an in-memory SQLite table with covering indexes, plus an in-memory aggregate of
 * row counts per (tenant, direction, campaign, agent, status).
 *
 * Why SQLite: a million entries must list, count, filter and sort in well under 50 ms. B-tree
 * indexes give ordered, filtered pages without scanning; the aggregate answers the dashboard's
 * common counts (by status / campaign / agent) in O(groups) instead of walking an index.
 *
 * Why our own plan choice (INDEXED BY): SQLite's planner does not know that campaigns and statuses
 * are correlated or how skewed they are, and a wrong guess costs a sort of hundreds of thousands of
 * rows. The aggregate gives exact cardinalities, so we pick the index by estimated rows touched.
 */
import Database from 'better-sqlite3';
import type {
  Direction,
  EntryFilter,
  EntryKeysetQuery,
  EntryPageQuery,
  EntryRow,
  SortField,
  Status,
} from './types';

const COLUMNS = [
  'id',
  'tenant',
  'direction',
  'campaign_id',
  'agent_id',
  'number_id',
  'status',
  'phone',
  'created_at',
  'updated_at',
  'scheduled_at',
  'started_at',
  'connected_at',
  'completed_at',
  'retry_count',
  'max_retries',
  'end_type',
  'expires_at',
  'external_id',
  'extra',
] as const satisfies readonly (keyof EntryRow)[];

const SORT_COLUMN: Record<SortField, string> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  scheduledAt: 'scheduled_at',
};
const SORT_SUFFIX: Record<SortField, string> = { createdAt: 'c', updatedAt: 'u', scheduledAt: 's' };

const INDEXES = [
  // Sort indexes per (tenant, direction, status); rowid is implicitly the last key, so ORDER BY x, id
  // is free. There is no status-less twin: an unfiltered page merges one ordered run per status
  // (eight at most), which costs little and saves three indexes (a second of build, ~60 MB).
  'CREATE INDEX i_ts_c ON entries(tenant, direction, status, created_at)',
  'CREATE INDEX i_ts_u ON entries(tenant, direction, status, updated_at)',
  'CREATE INDEX i_ts_s ON entries(tenant, direction, status, scheduled_at)',
  'CREATE INDEX i_comp ON entries(tenant, direction, completed_at) WHERE completed_at IS NOT NULL',
  // Campaign-led twins: campaigns and created_at are strongly correlated (a campaign's entries are
  // uploaded together), so a residual campaign test on i_ts_* can walk a whole other campaign.
  // i_cs_s is also the dialer's "next due entry" index.
  'CREATE INDEX i_cs_c ON entries(campaign_id, status, created_at)',
  'CREATE INDEX i_cs_u ON entries(campaign_id, status, updated_at)',
  'CREATE INDEX i_cs_s ON entries(campaign_id, status, scheduled_at)',
  'CREATE INDEX i_as_c ON entries(agent_id, status, created_at)',
  'CREATE INDEX i_phone ON entries(phone)',
  'CREATE INDEX i_ext ON entries(external_id) WHERE external_id IS NOT NULL',
];

type Params = (string | number | null)[];
interface Where {
  sql: string;
  params: Params;
}

const ALL_STATUSES: readonly Status[] = [0, 1, 2, 3, 4, 5, 6, 7];

/** Rows a plan is expected to touch before the page is full; the cheapest plan wins. */
interface Plan {
  cost: number;
  run: () => EntryRow[];
}

export class EntryStore {
  readonly db: Database.Database;
  private readonly groups = new Map<string, number>();
  private readonly statements = new Map<string, Database.Statement>();
  private indexed = false;
  private readonly insertStmt: Database.Statement;
  private readonly updateStmt: Database.Statement;
  private readonly getStmt: Database.Statement;

  constructor() {
    this.db = new Database(':memory:');
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('temp_store = MEMORY');
    this.db.exec(`CREATE TABLE entries (
      id INTEGER PRIMARY KEY,
      tenant INTEGER NOT NULL,
      direction INTEGER NOT NULL,
      campaign_id INTEGER,
      agent_id INTEGER,
      number_id INTEGER,
      status INTEGER NOT NULL,
      phone INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      scheduled_at INTEGER,
      started_at INTEGER,
      connected_at INTEGER,
      completed_at INTEGER,
      retry_count INTEGER NOT NULL,
      max_retries INTEGER NOT NULL,
      end_type INTEGER,
      expires_at INTEGER,
      external_id TEXT,
      extra TEXT
    )`);
    this.insertStmt = this.db.prepare(
      `INSERT INTO entries (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`,
    );
    this.updateStmt = this.db.prepare(
      `UPDATE entries SET status=?, updated_at=?, scheduled_at=?, started_at=?, connected_at=?,
       completed_at=?, retry_count=?, end_type=?, extra=? WHERE id=?`,
    );
    this.getStmt = this.db.prepare('SELECT * FROM entries WHERE id = ?');
  }

  /**
   * Loads many rows in one transaction. Call before `createIndexes()`: building an index once over
   * sorted data is several times faster than maintaining eleven of them row by row.
   */
  bulkInsert(rows: Iterable<EntryRow>): number {
    let n = 0;
    const tx = this.db.transaction(() => {
      for (const row of rows) {
        this.insertStmt.run(
          row.id,
          row.tenant,
          row.direction,
          row.campaign_id,
          row.agent_id,
          row.number_id,
          row.status,
          row.phone,
          row.created_at,
          row.updated_at,
          row.scheduled_at,
          row.started_at,
          row.connected_at,
          row.completed_at,
          row.retry_count,
          row.max_retries,
          row.end_type,
          row.expires_at,
          row.external_id,
          row.extra,
        );
        this.bump(row, 1);
        n += 1;
      }
    });
    tx();
    return n;
  }

  createIndexes(): void {
    if (this.indexed) return;
    for (const sql of INDEXES) this.db.exec(sql);
    this.indexed = true;
  }

  /** Inserts one row; `id` is assigned when 0. Returns the id. */
  insert(row: EntryRow): number {
    const values = COLUMNS.map((c) => (c === 'id' && row.id === 0 ? null : row[c]));
    const info = this.insertStmt.run(...values);
    const id = Number(info.lastInsertRowid);
    this.bump(row, 1);
    return id;
  }

  get(id: number): EntryRow | undefined {
    return this.getStmt.get(id) as EntryRow | undefined;
  }

  /** Persists the mutable lifecycle columns of `next` (which must be the row read, then changed). */
  update(prev: EntryRow, next: EntryRow): void {
    this.updateStmt.run(
      next.status,
      next.updated_at,
      next.scheduled_at,
      next.started_at,
      next.connected_at,
      next.completed_at,
      next.retry_count,
      next.end_type,
      next.extra,
      next.id,
    );
    if (prev.status !== next.status) {
      this.bump(prev, -1);
      this.bump(next, 1);
    }
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Earliest pending entry of a campaign; no schedule means "as soon as possible" (sorts first). */
  nextPending(campaignId: number): { id: number; due: number } | undefined {
    const row = this.stmt(
      'SELECT id, coalesce(scheduled_at, created_at) AS due FROM entries INDEXED BY i_cs_s WHERE campaign_id = ? AND status = 0 ORDER BY scheduled_at, id LIMIT 1',
    ).get(campaignId) as { id: number; due: number } | undefined;
    return row;
  }

  size(): number {
    let n = 0;
    for (const v of this.groups.values()) n += v;
    return n;
  }

  /** Counts per status for a tenant/direction (and optionally campaign), from the aggregate. */
  countByStatus(tenant: number, direction: Direction, campaignId?: number): Map<Status, number> {
    const out = new Map<Status, number>();
    for (const [key, n] of this.groups) {
      const [t, d, c, , s] = key.split('|');
      if (Number(t) !== tenant || Number(d) !== direction) continue;
      if (campaignId !== undefined && c !== String(campaignId)) continue;
      const status = Number(s) as Status;
      out.set(status, (out.get(status) ?? 0) + n);
    }
    return out;
  }

  count(f: EntryFilter): number {
    if (hasEmptySet(f)) return 0;
    if (isAggregateOnly(f)) return this.estimate(f);
    const index = this.countIndex(f);
    // The sort indexes lead with status: list every status so SQLite can range-scan each one.
    const w = buildWhere(
      /^i_[tc]s_/.test(index) && !f.statuses ? { ...f, statuses: ALL_STATUSES } : f,
    );
    const sql = `SELECT count(*) AS n FROM entries INDEXED BY ${index} WHERE ${w.sql}`;
    return (this.stmt(sql).get(...w.params) as { n: number }).n;
  }

  page(q: EntryPageQuery): EntryRow[] {
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    const col = SORT_COLUMN[q.sort];
    return this.choose(
      q.filter,
      q.sort,
      `ORDER BY ${col} ${dir}, id ${dir}`,
      q.limit,
      q.offset,
      (w) => w,
    );
  }

  /** Keyset page over (created_at, id), the order Iqra's cursor API uses. */
  keyset(q: EntryKeysetQuery): EntryRow[] {
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    const cmp = q.order === 'asc' ? '>' : '<';
    const after = q.after;
    const extend = (w: Where): Where =>
      after
        ? {
            sql: `${w.sql} AND (created_at, id) ${cmp} (?, ?)`,
            params: [...w.params, after.createdAt, after.id],
          }
        : w;
    return this.choose(
      q.filter,
      'createdAt',
      `ORDER BY created_at ${dir}, id ${dir}`,
      q.limit,
      0,
      extend,
    );
  }

  close(): void {
    this.db.close();
  }

  /**
   * Picks the cheapest way to produce one ordered page. The workhorse is a merge of ordered runs:
   * one sub-query per status (or per campaign x status, agent x status) on an index whose trailing
   * key is the sort column, each limited to offset+limit rows, merged by the outer ORDER BY. The
   * cost of a run is the rows it must walk to find its share of matches, which the aggregate gives
   * exactly for status/campaign/agent; ranges are applied inside the runs.
   */
  private choose(
    f: EntryFilter,
    sort: SortField,
    orderBy: string,
    limit: number,
    offset: number,
    extend: (w: Where) => Where,
  ): EntryRow[] {
    if (hasEmptySet(f) || limit <= 0) return [];
    const need = offset + limit;
    const suffix = SORT_SUFFIX[sort];
    const single = (index: string, filter: EntryFilter = f) => {
      const w = extend(buildWhere(filter));
      const sql = `SELECT * FROM entries INDEXED BY ${index} WHERE ${w.sql} ${orderBy} LIMIT ${limit} OFFSET ${offset}`;
      return this.stmt(sql).all(...w.params) as EntryRow[];
    };
    const merge = (index: string, runs: EntryFilter[]) => {
      if (runs.length === 1) return single(index, runs[0]);
      const parts: string[] = [];
      const params: Params = [];
      for (const r of runs) {
        const w = extend(buildWhere(r));
        parts.push(
          `SELECT * FROM (SELECT * FROM entries INDEXED BY ${index} WHERE ${w.sql} ${orderBy} LIMIT ${need})`,
        );
        params.push(...w.params);
      }
      const sql = `SELECT * FROM (${parts.join(' UNION ALL ')}) ${orderBy} LIMIT ${limit} OFFSET ${offset}`;
      return this.stmt(sql).all(...params) as EntryRow[];
    };
    if (f.phones) return single('i_phone');
    if (f.externalIds) return single('i_ext');

    const statuses = (f.statuses ? [...new Set(f.statuses)] : ALL_STATUSES).filter(
      (st) => this.estimate({ ...f, statuses: [st] }) > 0,
    );
    if (statuses.length === 0) return [];
    const plans: Plan[] = [];
    // Cost of walking an ordered run of `inRun` rows of which `matching` pass the residual filter.
    const walk = (inRun: number, matching: number) =>
      matching > 0 ? Math.min(inRun, (need * inRun) / matching) : 0;
    const byKey = (key: 'campaignIds' | 'agentIds', values: readonly number[], index: string) => {
      const runs: EntryFilter[] = [];
      let cost = 0;
      for (const v of new Set(values)) {
        for (const st of statuses) {
          const run: EntryFilter = { ...f, [key]: [v], statuses: [st] };
          const matching = this.estimate(run);
          if (matching === 0) continue;
          cost +=
            walk(
              this.estimate({
                tenant: f.tenant,
                direction: f.direction,
                [key]: [v],
                statuses: [st],
              }),
              matching,
            ) +
            need * 0.2;
          runs.push(run);
        }
      }
      if (runs.length > 0 && runs.length <= 64) plans.push({ cost, run: () => merge(index, runs) });
    };

    let cost = 0;
    for (const st of statuses) {
      cost +=
        walk(
          this.estimate({ tenant: f.tenant, direction: f.direction, statuses: [st] }),
          this.estimate({ ...f, statuses: [st] }),
        ) +
        need * 0.2;
    }
    plans.push({
      cost,
      run: () =>
        merge(
          `i_ts_${suffix}`,
          statuses.map((st) => ({ ...f, statuses: [st] })),
        ),
    });
    if (f.campaignIds) byKey('campaignIds', f.campaignIds, `i_cs_${suffix}`);
    if (f.agentIds) {
      if (sort === 'createdAt') byKey('agentIds', f.agentIds, 'i_as_c');
      // Otherwise fetch the agent's rows through its index and sort them.
      const n = this.estimate({
        tenant: f.tenant,
        direction: f.direction,
        agentIds: f.agentIds,
        statuses,
      });
      plans.push({ cost: n * 3, run: () => single('i_as_c', { ...f, statuses }) });
    }
    plans.sort((a, b) => a.cost - b.cost);
    return (plans[0] as Plan).run();
  }

  private countIndex(f: EntryFilter): string {
    if (f.phones) return 'i_phone';
    if (f.externalIds) return 'i_ext';
    const lead = f.campaignIds ? 'cs' : 'ts';
    if (f.createdFrom !== undefined || f.createdTo !== undefined) return `i_${lead}_c`;
    if (f.completedFrom !== undefined || f.completedTo !== undefined) return 'i_comp';
    if (
      (f.scheduledFrom !== undefined || f.scheduledTo !== undefined) &&
      !f.scheduledToIncludesNull
    )
      return `i_${lead}_s`;
    return `i_${lead}_c`;
  }

  /** Exact count of rows matching the aggregate dimensions of `f` (ignores ranges, phones, numbers). */
  private estimate(f: EntryFilter): number {
    const statuses = f.statuses ? new Set<number>(f.statuses) : null;
    const campaigns = f.campaignIds ? new Set<number>(f.campaignIds) : null;
    const agents = f.agentIds ? new Set<number>(f.agentIds) : null;
    const prefix = `${f.tenant}|${f.direction}|`;
    let n = 0;
    for (const [key, count] of this.groups) {
      if (!key.startsWith(prefix)) continue;
      const [, , c, a, s] = key.split('|');
      if (statuses && !statuses.has(Number(s))) continue;
      if (campaigns && (c === '' || !campaigns.has(Number(c)))) continue;
      if (agents && (a === '' || !agents.has(Number(a)))) continue;
      n += count;
    }
    return n;
  }

  private bump(
    row: Pick<EntryRow, 'tenant' | 'direction' | 'campaign_id' | 'agent_id' | 'status'>,
    delta: number,
  ): void {
    const key = `${row.tenant}|${row.direction}|${row.campaign_id ?? ''}|${row.agent_id ?? ''}|${row.status}`;
    const n = (this.groups.get(key) ?? 0) + delta;
    if (n === 0) this.groups.delete(key);
    else this.groups.set(key, n);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      // Filters vary in arity; a bounded cache keeps prepared plans for the common shapes.
      if (this.statements.size > 500) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

function hasEmptySet(f: EntryFilter): boolean {
  return [f.statuses, f.campaignIds, f.agentIds, f.numberIds, f.phones, f.externalIds].some(
    (v) => v !== undefined && v.length === 0,
  );
}

function isAggregateOnly(f: EntryFilter): boolean {
  return (
    !f.phones &&
    !f.externalIds &&
    !f.numberIds &&
    f.createdFrom === undefined &&
    f.createdTo === undefined &&
    f.scheduledFrom === undefined &&
    f.scheduledTo === undefined &&
    f.completedFrom === undefined &&
    f.completedTo === undefined
  );
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(',');
}

function buildWhere(f: EntryFilter): { sql: string; params: Params } {
  const parts = ['tenant = ?', 'direction = ?'];
  const params: Params = [f.tenant, f.direction];
  const inList = (col: string, values: readonly (number | string)[] | undefined) => {
    if (!values) return;
    const unique = [...new Set(values)];
    if (unique.length === 1) parts.push(`${col} = ?`);
    else parts.push(`${col} IN (${placeholders(unique.length)})`);
    params.push(...unique);
  };
  inList('status', f.statuses);
  inList('campaign_id', f.campaignIds);
  inList('agent_id', f.agentIds);
  inList('number_id', f.numberIds);
  inList('phone', f.phones);
  inList('external_id', f.externalIds);
  const range = (col: string, from: number | undefined, to: number | undefined) => {
    if (from !== undefined) {
      parts.push(`${col} >= ?`);
      params.push(from);
    }
    if (to !== undefined) {
      parts.push(`${col} <= ?`);
      params.push(to);
    }
  };
  range('created_at', f.createdFrom, f.createdTo);
  range('completed_at', f.completedFrom, f.completedTo);
  if (f.scheduledToIncludesNull && f.scheduledTo !== undefined) {
    parts.push('(scheduled_at IS NULL OR scheduled_at <= ?)');
    params.push(f.scheduledTo);
    range('scheduled_at', f.scheduledFrom, undefined);
  } else {
    range('scheduled_at', f.scheduledFrom, f.scheduledTo);
  }
  return { sql: parts.join(' AND '), params };
}
