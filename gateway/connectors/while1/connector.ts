import type { ScheduleCallbackRequest } from '@contract/actions';
import type { EntryDirection, EntryStatus, QueueEntryDetail } from '@contract/entry';
import type { Capabilities } from '@contract/source';
import type { SourceConfig } from '../../config';
import { VendorHttp, parseJson, type HttpLogger } from '../http';
import {
  VendorError,
  type ConnectorCampaign,
  type ConnectorEntriesPage,
  type Connector,
  type EntriesRequest,
} from '../types';
import { formatLocal } from './local-time';
import { signedBody, type PhpValue } from './php-query';
import { Envelope, ResultRow } from './schemas';
import { VENDOR_STATUS_FILTER, toDetail, toEntry } from './to-domain';

type While1Config = Extract<SourceConfig, { kind: 'while1' }>;
type Filters = Map<string, PhpValue>;

/** While1 writes times on the PBX's wall clock; Romanian PBXs unless the source says otherwise. */
export const WHILE1_DEFAULT_TIME_ZONE = 'Europe/Bucharest';

export const WHILE1_CAPABILITIES: Capabilities = {
  queues: false,
  agents: false,
  liveCalls: false,
  waitingCallers: false,
  entries: {
    directions: ['callback'],
    filters: ['status', 'campaign', 'phone', 'createdAt', 'scheduledAt'],
    // Rows come oldest first; newest first is the same order read from the end.
    sorts: ['createdAt'],
    total: true,
  },
  campaigns: true,
  cdrs: false,
  agentQueueLogin: false,
  agentStates: [],
  pickup: false,
  initiateCall: false,
  scheduleCallback: true,
};

const PATH = '/api/call-queue';
/** "page_size": 100 in the documented answer; the answer's own value wins when it differs. */
const VENDOR_PAGE_SIZE = 100;
// A newest-first page needs the row count first; one read within this long is reused.
const ROW_COUNT_TTL_MS = 15_000;
const ROW_COUNT_MAX = 200;
// There is no single-entry read: rows seen in pages are remembered to re-read one precisely.
const SEEN_MAX = 5000;
const DETAIL_SCAN_PAGES = 20;
const DISCOVERY_EVERY_MS = 10 * 60_000;
const DISCOVERY_SAMPLES = 20;
const FINISHED_RECOUNT_MS = 10 * 60_000;
const CONCURRENCY = 4;
// date_between needs both ends; an open end is sent as a far bound.
const EARLIEST = '2000-01-01 00:00:00';
const LATEST = '2100-01-01 00:00:00';

/** Campaign progress buckets: one read per status; "completed" includes out-of-retries callbacks. */
const COUNT_STATUSES: [EntryStatus, string][] = [
  ['pending', 'pending'],
  ['in_progress', 'in progress'],
  ['completed', 'completed'],
  ['cancelled', 'cancelled'],
  ['deleted', 'deleted'],
];

interface ReadAnswer {
  rows: ResultRow[];
  rowCount: number | null;
  pageSize: number | null;
  maxPage: number | null;
}

interface CampaignState {
  counts: Partial<Record<EntryStatus, number>>;
  total: number;
  countedAt: number | null;
}

/** The row exactly as While1 sent it, for the detail view (the parsed row has coerced types). */
const rawRows = new WeakMap<ResultRow, Record<string, unknown>>();
const detailOf = (sourceId: string, row: ResultRow, timeZone: string) =>
  toDetail(sourceId, row, timeZone, rawRows.get(row) ?? { ...row });

