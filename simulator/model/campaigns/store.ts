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
const SORT_SUFFIX: Record<SortField, 'c' | 'u' | 's'> = { createdAt: 'c', updatedAt: 'u', scheduledAt: 's' };

const INDEXES = [
  // Sort indexes per (tenant, direction, status); rowid is implicitly the last key, so ORDER BY x, id
  // is free. Only created order has a status-less twin (i_t_c below): an unfiltered page in updated
  // or scheduled order merges one ordered run per status (eight at most, id and key only), which
  // costs little and saves two indexes (~0.7 s of build, ~40 MB).
  'CREATE INDEX i_ts_c ON entries(tenant, direction, status, created_at)',
  'CREATE INDEX i_ts_u ON entries(tenant, direction, status, updated_at)',
  'CREATE INDEX i_ts_s ON entries(tenant, direction, status, scheduled_at)',
  // The one status-less sort index: created order is what While1 pages through ("increment page
  // to walk everything") and Iqra's default; a deep page skips ~100k index entries here in ~2 ms
  // instead of merging eight runs (~17 ms). `id` right after created_at keeps ORDER BY
  // created_at, id free; status and the other two times ride along so that a created range
  // sorted by updated/scheduled time reads the range from this index alone (no table lookups).
  // ~40 MB and ~0.6 s of build at a million rows.
  'CREATE INDEX i_t_c ON entries(tenant, direction, created_at, id, status, updated_at, scheduled_at)',
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
  /** The page's ids, in order; null when the plan gave up (the next cheapest one runs). */
  run: () => number[] | null;
}

/** A range with a per-status index: created_at (i_ts_c) or scheduled_at (i_ts_s). */
type RangeKey = 'c' | 's';
/** Range counts for plan choice stop here: beyond it a range is not selective. */
const RANGE_CAP = 20_000;
/** A probe (see `probe()`) walks at most this many index entries per run... */
const PROBE_BUDGET = 3_000;
/** ...and is tried only for pages that end this early. */
const PROBE_MAX_NEED = 1_000;
/** What a probe's residual filter can test (every column `buildWhere` names, but phone/external). */
const PROBE_COLUMNS =
  'id, tenant, direction, status, campaign_id, agent_id, number_id, created_at, updated_at, scheduled_at, completed_at';

