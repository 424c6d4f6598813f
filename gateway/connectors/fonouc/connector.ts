import type { z } from 'zod';
import type { Cdr } from '@contract/cdr';
import type { Capabilities } from '@contract/source';
import type { FonoucSourceConfig } from '../../config';
import { VendorHttp, parseJson, type HttpLogger } from '../http';
import { VendorError, type Connector, type LiveData } from '../types';
import { fonoucAuth } from './auth';
import { withBearer, type BearerToken } from '../bearer-token';
import { QueueCallList, QueueStatusList } from './schemas';
import { toLiveData } from './to-domain';
import { CdrPage, CdrRow, ConfigQueueList } from './cdr-schemas';
import { toCdr } from './cdr-to-domain';

const CDR_PATH = '/reports/callcenter/queues';
// The simulator caps a page at 1000 rows; real servers may cap lower, paging copes either way.
const CDR_PAGE_SIZE = 1000;
const MAX_CDR_PAGES = 1000;
// config/queues is read at most this often to name the queue of a CDR the live poll has not seen.
const QUEUE_NAMES_REFRESH_MS = 5 * 60 * 1000;

export const FONOUC_CAPABILITIES: Capabilities = {
  queues: true,
  agents: true,
  liveCalls: true,
  waitingCallers: true,
  entries: null,
  campaigns: false,
  cdrs: true,
  agentQueueLogin: true,
  agentStates: [],
  pickup: false,
  initiateCall: false,
  scheduleCallback: false,
};

/** FonoUC (GOPortal on Kazoo) behind the contract. */
export class FonoucConnector implements Connector {
  readonly kind = 'fonouc' as const;
  readonly capabilities = FONOUC_CAPABILITIES;
  private readonly http: VendorHttp;
  private readonly auth: BearerToken;
  /** Queue name → FonoUC queue id: CDRs name their queue, the contract ids it. */
  private readonly queueIdByName = new Map<string, string>();
  private queueNamesReadAt = 0;

  constructor(
    private readonly config: FonoucSourceConfig,
    logger?: HttpLogger,
  ) {
    this.http = new VendorHttp({
      sourceId: config.id,
      baseUrl: config.baseUrl,
      timeoutMs: config.timeoutSeconds ? config.timeoutSeconds * 1000 : undefined,
      logger,
    });
    this.auth = fonoucAuth(this.http, config);
  }

  get id(): string {
    return this.config.id;
  }

  get label(): string {
    return this.config.label ?? this.config.id;
  }

  /** An authenticated call (a 401 logs in again once and retries). */
  private call(
    method: 'GET' | 'PUT',
    path: string,
    opts: { query?: Record<string, string>; signal?: AbortSignal } = {},
  ) {
    return withBearer(this.auth, (token) =>
      this.http.request({
        method,
        path: `/api/v2${path}`,
        query: opts.query,
        signal: opts.signal,
        headers: { authorization: `Bearer ${token}`, 'x-account-id': this.config.accountId },
      }),
    );
  }

  private async read<S extends z.ZodType>(
    path: string,
    schema: S,
    signal: AbortSignal,
    query?: Record<string, string>,
  ): Promise<z.infer<S>> {
    const res = await this.call('GET', path, { signal, query });
    if (res.status !== 200) {
      throw new VendorError(
        `FonoUC ${path} answered HTTP ${res.status}`,
        String(res.status),
        res.status,
        res.status >= 500 || res.status === 401,
      );
    }
    const parsed = schema.safeParse(parseJson(res, path));
    if (!parsed.success) {
      throw new VendorError(`unexpected answer from FonoUC ${path}`, 'MALFORMED', 200, true);
    }
    return parsed.data;
  }

  async fetchLive(signal: AbortSignal): Promise<LiveData> {
    const [statuses, calls] = await Promise.all([
      this.read('/callcenter/queues/status', QueueStatusList, signal),
      this.read('/callcenter/queues/calls', QueueCallList, signal),
    ]);
    for (const q of statuses) this.queueIdByName.set(q.name, q.id);
    return toLiveData(this.config.id, statuses, calls, Date.now());
  }

  /**
   * Queue CDRs whose call start (`timestamp`) lies in [fromMs, toMs], every Kazoo page read
   * (`start_key` = the previous `next_start_key`, "" or absent on the last page). A row without an id
   * or a time is skipped; a page key seen twice is an error rather than an endless loop.
   */
  async fetchCdrs(fromMs: number, toMs: number, signal: AbortSignal): Promise<Cdr[]> {
    const rows: CdrRow[] = [];
    const keys = new Set<string>();
    let startKey: string | null = null;
    for (let page = 0; ; page++) {
      if (page >= MAX_CDR_PAGES) {
        throw new VendorError(
          `FonoUC CDR report did not end after ${MAX_CDR_PAGES} pages`,
          'MALFORMED',
          200,
          true,
        );
      }
      const query: Record<string, string> = {
        startDate: String(Math.floor(fromMs / 1000)),
        endDate: String(Math.ceil(toMs / 1000)),
        pageSize: String(CDR_PAGE_SIZE),
      };
      if (startKey) query.start_key = startKey;
      const answer = await this.read(CDR_PATH, CdrPage, signal, query);
      for (const raw of answer.data ?? []) {
        const row = CdrRow.safeParse(raw);
        if (row.success) rows.push(row.data);
      }
      const next = answer.next_start_key;
      if (!next) break;
      if (keys.has(next))
        throw new VendorError('FonoUC CDR report repeated a page key', 'MALFORMED', 200, true);
      keys.add(next);
      startKey = next;
    }
    const unknownName = rows.some(
      (r) => r.queue_name?.trim() && !this.queueIdByName.has(r.queue_name.trim()),
    );
    if (unknownName && Date.now() - this.queueNamesReadAt > QUEUE_NAMES_REFRESH_MS) {
      // Fails the fetch when it fails: a CDR counted without its queue would never be counted again.
      const queues = await this.read('/config/queues', ConfigQueueList, signal);
      for (const q of queues) if (q) this.queueIdByName.set(q.name, q.id);
      this.queueNamesReadAt = Date.now();
    }
    const out: Cdr[] = [];
    for (const row of rows) {
      const cdr = toCdr(this.config.id, row, (name) => this.queueIdByName.get(name) ?? null);
      if (cdr) out.push(cdr);
    }
    return out;
  }

  async agentQueue(
    agentVendorId: string,
    queueVendorId: string,
    action: 'login' | 'logout',
  ): Promise<void> {
    const res = await this.call(
      'PUT',
      `/callcenter/admin/agent/${encodeURIComponent(agentVendorId)}/${action}`,
      { query: { queueID: queueVendorId } },
    );
    if (res.status === 204 || res.status === 200) return;
    if (res.status === 400) {
      throw new VendorError(
        `FonoUC could not ${action === 'login' ? 'log the agent in' : 'log the agent out'}: the agent or queue was not accepted`,
        '400',
        400,
        false,
      );
    }
    throw new VendorError(
      `FonoUC answered HTTP ${res.status}`,
      String(res.status),
      res.status,
      res.status >= 500,
    );
  }

  health() {
    return {
      requestsLastMinute: this.http.requestsLastMinute(),
      budgetPerMinute: this.http.budgetPerMinute,
      lastLatencyMs: this.http.latencyMs(),
    };
  }

  async close(): Promise<void> {}
}