async function inBatches<T, R>(
  items: T[],
  size: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/** Words a `has_error` answer: While1 has no codes, so the first message stands in for one. */
function refusal(messages: string[]): VendorError {
  const joined = messages.join('; ') || 'no reason given';
  const code = messages[0] ?? 'HAS_ERROR';
  if (/api token/i.test(joined)) {
    return new VendorError(
      `While1 does not accept the configured API token (${joined})`,
      code,
      200,
      false,
    );
  }
  if (/hash/i.test(joined)) {
    return new VendorError(
      `While1 rejected the request signature: check the source's apiKey (${joined})`,
      code,
      200,
      false,
    );
  }
  return new VendorError(`While1 refused the call-queue read: ${joined}`, code, 200, false);
}

/**
 * While1 Voice (docs/vendors.md#while1-voice) behind the contract: CallQueue Read as paged callback entries and
 * campaign progress. Every request is a form POST signed with `api_hash`; there is no published
 * rate limit, so no budget.
 */
export class While1Connector implements Connector {
  readonly kind = 'while1' as const;
  readonly capabilities: Capabilities;
  readonly timeZone: string;
  private readonly http: VendorHttp;
  private vendorPageSize = VENDOR_PAGE_SIZE;
  private readonly rowCounts = new Map<string, { n: number; at: number }>();
  private readonly seen = new Map<string, ResultRow>();
  private readonly campaigns = new Map<string, CampaignState>();
  private discoveredAt = 0;

  constructor(
    private readonly config: While1Config,
    logger?: HttpLogger,
  ) {
    const baseUrl = config.baseUrl.replace(/\/+$/, '').replace(/\/api$/, '');
    this.http = new VendorHttp({ sourceId: config.id, baseUrl, budgetPerMinute: null, logger });
    this.timeZone = config.timeZone ?? WHILE1_DEFAULT_TIME_ZONE;
    // Saving a callback needs the PBX project and destination; a source without them cannot.
    this.capabilities = { ...WHILE1_CAPABILITIES, scheduleCallback: Boolean(config.callbacks) };
  }

  get id(): string {
    return this.config.id;
  }

  get label(): string {
    return this.config.label ?? this.config.id;
  }

  /** One signed `action=read` of a page; remembers rows and campaign names it sees. */
  private async read(page: number, filters: Filters, signal?: AbortSignal): Promise<ReadAnswer> {
    const params = new Map<string, PhpValue>([
      ['action', 'read'],
      ['page', page],
    ]);
    if (filters.size > 0) params.set('filters', filters);
    const res = await this.http.request({
      method: 'POST',
      path: PATH,
      signal,
      headers: {
        authorization: `Bearer ${this.config.apiToken}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: signedBody(params, this.config.apiKey),
    });
    if (res.status === 401 || res.status === 403) {
      throw new VendorError(
        'While1 does not accept the configured API token',
        String(res.status),
        res.status,
        false,
      );
    }
    if (res.status < 200 || res.status >= 300) {
      throw new VendorError(
        `While1 answered HTTP ${res.status} to the call-queue read`,
        String(res.status),
        res.status,
        res.status >= 500,
      );
    }
    const parsed = Envelope.safeParse(parseJson(res, PATH));
    if (!parsed.success) {
      throw new VendorError(`unexpected answer from While1 ${PATH}`, 'MALFORMED', res.status, true);
    }
    const env = parsed.data;
    if (env.has_error) throw refusal(env.messages);
    const rows: ResultRow[] = [];
    for (const raw of env.results ?? []) {
      const row = ResultRow.safeParse(raw);
      if (!row.success) continue;
      rows.push(row.data);
      rawRows.set(row.data, raw as Record<string, unknown>);
    }
    this.remember(rows);
    const p = env.pagination && !Array.isArray(env.pagination) ? env.pagination : null;
    return {
      rows,
      rowCount: p?.row_count ?? null,
      pageSize: p?.page_size ?? null,
      maxPage: p?.max_page ?? null,
    };
  }

  private remember(rows: ResultRow[]): void {
    for (const row of rows) {
      this.seen.delete(row.id);
      this.seen.set(row.id, row);
      const name = row.campaign?.trim();
      if (name && !this.campaigns.has(name))
        this.campaigns.set(name, { counts: {}, total: 0, countedAt: null });
    }
    for (const id of this.seen.keys()) {
      if (this.seen.size <= SEEN_MAX) break;
      this.seen.delete(id);
    }
  }

  private local(iso: string): string {
    return formatLocal(Date.parse(iso), this.timeZone);
  }

  /** The read filters of a query, in the seed's key order; null when no row can match. */
  private filtersFor(q: EntriesRequest): Filters | null {
    const f: Filters = new Map();
    if (q.createdFrom || q.createdTo) {
      f.set('date_between', [
        q.createdFrom ? this.local(q.createdFrom) : EARLIEST,
        q.createdTo ? this.local(q.createdTo) : LATEST,
      ]);
    }
    if (q.scheduledTo) f.set('schedule_lt', this.local(q.scheduledTo));
    if (q.phone?.trim()) f.set('caller_id', q.phone.trim());
    if (q.campaign?.trim()) f.set('campaign', q.campaign.trim());
    if (q.status && q.status.length > 0) {
      const values = [...new Set(q.status.flatMap((s) => VENDOR_STATUS_FILTER[s]))];
      if (values.length === 0) return null;
      f.set('status', values.length === 1 ? values[0] : values);
    }
    return f;
  }

  entriesQueryProblems(q: EntriesRequest): Record<string, string> {
    const problems: Record<string, string> = {};
    if (q.scheduledFrom) {
      problems.scheduledFrom =
        'While1 filters schedules only up to a time (schedule_lt): leave it empty';
    }
    return problems;
  }

  /**
   * A contract page over While1's fixed pages of 100 (oldest first): the one or two vendor pages it
   * straddles are read and cut. Newest first reads the same rows from the end, using the row count.
   */
  async listEntries(q: EntriesRequest, signal: AbortSignal): Promise<ConnectorEntriesPage> {
    const filters = this.filtersFor(q);
    if (!filters) return { items: [], total: 0, hasNextPage: false };
    const key = JSON.stringify([...filters]);
    const a = (q.page - 1) * q.pageSize;
    const b = a + q.pageSize;
    const desc = q.order === 'desc';
    const fetched = new Map<number, ReadAnswer>();
    const readPage = async (p: number) => {
      const hit = fetched.get(p);
      if (hit) return hit;
      const answer = await this.read(p, filters, signal);
      fetched.set(p, answer);
      return answer;
    };
    for (let attempt = 0; ; attempt++) {
      let lo = a;
      let hi = b;
      let n: number | null = null;
      if (desc) {
        const cached = this.rowCounts.get(key);
        n =
          cached && Date.now() - cached.at < ROW_COUNT_TTL_MS
            ? cached.n
            : ((await readPage(1)).rowCount ?? 0);
        lo = Math.max(0, n - b);
        hi = Math.max(0, n - a);
        if (hi <= lo) return { items: [], total: n, hasNextPage: false };
      }
      const size = this.vendorPageSize;
      const first = Math.floor(lo / size) + 1;
      const last = Math.floor((hi - 1) / size) + 1;
      const pages: number[] = [];
      for (let p = first; p <= last; p++) pages.push(p);
      const answers = await Promise.all(pages.map(readPage));
      const lastAnswer = answers[answers.length - 1]!;
      const told = lastAnswer.pageSize;
      if (told && told > 0 && told !== size && attempt === 0) {
        this.vendorPageSize = told;
        continue;
      }
      const total = lastAnswer.rowCount;
      if (total !== null) this.rememberRowCount(key, total);
      // Rows were added between the count and the pages: place the page again, once.
      if (desc && total !== null && total !== n && attempt === 0) {
        fetched.clear();
        continue;
      }
      const offset = (first - 1) * size;
      const rows = answers.flatMap((x) => x.rows).slice(lo - offset, hi - offset);
      if (desc) rows.reverse();
      const hasNextPage =
        total !== null
          ? b < total
          : desc
            ? lo > 0
            : lastAnswer.rows.length >= size || (lastAnswer.maxPage ?? 0) > last;
      return {
        items: rows.map((r) => toEntry(this.config.id, r, this.timeZone)),
        total,
        hasNextPage,
      };
    }
  }

  private rememberRowCount(key: string, n: number): void {
    this.rowCounts.delete(key);
    this.rowCounts.set(key, { n, at: Date.now() });
    for (const k of this.rowCounts.keys()) {
      if (this.rowCounts.size <= ROW_COUNT_MAX) break;
      this.rowCounts.delete(k);
    }
  }

  /**
   * CallQueue Read has no single-entry form. A row seen in a page is read again exactly (its phone
   * and creation second); an unseen one is looked for among the newest pages only.
   */
  async getEntry(
    vendorId: string,
    _direction: EntryDirection | null,
    signal: AbortSignal,
  ): Promise<QueueEntryDetail | null> {
    if (!/^\d+$/.test(vendorId)) return null;
    const known = this.seen.get(vendorId);
    if (known?.date_added && known.caller_id) {
      const again = await this.read(
        1,
        new Map<string, PhpValue>([
          ['date_between', [known.date_added, known.date_added]],
          ['caller_id', known.caller_id],
        ]),
        signal,
      );
      const row = again.rows.find((r) => r.id === vendorId) ?? known;
      return detailOf(this.config.id, row, this.timeZone);
    }
    const first = await this.read(1, new Map(), signal);
    const found = first.rows.find((r) => r.id === vendorId);
    if (found) return detailOf(this.config.id, found, this.timeZone);
    const maxPage = first.maxPage ?? Math.ceil((first.rowCount ?? 0) / this.vendorPageSize);
    const pages: number[] = [];
    for (let p = maxPage; p >= 2 && pages.length < DETAIL_SCAN_PAGES; p--) pages.push(p);
    for (let i = 0; i < pages.length; i += CONCURRENCY) {
      const answers = await Promise.all(
        pages.slice(i, i + CONCURRENCY).map((p) => this.read(p, new Map(), signal)),
      );
      for (const a of answers) {
        const row = a.rows.find((r) => r.id === vendorId);
        if (row) return detailOf(this.config.id, row, this.timeZone);
      }
    }
    return null;
  }

  /**
   * Campaign progress: campaigns are found by sampling pages across the list (and from every page a
   * user reads), then counted with one read per status (`row_count`). Finished campaigns are
   * recounted every ten minutes, running ones every poll.
   */
  async fetchCampaigns(signal: AbortSignal): Promise<ConnectorCampaign[]> {
    const now = Date.now();
    if (now - this.discoveredAt >= DISCOVERY_EVERY_MS) {
      await this.discover(signal);
      this.discoveredAt = now;
    }
    const due = [...this.campaigns.entries()]
      .filter(([, c]) => {
        if (c.countedAt === null) return true;
        const open = (c.counts.pending ?? 0) + (c.counts.in_progress ?? 0);
        return open > 0 || now - c.countedAt >= FINISHED_RECOUNT_MS;
      })
      .sort(([, x], [, y]) => (x.countedAt ?? 0) - (y.countedAt ?? 0));
    for (const [name, state] of due) {
      const counts: Partial<Record<EntryStatus, number>> = {};
      await Promise.all(
        COUNT_STATUSES.map(async ([status, vendorStatus]) => {
          const answer = await this.read(
            1,
            new Map<string, PhpValue>([
              ['campaign', name],
              ['status', vendorStatus],
            ]),
            signal,
          );
          counts[status] = answer.rowCount ?? answer.rows.length;
        }),
      );
      state.counts = counts;
      state.total = Object.values(counts).reduce((s, n) => s + (n ?? 0), 0);
      state.countedAt = Date.now();
    }
    return [...this.campaigns.entries()].map(([name, c]) => ({
      vendorId: name,
      name,
      counts: { ...c.counts },
      total: c.total,
      countedAt: c.countedAt,
    }));
  }

  /** Reads the first, the last and evenly spaced pages; `read` records the campaign names. */
  private async discover(signal: AbortSignal): Promise<void> {
    const first = await this.read(1, new Map(), signal);
    const maxPage = first.maxPage ?? Math.ceil((first.rowCount ?? 0) / this.vendorPageSize);
    const pages = new Set<number>();
    for (let i = 1; i <= DISCOVERY_SAMPLES; i++)
      pages.add(Math.round(1 + ((maxPage - 1) * i) / DISCOVERY_SAMPLES));
    pages.add(maxPage - 1);
    pages.delete(1);
    await inBatches(
      [...pages].filter((p) => p >= 2 && p <= maxPage),
      CONCURRENCY,
      (p) => this.read(p, new Map(), signal),
    );
  }

  health() {
    return {
      requestsLastMinute: this.http.requestsLastMinute(),
      budgetPerMinute: this.http.budgetPerMinute,
      lastLatencyMs: this.http.latencyMs(),
    };
  }

  /** CallQueue Save of one call (docs/vendors.md#while1-callbacks). Never retried. */
  async scheduleCallback(req: ScheduleCallbackRequest): Promise<string[]> {
    const target = this.config.callbacks;
    if (!target)
      throw new VendorError(
        'This While1 source has no callback destination configured',
        'UNSUPPORTED',
        null,
        false,
      );
    const call = new Map<string, PhpValue>([
      ['caller_id', req.phoneNumber.replace(/^\+/, '')],
      ['caller_id_name', req.callerName ?? ''],
      ['schedule', formatLocal(Date.parse(req.scheduledAt), this.timeZone)],
      ['max_retries', req.maxRetries],
    ]);
    if (req.externalId) call.set('external_id', req.externalId);
    const data = new Map<string, PhpValue>([
      ['project_id', target.projectId],
      ['type', target.type],
      ['destination', target.destination],
      ['campaign_name', req.campaign ?? target.campaign],
      ['calls', new Map<string, PhpValue>([['0', call]])],
    ]);
    const params = new Map<string, PhpValue>([
      ['action', 'save'],
      ['data', data],
    ]);
    const res = await this.http.request({
      method: 'POST',
      path: PATH,
      retry: false,
      headers: {
        authorization: `Bearer ${this.config.apiToken}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: signedBody(params, this.config.apiKey),
    });
    if (res.status === 401 || res.status === 403) {
      throw new VendorError(
        'While1 does not accept the configured API token',
        String(res.status),
        res.status,
        false,
      );
    }
    if (res.status < 200 || res.status >= 300) {
      throw new VendorError(
        `While1 answered HTTP ${res.status} to the callback`,
        String(res.status),
        res.status,
        res.status >= 500,
      );
    }
    const parsed = Envelope.safeParse(parseJson(res, PATH));
    if (!parsed.success)
      throw new VendorError(`unexpected answer from While1 ${PATH}`, 'MALFORMED', res.status, true);
    if (parsed.data.has_error) throw refusal(parsed.data.messages);
    this.rowCounts.clear();
    const ids: string[] = [];
    for (const raw of parsed.data.results ?? []) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'string' || typeof id === 'number') ids.push(String(id));
    }
    return ids;
  }

  async close(): Promise<void> {}
}