export class EntryStore {
  readonly db: Database.Database;
  private readonly groups = new Map<string, number>();
  /** created_at of every row per (tenant, direction), sorted: rows are never removed and the time never changes. */
  private readonly createdTimes = new Map<string, SortedTimes>();
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
        this.created(row).push(row.created_at);
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
    this.created(row).add(row.created_at);
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
    if (isCreatedRangeOnly(f)) {
      // "Created between" alone (Iqra's date filters, While1's date_between): two binary searches.
      return this.created(f).count(f.createdFrom ?? -Infinity, f.createdTo ?? Infinity);
    }
    const index = this.countIndex(f);
    // The sort indexes lead with status: list every status so SQLite can range-scan each one.
    const w = buildWhere(
      /^i_[tc]s_/.test(index) && !f.statuses ? { ...f, statuses: ALL_STATUSES } : f,
    );
    const sql = `SELECT count(*) AS n FROM entries INDEXED BY ${index} WHERE ${w.sql}`;
    return (this.stmt(sql).get(...w.params) as { n: number }).n;
  }

  page(q: EntryPageQuery): EntryRow[] {
    return this.rows(this.choose(q.filter, q.sort, q.order, q.limit, q.offset, (w) => w));
  }

  /** Keyset page over (created_at, id), the order Iqra's cursor API uses. */
  keyset(q: EntryKeysetQuery): EntryRow[] {
    const cmp = q.order === 'asc' ? '>' : '<';
    const after = q.after;
    const extend = (w: Where): Where =>
      after
        ? {
            sql: `${w.sql} AND (created_at, id) ${cmp} (?, ?)`,
            params: [...w.params, after.createdAt, after.id],
          }
        : w;
    return this.rows(this.choose(q.filter, 'createdAt', q.order, q.limit, 0, extend));
  }

  close(): void {
    this.db.close();
  }

  /** Full rows for ids, in the order given (the deferred half of every page). */
  private rows(ids: readonly number[]): EntryRow[] {
    const out: EntryRow[] = [];
    for (const id of ids) {
      const row = this.getStmt.get(id) as EntryRow | undefined;
      if (row) out.push(row);
    }
    return out;
  }

  /**
   * Picks the cheapest way to produce one ordered page and returns its ids (the caller fetches the
   * rows: a deep page must not materialise the rows it skips). The workhorse is a merge of ordered
   * runs: one arm per status (or per campaign x status, agent x status) on an index whose trailing
   * key is the sort column, id and sort key only, merged by a compound ORDER BY (SQLite streams
   * it: no sort, and OFFSET skips index entries, not rows). The cost of a run is the rows it must
   * walk to find its share of matches: the aggregate gives that exactly for status/campaign/agent,
   * and created/scheduled ranges are counted on their index per status (capped), so a range that
   * matches nothing returns at once and a selective one is read through its own index and sorted.
   */
  private choose(
    f: EntryFilter,
    sort: SortField,
    order: 'asc' | 'desc',
    limit: number,
    offset: number,
    extend: (w: Where) => Where,
  ): number[] {
    if (hasEmptySet(f) || limit <= 0) return [];
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    const col = SORT_COLUMN[sort];
    const orderBy = `ORDER BY ${col} ${dir}, id ${dir}`;
    const need = offset + limit;
    const suffix = SORT_SUFFIX[sort];
    /** One ordered run read through `index`, sorted by SQLite if the index does not give the order. */
    const single = (index: string, filter: EntryFilter = f) => {
      const w = extend(buildWhere(filter));
      const sql = `SELECT id FROM entries INDEXED BY ${index} WHERE ${w.sql} ${orderBy} LIMIT ? OFFSET ?`;
      return this.stmt(sql)
        .pluck()
        .all(...w.params, limit, offset) as number[];
    };
    const merge = (index: string, runs: EntryFilter[]) => {
      if (runs.length === 1) return single(index, runs[0]);
      const parts: string[] = [];
      const params: Params = [];
      for (const r of runs) {
        const w = extend(buildWhere(r));
        parts.push(`SELECT id, ${col} AS k FROM entries INDEXED BY ${index} WHERE ${w.sql}`);
        params.push(...w.params);
      }
      const sql = `${parts.join(' UNION ALL ')} ORDER BY k ${dir}, id ${dir} LIMIT ? OFFSET ?`;
      return this.stmt(sql)
        .pluck()
        .all(...params, limit, offset) as number[];
    };
    if (f.phones) return single('i_phone');
    if (f.externalIds) return single('i_ext');

    const candidates = (f.statuses ? [...new Set(f.statuses)] : ALL_STATUSES).filter(
      (st) => this.estimate({ ...f, statuses: [st] }) > 0,
    );
    // Ranges with a per-status index: rows of each status inside the range (capped count).
    const ranges: RangeKey[] = [];
    if (f.createdFrom !== undefined || f.createdTo !== undefined) ranges.push('c');
    if (
      (f.scheduledFrom !== undefined || f.scheduledTo !== undefined) &&
      !f.scheduledToIncludesNull
    )
      ranges.push('s');
    const inRange = new Map<RangeKey, Map<Status, number>>();
    for (const r of ranges) inRange.set(r, new Map());
    const statuses = candidates.filter((st) =>
      ranges.every((r) => {
        const n = this.rangeCount(f, r, st);
        inRange.get(r)?.set(st, n);
        return n > 0;
      }),
    );
    if (statuses.length === 0) return [];
    if (f.completedFrom !== undefined || f.completedTo !== undefined) {
      if (this.completedCount(f) === 0) return [];
    }
    const total = (st: Status) =>
      this.estimate({ tenant: f.tenant, direction: f.direction, statuses: [st] });
    /** Share of a status's rows inside range `r` (a lower bound when the count hit the cap). */
    const share = (r: RangeKey, st: Status) => {
      const t = total(st);
      return t > 0 ? Math.min(1, (inRange.get(r)?.get(st) ?? t) / t) : 0;
    };
    /** Share of a status's rows inside every range except the one on `except` (the sort key). */
    const residualShare = (st: Status, except: RangeKey | null) =>
      ranges.reduce((p, r) => (r === except ? p : p * share(r, st)), 1);
    const sortRange: RangeKey | null = suffix !== 'u' && ranges.includes(suffix) ? suffix : null;
    const otherRanges = ranges.some((r) => r !== sortRange);
    const completedRange = f.completedFrom !== undefined || f.completedTo !== undefined;

    const plans: Plan[] = [];
    // Rows an ordered run walks to find `need` matches when `matching` of its `inRun` rows pass the
    // residual filter spread evenly; a residual test on a column the index lacks costs a table
    // lookup per row (1), a covering step costs 0.1. Each merge arm adds a small fixed cost.
    const uniform = (inRun: number, matching: number) =>
      matching > 0 ? Math.min(inRun, (need * inRun) / matching) : 0;
    // The same when the matches cluster at the far end of the run (created and scheduled/updated
    // times are strongly correlated, so a created range is anything but spread evenly).
    const worst = (inRun: number, matching: number) =>
      matching > 0 ? Math.min(inRun, inRun - matching + need) : 0;
    const residualRange = otherRanges || completedRange;
    const byKey = (key: 'campaignIds' | 'agentIds', values: readonly number[], index: string) => {
      const runs: EntryFilter[] = [];
      let cost = 0;
      const lookup =
        residualRange ||
        f.numberIds !== undefined ||
        (key === 'campaignIds' ? f.agentIds !== undefined : f.campaignIds !== undefined);
      for (const v of new Set(values)) {
        for (const st of statuses) {
          const run: EntryFilter = { ...f, [key]: [v], statuses: [st] };
          const agg = this.estimate(run);
          if (agg === 0) continue;
          const base = this.estimate({
            tenant: f.tenant,
            direction: f.direction,
            [key]: [v],
            statuses: [st],
          });
          const inRun = base * (sortRange ? share(sortRange, st) : 1);
          const matching = agg * residualShare(st, sortRange);
          cost += (residualRange ? worst : uniform)(inRun, matching) * (lookup ? 1 : 0.1) + 5;
          runs.push(run);
        }
      }
      if (runs.length > 0 && runs.length <= 64) plans.push({ cost, run: () => merge(index, runs) });
    };

    // The status runs of the sort index, merged.
    {
      const lookup =
        residualRange ||
        f.campaignIds !== undefined ||
        f.agentIds !== undefined ||
        f.numberIds !== undefined;
      let even = 0;
      let bad = 0;
      for (const st of statuses) {
        const inRun = total(st) * (sortRange ? share(sortRange, st) : 1);
        const matching = this.estimate({ ...f, statuses: [st] }) * residualShare(st, sortRange);
        even += uniform(inRun, matching) * (lookup ? 1 : 0.1) + 5;
        bad += worst(inRun, matching) * (lookup ? 1 : 0.1) + 5;
      }
      const index = `i_ts_${suffix}`;
      const runs = statuses.map((st) => ({ ...f, statuses: [st] }));
      if (residualRange && need <= PROBE_MAX_NEED) {
        // Hope for the even spread, but walk at most a budget per run; give up past it.
        plans.push({ cost: even, run: () => this.probe(index, runs, col, order, limit, offset, extend) });
        plans.push({ cost: bad, run: () => merge(index, runs) });
      } else {
        plans.push({ cost: residualRange ? bad : even, run: () => merge(index, runs) });
      }
    }
    // i_t_c holds status and the three times: only these filters cost a table lookup per row.
    const tcLookup =
      completedRange ||
      f.campaignIds !== undefined ||
      f.agentIds !== undefined ||
      f.numberIds !== undefined;
    // Created order without a status: one run on the status-less index (a deep page skips index
    // entries only); statuses and time ranges are tested in the index.
    if (sort === 'createdAt') {
      let inRun = 0;
      let matching = 0;
      // The walk passes every status (a status filter is a residual test here).
      for (const st of ALL_STATUSES) {
        const t = total(st);
        if (t === 0) continue;
        // Rows of the status inside the created range when counted (the cap is a lower bound).
        inRun += (sortRange ? inRange.get(sortRange)?.get(st) : undefined) ?? t;
      }
      for (const st of statuses)
        matching += this.estimate({ ...f, statuses: [st] }) * residualShare(st, sortRange);
      const walked = (residualRange ? worst : uniform)(inRun, matching);
      plans.push({ cost: walked * (tcLookup ? 1 : 0.1) + 4, run: () => single('i_t_c') });
    }
    // A range on another column than the sort key: read every row in the range through an index
    // on it and sort them (SQLite keeps the top offset+limit). For a created range that is i_t_c,
    // which also holds the sort keys (no lookups unless campaign/agent/number/completed filter);
    // a scheduled range goes through i_ts_s and a lookup per row. Costed with the capped counts,
    // so a range past the cap is at least that dear.
    for (const r of ranges) {
      if (r === sortRange) continue;
      let rows = 0;
      for (const st of statuses) rows += inRange.get(r)?.get(st) ?? 0;
      if (r === 'c') {
        plans.push({ cost: rows * (tcLookup ? 1.5 : 0.15) + 5, run: () => single('i_t_c') });
      } else {
        plans.push({ cost: rows * 1.5 + 5, run: () => single('i_ts_s', { ...f, statuses }) });
      }
    }
    if (f.campaignIds) byKey('campaignIds', f.campaignIds, `i_cs_${suffix}`);
    if (f.agentIds) {
      if (sort === 'createdAt') byKey('agentIds', f.agentIds, 'i_as_c');
      // Otherwise fetch the agent's rows through its index and sort them.
      let n = 0;
      for (const st of statuses) {
        n +=
          this.estimate({
            tenant: f.tenant,
            direction: f.direction,
            agentIds: f.agentIds,
            statuses: [st],
          }) * (ranges.includes('c') ? share('c', st) : 1);
      }
      plans.push({ cost: n * 3, run: () => single('i_as_c', { ...f, statuses }) });
    }
    plans.sort((a, b) => a.cost - b.cost);
    for (const plan of plans) {
      const ids = plan.run();
      if (ids) return ids;
    }
    return merge(`i_ts_${suffix}`, statuses.map((st) => ({ ...f, statuses: [st] })));
  }

  /**
   * A merge of ordered runs that walks at most PROBE_BUDGET index entries per run (rows in sort
   * order, residual filter applied to those): the answer is exact when every run either ended
   * inside its budget or found `offset + limit` matches in it. Returns null otherwise, so the
   * planner can fall back to the next plan instead of walking a run to its end.
   */
  private probe(
    index: string,
    runs: EntryFilter[],
    col: string,
    order: 'asc' | 'desc',
    limit: number,
    offset: number,
    extend: (w: Where) => Where,
  ): number[] | null {
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    const need = offset + limit;
    const hits: [number, number | null][] = [];
    for (const run of runs) {
      const inner = buildWhere({
        tenant: run.tenant,
        direction: run.direction,
        ...(run.statuses ? { statuses: run.statuses } : {}),
      });
      const w = extend(buildWhere(run));
      const sql = `SELECT id, ${col} AS k FROM (SELECT ${PROBE_COLUMNS} FROM entries INDEXED BY ${index} WHERE ${inner.sql} ORDER BY ${col} ${dir}, id ${dir} LIMIT ${PROBE_BUDGET}) WHERE ${w.sql} ORDER BY ${col} ${dir}, id ${dir} LIMIT ?`;
      const got = this.stmt(sql)
        .raw()
        .all(...inner.params, ...w.params, need) as [number, number | null][];
      // Fewer than `need` matches is the whole answer only if the walk reached the run's end.
      const walked = this.estimate({
        tenant: run.tenant,
        direction: run.direction,
        ...(run.statuses ? { statuses: run.statuses } : {}),
      });
      if (got.length < need && walked > PROBE_BUDGET) return null;
      for (const g of got) hits.push(g);
    }
    // SQLite's order: NULL before any number, ties by id.
    const sign = order === 'asc' ? 1 : -1;
    hits.sort((a, b) => {
      const ka = a[1] ?? -Infinity;
      const kb = b[1] ?? -Infinity;
      return ka !== kb ? (ka < kb ? -sign : sign) : (a[0] - b[0]) * sign;
    });
    return hits.slice(offset, need).map((h) => h[0]);
  }

  /**
   * Rows of one status inside the filter's created (`c`) or scheduled (`s`) range, counted on that
   * range's index up to RANGE_CAP (a covering walk: ~1 ms at the cap).
   */
  private rangeCount(f: EntryFilter, r: RangeKey, st: Status): number {
    const sub: EntryFilter = { tenant: f.tenant, direction: f.direction, statuses: [st] };
    if (r === 'c') {
      if (f.createdFrom !== undefined) sub.createdFrom = f.createdFrom;
      if (f.createdTo !== undefined) sub.createdTo = f.createdTo;
    } else {
      if (f.scheduledFrom !== undefined) sub.scheduledFrom = f.scheduledFrom;
      if (f.scheduledTo !== undefined) sub.scheduledTo = f.scheduledTo;
    }
    const w = buildWhere(sub);
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM entries INDEXED BY i_ts_${r} WHERE ${w.sql} LIMIT ${RANGE_CAP})`;
    return (this.stmt(sql).get(...w.params) as { n: number }).n;
  }

  /** Rows of the tenant/direction with a completion time in the filter's range (capped: 0 or not). */
  private completedCount(f: EntryFilter): number {
    const w = buildWhere({
      tenant: f.tenant,
      direction: f.direction,
      ...(f.completedFrom !== undefined ? { completedFrom: f.completedFrom } : {}),
      ...(f.completedTo !== undefined ? { completedTo: f.completedTo } : {}),
    });
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM entries INDEXED BY i_comp WHERE completed_at IS NOT NULL AND ${w.sql} LIMIT 1)`;
    return (this.stmt(sql).get(...w.params) as { n: number }).n;
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

  private created(f: Pick<EntryFilter, 'tenant' | 'direction'>): SortedTimes {
    const key = `${f.tenant}|${f.direction}`;
    let times = this.createdTimes.get(key);
    if (!times) {
      times = new SortedTimes();
      this.createdTimes.set(key, times);
    }
    return times;
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

function isCreatedRangeOnly(f: EntryFilter): boolean {
  return (
    (f.createdFrom !== undefined || f.createdTo !== undefined) &&
    !f.statuses &&
    !f.campaignIds &&
    !f.agentIds &&
    !f.numberIds &&
    !f.phones &&
    !f.externalIds &&
    f.scheduledFrom === undefined &&
    f.scheduledTo === undefined &&
    f.completedFrom === undefined &&
    f.completedTo === undefined
  );
}

/**
 * A growable sorted array of times: `push()` in any order (bulk load; sorted once, on next use), or
 * `add()` in place (new entries are created "now", so that is an append in practice).
 */
class SortedTimes {
  private a = new Float64Array(1024);
  private n = 0;
  private sorted = true;

  push(t: number): void {
    if (this.n === this.a.length) this.grow();
    this.a[this.n++] = t;
    this.sorted = false;
  }

  add(t: number): void {
    this.sort();
    const at = this.bound(t, false);
    if (this.n === this.a.length) this.grow();
    this.a.copyWithin(at + 1, at, this.n);
    this.a[at] = t;
    this.n += 1;
  }

  /** Times in [from, to]. */
  count(from: number, to: number): number {
    this.sort();
    return to < from ? 0 : this.bound(to, false) - this.bound(from, true);
  }

  private sort(): void {
    if (this.sorted) return;
    this.a.subarray(0, this.n).sort();
    this.sorted = true;
  }

  /** First index whose time is >= t (strict=true) or > t (strict=false). */
  private bound(t: number, strict: boolean): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.a[mid] as number;
      if (strict ? v < t : v <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    const next = new Float64Array(this.a.length * 2);
    next.set(this.a);
    this.a = next;
  }
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
