import type { z } from 'zod';
import type { Capabilities } from '@contract/source';
import type { FonoucSourceConfig } from '../../config';
import { VendorHttp, parseJson, type HttpLogger } from '../http';
import { VendorError, type Connector, type LiveData } from '../types';
import { FonoucAuth } from './auth';
import { QueueCallList, QueueStatusList } from './schemas';
import { toLiveData } from './to-domain';

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
  private readonly auth: FonoucAuth;

  constructor(
    private readonly config: FonoucSourceConfig,
    logger?: HttpLogger,
  ) {
    this.http = new VendorHttp({ sourceId: config.id, baseUrl: config.baseUrl, logger });
    this.auth = new FonoucAuth(this.http, config);
  }

  get id(): string {
    return this.config.id;
  }

  get label(): string {
    return this.config.label ?? this.config.id;
  }

  /** An authenticated call; a 401 means the token died early, so log in again once and retry. */
  private async call(
    method: 'GET' | 'PUT',
    path: string,
    opts: { query?: Record<string, string>; signal?: AbortSignal } = {},
  ) {
    for (let attempt = 0; ; attempt++) {
      const token = await this.auth.get();
      const res = await this.http.request({
        method,
        path: `/api/v2${path}`,
        query: opts.query,
        signal: opts.signal,
        headers: { authorization: `Bearer ${token}`, 'x-account-id': this.config.accountId },
      });
      if (res.status === 401 && attempt === 0) {
        this.auth.invalidate(token);
        continue;
      }
      return res;
    }
  }

  private async read<S extends z.ZodType>(path: string, schema: S, signal: AbortSignal): Promise<z.infer<S>> {
    const res = await this.call('GET', path, { signal });
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
    return toLiveData(this.config.id, statuses, calls, Date.now());
  }

  async agentQueue(agentVendorId: string, queueVendorId: string, action: 'login' | 'logout'): Promise<void> {
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
    throw new VendorError(`FonoUC answered HTTP ${res.status}`, String(res.status), res.status, res.status >= 500);
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
