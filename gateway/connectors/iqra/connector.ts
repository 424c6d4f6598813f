import type { EntryDirection, EntryStatus, QueueEntry, QueueEntryDetail } from '@contract/entry';
import type { Capabilities } from '@contract/source';
import type { InitiateCallRequest } from '@contract/actions';
import type { SourceConfig } from '../../config';
import { VendorHttp, parseJson, type HttpLogger, type VendorResponse } from '../http';
import {
  VendorError,
  type ConnectorCampaign,
  type ConnectorEntriesPage,
  type Connector,
  type EntriesRequest,
} from '../types';
import { CampaignTracker, type SampleFilter, type TrackerOps } from './campaign-tracker';
import { Entry, Envelope, ListData } from './schemas';
import { toDetail, toEntry } from './to-domain';

type IqraConfig = Extract<SourceConfig, { kind: 'iqra' }>;
type Flavor = IqraConfig['flavor'];
type Direction = 'outbound' | 'inbound';

/**
 * docs.iqra.bot allows 60 requests a minute per key (429 beyond): keep a margin. Polls, pages,
 * counts, exports and actions all draw from this one budget.
 */
export const IQRA_BUDGET_PER_MINUTE = 55;
/** The campaign poller spends at most half of it; people paging through entries get the rest. */
export const IQRA_CAMPAIGN_SHARE = Math.floor(IQRA_BUDGET_PER_MINUTE * 0.5);
/** Status counts of an entries page are skipped unless this much budget remains after them. */
const COUNT_RESERVE = 5;
/** The server clamps `limit` to 50 whatever is asked (docs/vendors.md#iqra-paging). */
const SERVER_PAGE = 50;
const DOCS_MAX_PAGE = 100;
// Cursor chains: the cursor of each vendor page is kept, so page N+1 after page N costs one request.
const CHAIN_TTL_MS = 2 * 60_000;
const PAGE_TTL_MS = 5_000;
const MAX_CHAINS = 50;
/** Vendor pages one request may walk past the furthest page read so far. */
export const IQRA_MAX_WALK = 10;

const ALL_FILTERS: NonNullable<Capabilities['entries']>['filters'] = [
  'status',
  'campaign',
  'agent',
  'phone',
  'createdAt',
  'scheduledAt',
  'completedAt',
];

/** What each flavor offers: the docs flavor sorts and filters by agent; the server lists newest first only. */
export function iqraCapabilities(flavor: Flavor): Capabilities {
  return {
    queues: false,
    agents: false,
    liveCalls: false,
    waitingCallers: false,
    entries: {
      directions: ['outbound', 'inbound'],
      filters: flavor === 'docs' ? ALL_FILTERS : ALL_FILTERS.filter((f) => f !== 'agent'),
      sorts: flavor === 'docs' ? ['createdAt', 'updatedAt', 'scheduledAt'] : [],
      total: true,
    },
    campaigns: true,
    cdrs: false,
    agentQueueLogin: false,
    agentStates: [],
    pickup: false,
    initiateCall: true,
    scheduleCallback: false,
  };
}

/** Documented status names (docs/vendors.md#iqra-statuses) per canonical status; dialing, expired, deleted are never reported. */
const DOCS_STATUS: Partial<Record<EntryStatus, string>> = {
  pending: 'Pending',
  in_progress: 'InProgress',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
/** CallQueueStatusEnum values per canonical status; 4 (ProcessedBackend) covers live and finished calls. */
const SERVER_STATUS: Record<EntryStatus, number[]> = {
  pending: [0],
  dialing: [1, 2, 3],
  in_progress: [4],
  completed: [4],
  failed: [5],
  cancelled: [6],
  expired: [7],
  deleted: [],
};
/** Count buckets: one count request each. */
const DOCS_BUCKETS: Record<string, string[]> = {
  pending: ['Pending'],
  in_progress: ['InProgress'],
  completed: ['Completed'],
  failed: ['Failed'],
  cancelled: ['Cancelled'],
};
const SERVER_BUCKETS: Record<string, number[]> = {
  pending: [0],
  dialing: [1, 2, 3],
  processed: [4],
  failed: [5],
  cancelled: [6],
  expired: [7],
};
const SORT_BY: Record<string, string> = {
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  scheduledAt: 'scheduledTime',
};
const EPOCH = '1970-01-01T00:00:00.000Z';

/** The gateway's own view of a vendor filter, translated per flavor. */
interface IqraFilter {
  /** Canonical statuses (mapped per flavor) … */
  statuses?: EntryStatus[];
  /** … or one of the flavor's count buckets, sent as is. */
  bucket?: string;
  campaigns?: string[];
  agent?: string;
  phone?: string;
  createdFrom?: string;
  createdTo?: string;
  scheduledFrom?: string;
  scheduledTo?: string;
  completedFrom?: string;
  completedTo?: string;
}

interface ChainPage {
  start: number;
  rows: QueueEntry[];
  lastId: string | null;
  nextCursor: string | null;
  fetchedAt: number;
}

interface Chain {
  pages: ChainPage[];
  total: number | null;
  createdAt: number;
}

/** ISO UTC of a contract time (validated above) or a timestamp; an unreadable value goes as given. */
function iso(v: string | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}
const one = <T>(list: T[]): T | T[] => (list.length === 1 ? list[0]! : list);

function filterOf(q: EntriesRequest): IqraFilter {
  return {
    statuses: q.status && q.status.length > 0 ? q.status : undefined,
    campaigns: q.campaign?.trim() ? [q.campaign.trim()] : undefined,
    agent: q.agent?.trim() || undefined,
    phone: q.phone?.trim() || undefined,
    createdFrom: iso(q.createdFrom),
    createdTo: iso(q.createdTo),
    scheduledFrom: iso(q.scheduledFrom),
    scheduledTo: iso(q.scheduledTo),
    completedFrom: iso(q.completedFrom),
    completedTo: iso(q.completedTo),
  };
}

/** A code of the form `…:NOT_FOUND` / `INVALID_QUEUE_ID` that is about the entry, not the key. */
function entryNotFound(code: string | null | undefined): boolean {
  if (!code || /VALIDATE_API_KEY|BUSINESS/i.test(code)) return false;
  return /(^|:)(INVALID_QUEUE_ID|NOT_FOUND)$/i.test(code);
}

/** Joins ValidationProblemDetails `errors` into a sentence. */
function problemText(errors: unknown): string {
  if (!errors || typeof errors !== 'object') return '';
  return Object.entries(errors as Record<string, unknown>)
    .map(([k, v]) => `${k || 'body'}: ${Array.isArray(v) ? v.join(' ') : String(v)}`)
    .join('; ');
}

/**
 * Iqra AI (docs/vendors.md#iqra-ai) behind the contract: outbound and inbound queue entries, paged the
 * flavor's way (docs: page/pageSize with sorting; server: cursors, newest first), counts per
 * status, and campaign progress — every request through one budget of 55 a minute.
 */
export class IqraConnector implements Connector {
  readonly kind = 'iqra' as const;
  readonly capabilities: Capabilities;
  readonly flavor: Flavor;
  private readonly http: VendorHttp;
  private readonly chains = new Map<string, Chain>();
  private readonly tracker: CampaignTracker;

  constructor(
    private readonly config: IqraConfig,
    logger?: HttpLogger,
  ) {
    this.flavor = config.flavor;
    this.capabilities = iqraCapabilities(config.flavor);
    // Paths carry /api/v1: accept a base URL with or without it.
    const baseUrl = config.baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
    this.http = new VendorHttp({
      sourceId: config.id,
      baseUrl,
      budgetPerMinute: IQRA_BUDGET_PER_MINUTE,
      logger,
    });
    this.tracker = new CampaignTracker(this.trackerOps(), IQRA_CAMPAIGN_SHARE);
  }

  get id(): string {
    return this.config.id;
  }

  get label(): string {
    return this.config.label ?? this.config.id;
  }

  private budgetLeft(): number {
    return IQRA_BUDGET_PER_MINUTE - this.http.requestsLastMinute();
  }

  /** One POST (every Iqra read is a POST); `body` undefined sends none, as the single-entry read wants. */
  private async send(
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ res: VendorResponse; env: Envelope }> {
    const headers: Record<string, string> = {
      authorization: `Token ${this.config.apiKey}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const fullPath = `/api/v1/business/${encodeURIComponent(this.config.businessId)}${path}`;
    const res = await this.http.request({
      method: 'POST',
      path: fullPath,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    const parsed = Envelope.safeParse(res.text.trim() === '' ? {} : parseJson(res, fullPath));
    if (!parsed.success) {
      throw new VendorError(
        `unexpected answer from Iqra ${path}`,
        'MALFORMED',
        res.status,
        res.status >= 500,
      );
    }
    return { res, env: parsed.data };
  }

  /** `data` of a successful answer; anything else becomes a VendorError in plain words. */
  private async call(
    path: string,
    body: unknown,
    what: string,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const { res, env } = await this.send(path, body, signal);
    if (res.status >= 200 && res.status < 300 && env.success !== false) return env.data;
    throw this.failure(res.status, env, what);
  }

  private failure(status: number, env: Envelope, what: string): VendorError {
    const code = env.code ?? null;
    const said = env.message ?? env.detail ?? env.title ?? null;
    const detail = [said, problemText(env.errors)].filter(Boolean).join(' — ');
    const vendorCode = code ?? String(status);
    const suffix = detail ? `: ${detail}` : '';
    if (status === 401 || /VALIDATE_API_KEY|RESTRICTED_API_KEY/i.test(vendorCode)) {
      return new VendorError(
        `Iqra does not accept the configured API key${suffix}`,
        vendorCode,
        status,
        false,
      );
    }
    if (/BUSINESS_NOT_FOUND|INVALID_BUSINESS_ID/i.test(vendorCode)) {
      return new VendorError(
        `Iqra does not know business ${this.config.businessId} for this API key${suffix}`,
        vendorCode,
        status,
        false,
      );
    }
    if (status === 403 || /PERMISSION_DENIED/i.test(vendorCode)) {
      return new VendorError(
        `The Iqra API key lacks the permission for ${what}${suffix}`,
        vendorCode,
        status,
        false,
      );
    }
    if (/INVALID_CURSOR/i.test(vendorCode)) {
      return new VendorError(
        'Iqra no longer accepts the page cursor: read the list again',
        vendorCode,
        status,
        true,
      );
    }
    if (status >= 500 || /EXCEPTION/i.test(vendorCode)) {
      return new VendorError(
        `Iqra had a server error during ${what}${suffix}`,
        vendorCode,
        status,
        true,
      );
    }
    return new VendorError(`Iqra refused ${what}${suffix}`, vendorCode, status, false);
  }

  // ---- filters per flavor ----

  /** The docs flavor's `filters` object; null when the statuses asked for are never reported. */
  private docsFilters(dir: Direction, f: IqraFilter): Record<string, unknown> | null {
    const out: Record<string, unknown> = {};
    if (f.bucket) out.status = one(DOCS_BUCKETS[f.bucket] ?? []);
    else if (f.statuses) {
      const mapped = [
        ...new Set(f.statuses.map((s) => DOCS_STATUS[s]).filter((s): s is string => !!s)),
      ];
      if (mapped.length === 0) return null;
      out.status = one(mapped);
    }
    if (f.campaigns?.length) out[dir === 'inbound' ? 'routeId' : 'campaignId'] = one(f.campaigns);
    if (f.agent) out.agentId = f.agent;
    if (f.phone) out.phoneNumber = f.phone;
    for (const k of [
      'createdFrom',
      'createdTo',
      'scheduledFrom',
      'scheduledTo',
      'completedFrom',
      'completedTo',
    ] as const) {
      if (f[k]) out[k] = f[k];
    }
    return out;
  }

  /** The server flavor's flat filter model; null when the statuses asked for are never reported. */
  private serverFilter(dir: Direction, f: IqraFilter): Record<string, unknown> | null {
    const out: Record<string, unknown> = {};
    if (f.bucket)
      out.QueueStatusTypes =
        SERVER_BUCKETS[f.bucket === 'completed' ? 'processed' : f.bucket] ?? [];
    else if (f.statuses) {
      const ints = [...new Set(f.statuses.flatMap((s) => SERVER_STATUS[s]))].sort((a, b) => a - b);
      if (ints.length === 0) return null;
      out.QueueStatusTypes = ints;
    }
    if (f.createdFrom) out.StartCreatedDate = f.createdFrom;
    if (f.createdTo) out.EndCreatedDate = f.createdTo;
    if (f.completedFrom) out.StartCompletedAtDate = f.completedFrom;
    if (f.completedTo) out.EndCompletedAtDate = f.completedTo;
    // "completed" of ProcessedBackend: only the calls that have ended.
    if (f.bucket === 'completed' && !f.completedFrom && !f.completedTo)
      out.StartCompletedAtDate = EPOCH;
    if (dir === 'outbound') {
      if (f.scheduledFrom) out.StartScheduledDate = f.scheduledFrom;
      if (f.scheduledTo) out.EndScheduledDate = f.scheduledTo;
      if (f.campaigns?.length) out.CampaignIds = f.campaigns;
      if (f.phone) out.RecipientNumbers = [f.phone];
    } else {
      if (f.campaigns?.length) out.RouteIds = f.campaigns;
      if (f.phone) out.CallingNumbers = [f.phone];
    }
    return out;
  }

  entriesQueryProblems(q: EntriesRequest): Record<string, string> {
    const problems: Record<string, string> = {};
    if (this.flavor !== 'server') return problems;
    if (q.order === 'asc') problems.order = 'Iqra lists entries newest first only';
    if (q.direction === 'inbound') {
      if (q.scheduledFrom)
        problems.scheduledFrom = 'Iqra does not filter inbound entries by schedule';
      if (q.scheduledTo) problems.scheduledTo = 'Iqra does not filter inbound entries by schedule';
    }
    const f = this.serverFilter(q.direction as Direction, filterOf(q));
    if (f) {
      const chain = this.freshChain(this.chainKey(q.direction as Direction, f));
      const end = q.page * q.pageSize;
      const last = chain?.pages[chain.pages.length - 1];
      const reached = last ? last.start + last.rows.length : 0;
      const more =
        last && !last.nextCursor ? 0 : Math.ceil(Math.max(0, end - reached) / SERVER_PAGE);
      if (
        more > IQRA_MAX_WALK &&
        !(chain?.total != null && (q.page - 1) * q.pageSize >= chain.total)
      ) {
        const furthest = Math.max(1, Math.floor(reached / q.pageSize));
        problems.page = `Iqra pages with cursors: move at most ${Math.floor((IQRA_MAX_WALK * SERVER_PAGE) / q.pageSize)} pages past page ${furthest}, the furthest read so far`;
      }
    }
    return problems;
  }

  // ---- entries ----

  async listEntries(q: EntriesRequest, signal: AbortSignal): Promise<ConnectorEntriesPage> {
    const dir = q.direction as Direction;
    const page =
      this.flavor === 'docs'
        ? await this.docsPage(dir, q, signal)
        : await this.serverPage(dir, q, signal);
    if (dir === 'outbound') this.tracker.observe(page.items.map((e) => e.campaignId));
    return page;
  }

  private async docsPage(
    dir: Direction,
    q: EntriesRequest,
    signal: AbortSignal,
  ): Promise<ConnectorEntriesPage> {
    const filters = this.docsFilters(dir, filterOf(q));
    if (!filters) return { items: [], total: 0, hasNextPage: false };
    const data = await this.call(
      `/queues/${dir}`,
      {
        page: q.page,
        pageSize: Math.min(q.pageSize, DOCS_MAX_PAGE),
        sortBy: SORT_BY[q.sort ?? 'createdAt'],
        sortOrder: q.order ?? 'desc',
        filters,
      },
      `the ${dir} entries list`,
      signal,
    );
    const list = this.readList(data, `/queues/${dir}`);
    const items = this.entries(dir, list.items);
    const total = list.totalcount ?? null;
    const hasNextPage =
      list.hasnextpage ??
      (total !== null ? q.page * q.pageSize < total : items.length >= q.pageSize);
    return { items, total, hasNextPage };
  }

  private readList(data: unknown, path: string): ListData {
    const list = ListData.safeParse(data);
    if (!list.success)
      throw new VendorError(`unexpected list answer from Iqra ${path}`, 'MALFORMED', 200, true);
    return list.data;
  }

  private entries(dir: Direction, items: unknown[]): QueueEntry[] {
    const out: QueueEntry[] = [];
    for (const raw of items) {
      const e = Entry.safeParse(raw);
      if (e.success) out.push(toEntry(this.config.id, dir, e.data));
    }
    return out;
  }

  private chainKey(dir: Direction, filter: Record<string, unknown>): string {
    return `${dir}|${JSON.stringify(filter)}`;
  }

  private freshChain(key: string): Chain | undefined {
    const c = this.chains.get(key);
    if (c && Date.now() - c.createdAt < CHAIN_TTL_MS) return c;
    this.chains.delete(key);
    return undefined;
  }

  /**
   * A contract page over the server's cursor pages of 50, newest first: vendor pages are walked
   * from the start, each page's cursor kept per (filter, page), so the next page costs one request
   * and a page read in the last seconds none. A refreshed page that ends elsewhere than before
   * (new entries arrived) cuts the chain behind it, so pages never skip or repeat entries.
   */
  private async serverPage(
    dir: Direction,
    q: EntriesRequest,
    signal: AbortSignal,
  ): Promise<ConnectorEntriesPage> {
    const filter = this.serverFilter(dir, filterOf(q));
    if (!filter) return { items: [], total: 0, hasNextPage: false };
    const key = this.chainKey(dir, filter);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.walk(key, filter, dir, q, signal);
      } catch (e) {
        this.chains.delete(key);
        if (attempt === 0 && e instanceof VendorError && /INVALID_CURSOR/i.test(e.vendorCode ?? ''))
          continue;
        throw e;
      }
    }
  }

  private async walk(
    key: string,
    filter: Record<string, unknown>,
    dir: Direction,
    q: EntriesRequest,
    signal: AbortSignal,
  ): Promise<ConnectorEntriesPage> {
    let chain = this.freshChain(key);
    if (!chain) {
      chain = { pages: [], total: null, createdAt: Date.now() };
      this.chains.set(key, chain);
      for (const k of this.chains.keys()) {
        if (this.chains.size <= MAX_CHAINS) break;
        this.chains.delete(k);
      }
    }
    const a = (q.page - 1) * q.pageSize;
    const b = a + q.pageSize;
    if (chain.total !== null && a >= chain.total && chain.pages.length > 0) {
      return { items: [], total: chain.total, hasNextPage: false };
    }
    const out: QueueEntry[] = [];
    let end = false;
    for (let k = 0; ; k++) {
      let page = chain.pages[k];
      const prev = chain.pages[k - 1];
      if (!page && k > 0 && !prev?.nextCursor) {
        end = true;
        break;
      }
      const overlaps = page ? page.start < b && page.start + page.rows.length > a : true;
      if (!page || (overlaps && Date.now() - page.fetchedAt > PAGE_TTL_MS)) {
        page = await this.fetchServerPage(chain, k, filter, dir, signal);
      }
      if (page.start + page.rows.length > a && page.start < b) {
        out.push(...page.rows.slice(Math.max(0, a - page.start), b - page.start));
      }
      if (!page.nextCursor) {
        end = true;
        break;
      }
      if (page.start + page.rows.length >= b) break;
    }
    const total = chain.total;
    const hasNextPage = total !== null ? b < total : !end;
    return { items: out, total, hasNextPage };
  }

  private async fetchServerPage(
    chain: Chain,
    k: number,
    filter: Record<string, unknown>,
    dir: Direction,
    signal: AbortSignal,
  ): Promise<ChainPage> {
    const prev = chain.pages[k - 1];
    const body =
      k === 0
        ? { limit: SERVER_PAGE, filter }
        : { limit: SERVER_PAGE, nextCursor: prev!.nextCursor };
    const data = await this.call(`/queues/${dir}`, body, `the ${dir} entries list`, signal);
    const list = this.readList(data, `/queues/${dir}`);
    const rows = this.entries(dir, list.items);
    const page: ChainPage = {
      start: k === 0 ? 0 : prev!.start + prev!.rows.length,
      rows,
      lastId: rows[rows.length - 1]?.vendorId ?? null,
      nextCursor:
        list.hasnextpage === false || rows.length === 0 ? null : (list.nextcursor ?? null),
      fetchedAt: Date.now(),
    };
    const old = chain.pages[k];
    chain.pages[k] = page;
    if (old && (old.lastId !== page.lastId || old.rows.length !== page.rows.length))
      chain.pages.length = k + 1;
    if (list.totalcount != null) chain.total = list.totalcount;
    return page;
  }

  // ---- counts ----

  private countBody(dir: Direction, f: IqraFilter): Record<string, unknown> | null {
    if (this.flavor === 'docs') {
      const filters = this.docsFilters(dir, f);
      return filters && { filters };
    }
    return this.serverFilter(dir, f);
  }

  private async count(dir: Direction, f: IqraFilter, signal?: AbortSignal): Promise<number> {
    const body = this.countBody(dir, f);
    if (!body) return 0;
    const data = await this.call(`/queues/${dir}/count`, body, `the ${dir} entries count`, signal);
    const n = typeof data === 'string' ? Number(data) : data;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      throw new VendorError(
        `unexpected count from Iqra /queues/${dir}/count`,
        'MALFORMED',
        200,
        true,
      );
    }
    return n;
  }

  private buckets(f: IqraFilter): string[] {
    if (this.flavor === 'docs') return Object.keys(DOCS_BUCKETS);
    const list = Object.keys(SERVER_BUCKETS);
    // With a completion range only finished calls match: ProcessedBackend needs no split then.
    return f.completedFrom || f.completedTo ? list : [...list, 'completed'];
  }

  /** Counts per canonical status, one request per bucket (docs 5, server 7). */
  private async countByStatus(
    dir: Direction,
    base: IqraFilter,
    signal?: AbortSignal,
  ): Promise<Partial<Record<EntryStatus, number>>> {
    const filter = { ...base, statuses: undefined };
    const buckets = this.buckets(filter);
    const values = await Promise.all(
      buckets.map((bucket) => this.count(dir, { ...filter, bucket }, signal)),
    );
    const by = Object.fromEntries(buckets.map((b, i) => [b, values[i]!])) as Record<string, number>;
    if (this.flavor === 'docs') return by as Partial<Record<EntryStatus, number>>;
    const { processed = 0, completed, ...rest } = by;
    return completed === undefined
      ? { ...rest, completed: processed }
      : { ...rest, in_progress: Math.max(0, processed - completed), completed };
  }

  async countEntriesByStatus(
    q: EntriesRequest,
    signal: AbortSignal,
  ): Promise<Record<string, number> | null> {
    const f = filterOf(q);
    if (this.budgetLeft() < this.buckets(f).length + COUNT_RESERVE) return null;
    const counts = await this.countByStatus(q.direction as Direction, f, signal);
    return counts as Record<string, number>;
  }

  async getEntry(
    vendorId: string,
    direction: EntryDirection | null,
    signal: AbortSignal,
  ): Promise<QueueEntryDetail | null> {
    const dirs: Direction[] =
      direction === 'outbound' || direction === 'inbound'
        ? [direction]
        : direction
          ? []
          : ['outbound', 'inbound'];
    for (const dir of dirs) {
      const path = `/queues/${dir}/${encodeURIComponent(vendorId)}`;
      const { res, env } = await this.send(path, undefined, signal);
      const ok = res.status >= 200 && res.status < 300 && env.success !== false;
      if (!ok) {
        if (res.status === 404 || entryNotFound(env.code)) continue;
        throw this.failure(res.status, env, `the ${dir} entry read`);
      }
      const e = Entry.safeParse(env.data);
      if (!e.success)
        throw new VendorError(`unexpected entry from Iqra ${path}`, 'MALFORMED', res.status, true);
      const raw =
        env.data && typeof env.data === 'object' ? (env.data as Record<string, unknown>) : {};
      return toDetail(this.config.id, dir, e.data, raw);
    }
    return null;
  }

  // ---- campaigns ----

  private trackerOps(): TrackerOps {
    const docs = this.flavor === 'docs';
    const window = (f: SampleFilter): IqraFilter => ({
      bucket: f.bucket,
      createdFrom: iso(f.createdFrom),
      createdTo: iso(f.createdTo),
    });
    return {
      countCost: docs ? Object.keys(DOCS_BUCKETS).length : Object.keys(SERVER_BUCKETS).length + 1,
      seedBuckets: docs
        ? ['pending', 'in_progress', 'completed']
        : ['pending', 'dialing', 'processed'],
      canSortAsc: docs,
      budgetLeft: () => this.budgetLeft(),
      sample: async (f, order, signal) => {
        const filter = window(f);
        const body = docs
          ? {
              page: 1,
              pageSize: DOCS_MAX_PAGE,
              sortBy: 'createdAt',
              sortOrder: order,
              filters: this.docsFilters('outbound', filter),
            }
          : { limit: SERVER_PAGE, filter: this.serverFilter('outbound', filter) };
        const list = this.readList(
          await this.call('/queues/outbound', body, 'the outbound entries list', signal),
          '/queues/outbound',
        );
        const items = this.entries('outbound', list.items);
        return {
          campaignIds: items.map((e) => e.campaignId ?? ''),
          seen: items.length,
          total: list.totalcount ?? null,
        };
      },
      count: (f, signal) =>
        this.count(
          'outbound',
          { campaigns: f.campaigns, createdFrom: iso(f.createdFrom), createdTo: iso(f.createdTo) },
          signal,
        ),
      countCampaign: (id, signal) => this.countByStatus('outbound', { campaigns: [id] }, signal),
    };
  }

  fetchCampaigns(signal: AbortSignal): Promise<ConnectorCampaign[]> {
    return this.tracker.poll(signal);
  }

  health() {
    return {
      requestsLastMinute: this.http.requestsLastMinute(),
      budgetPerMinute: this.http.budgetPerMinute,
      lastLatencyMs: this.http.latencyMs(),
    };
  }

  /**
   * Queues a call (docs/vendors.md#iqra-initiate-call). The documented contract takes one multipart form field per value;
   * the open-source server one `config` JSON field. Never retried: a retried write could call twice.
   */
  async initiateCall(req: InitiateCallRequest): Promise<string[]> {
    const form = new FormData();
    if (this.config.flavor === 'server') {
      const at = req.scheduledAt ? new Date(req.scheduledAt) : new Date();
      form.set(
        'config',
        JSON.stringify({
          campaignId: req.campaignId ?? null,
          number: { type: 0, toNumber: req.recipientNumber },
          // The server needs a window; a day to reach the callee is the dashboard's default.
          schedule: {
            dateTimeUTC: at.toISOString(),
            maxDateTimeUTC: new Date(at.getTime() + 86_400_000).toISOString(),
          },
          dynamicVariables: req.dynamicVariables,
          metadata: req.metadata,
        }),
      );
    } else {
      form.set('RecipientNumber', req.recipientNumber);
      form.set('NumberId', req.numberId);
      form.set('AgentId', req.agentId);
      if (req.campaignId) form.set('CampaignId', req.campaignId);
      if (req.scheduledAt) form.set('ScheduledTime', new Date(req.scheduledAt).toISOString());
      for (const [k, v] of Object.entries(req.dynamicVariables))
        form.set(`DynamicVariables[${k}]`, v);
      for (const [k, v] of Object.entries(req.metadata)) form.set(`Metadata[${k}]`, v);
    }
    const fullPath = `/api/v1/business/${encodeURIComponent(this.config.businessId)}/call/initiate`;
    const res = await this.http.request({
      method: 'POST',
      path: fullPath,
      headers: { authorization: `Token ${this.config.apiKey}`, accept: 'application/json' },
      body: form,
      retry: false,
    });
    const parsed = Envelope.safeParse(res.text.trim() === '' ? {} : parseJson(res, fullPath));
    if (!parsed.success)
      throw new VendorError(
        'unexpected answer from Iqra call/initiate',
        'MALFORMED',
        res.status,
        true,
      );
    const env = parsed.data;
    if (res.status < 200 || res.status >= 300 || env.success === false)
      throw this.failure(res.status, env, 'the call');
    const ids = Array.isArray(env.data)
      ? env.data.filter((x): x is string => typeof x === 'string')
      : [];
    if (ids.length === 0)
      throw new VendorError(
        'Iqra accepted the call but returned no queue id',
        'MALFORMED',
        res.status,
        false,
      );
    return ids;
  }

  async close(): Promise<void> {}
}
