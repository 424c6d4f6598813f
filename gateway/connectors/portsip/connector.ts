import type { z } from 'zod';
import type { AgentState } from '@contract/agent';
import type { Capabilities } from '@contract/source';
import type { PortsipSourceConfig } from '../../config';
import { VendorHttp, parseJson, type HttpLogger, type VendorResponse } from '../http';
import { VendorError, type Connector, type LiveData } from '../types';
import { portsipAuth } from './auth';
import { withBearer, type BearerToken } from '../bearer-token';
import {
  AgentStatus,
  CallQueuePage,
  ErrorAnswer,
  QueueAgentList,
  SessionList,
  WaitingList,
  type CallQueueSummary,
} from './schemas';
import { toLiveData, type PolledMember, type PolledQueue } from './to-domain';

/** Canonical states a supervisor can set, and the PortSIP write status of each. */
const WRITE_STATUS: Partial<Record<AgentState, string>> = {
  ready: 'READY',
  not_ready: 'NOT_READY',
  wrap_up: 'WRAP_UP',
  break: 'BREAK',
  lunch: 'LUNCH',
};

export const PORTSIP_CAPABILITIES: Capabilities = {
  queues: true,
  agents: true,
  liveCalls: true,
  waitingCallers: true,
  entries: null,
  campaigns: false,
  cdrs: true,
  agentQueueLogin: true,
  agentStates: Object.keys(WRITE_STATUS),
  pickup: true,
  initiateCall: false,
  scheduleCallback: false,
};

/** `top` is 1–100 on every PortSIP list. */
const PAGE_SIZE = 100;
/** Reads per queue and per agent run at most this many at once, so a big floor never stampedes the PBX. */
const CONCURRENCY = 8;
// v22.0 allows 5,000 API requests a minute per PBX (10,000 from v22.1.7): stay within the lower one.
const BUDGET_PER_MINUTE = 5000;

type Method = 'GET' | 'POST';

interface CallOptions {
  query?: Record<string, string | number>;
  body?: unknown;
  signal?: AbortSignal;
}

/** Runs at most `max` tasks at once; a finished task hands its slot straight to the next one. */
function limiter(max: number) {
  let active = 0;
  const waiters: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiters.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiters.shift();
      if (next) next();
      else active--;
    }
  };
}

function issuePath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || '(root)'
  );
}

const seg = (s: string) => encodeURIComponent(s);

/** PortSIP PBX v22 behind the contract. */
export class PortsipConnector implements Connector {
  readonly kind = 'portsip' as const;
  readonly capabilities = PORTSIP_CAPABILITIES;
  private readonly http: VendorHttp;
  private readonly auth: BearerToken;

  constructor(
    private readonly config: PortsipSourceConfig,
    logger?: HttpLogger,
  ) {
    // The OpenAPI `servers` entry ends in /api; paths here carry it, so accept a base URL with or without.
    const baseUrl = config.baseUrl.replace(/\/+$/, '').replace(/\/api$/, '');
    this.http = new VendorHttp({
      sourceId: config.id,
      baseUrl,
      budgetPerMinute: BUDGET_PER_MINUTE,
      timeoutMs: config.timeoutSeconds ? config.timeoutSeconds * 1000 : undefined,
      logger,
    });
    this.auth = portsipAuth(this.http, config);
  }

  get id(): string {
    return this.config.id;
  }

  get label(): string {
    return this.config.label ?? this.config.id;
  }

  /** An authenticated call (a 401 logs in again once and retries). */
  private call(method: Method, path: string, opts: CallOptions = {}): Promise<VendorResponse> {
    return withBearer(this.auth, (token) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      return this.http.request({
        method,
        path: `/api${path}`,
        query: opts.query,
        signal: opts.signal,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
    });
  }

  /**
   * A GET parsed with `schema`. Any 2xx is success (GET /sessions is documented as 201). With
   * `missingOk`, a 404 (a queue or agent removed mid-poll) gives null instead of failing the poll.
   */
  private async read<S extends z.ZodType>(
    path: string,
    schema: S,
    opts: CallOptions & { missingOk?: boolean; notFound?: string } = {},
  ): Promise<z.infer<S> | null> {
    const res = await this.call('GET', path, opts);
    if (res.status === 404 && opts.missingOk) return null;
    if (res.status < 200 || res.status >= 300) {
      throw vendorError(
        res,
        `the read of ${path}`,
        opts.notFound ?? 'PortSIP does not know that queue or agent',
      );
    }
    const parsed = schema.safeParse(parseJson(res, path));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? ` at ${issuePath(issue.path)}: ${issue.message}` : '';
      throw new VendorError(
        `unexpected answer from PortSIP ${path}${where}`,
        'MALFORMED',
        res.status,
        true,
      );
    }
    return parsed.data;
  }

  private async write(path: string, body: unknown, what: string, notFound: string): Promise<void> {
    const res = await this.call('POST', path, { body });
    if (res.status >= 200 && res.status < 300) return;
    throw vendorError(res, what, notFound);
  }

  /** Every call queue, paged through skip/top until `count` is reached. */
  private async listQueues(signal: AbortSignal): Promise<CallQueueSummary[]> {
    const out: CallQueueSummary[] = [];
    const seen = new Set<string>();
    for (let skip = 0; ;) {
      const page = (await this.read('/call_queues', CallQueuePage, {
        query: { skip, top: PAGE_SIZE },
        signal,
      }))!;
      let added = 0;
      for (const q of page.items) {
        if (seen.has(q.id)) continue; // the prose calls skip 1-based: never count an overlap twice
        seen.add(q.id);
        out.push(q);
        added++;
      }
      skip += page.items.length;
      const done = page.count != null ? out.length >= page.count : page.items.length < PAGE_SIZE;
      if (done || added === 0) return out;
    }
  }

  async fetchLive(signal: AbortSignal): Promise<LiveData> {
    // One failed read fails the poll: stop the rest instead of letting them run on.
    const stop = new AbortController();
    const sig = AbortSignal.any([signal, stop.signal]);
    const limit = limiter(CONCURRENCY);
    const guard = <T>(task: () => Promise<T>) =>
      limit(() => {
        sig.throwIfAborted();
        return task();
      });
    const fail = (e: unknown): never => {
      stop.abort(e);
      throw e;
    };

    const pollQueue = async (queue: CallQueueSummary): Promise<PolledQueue | null> => {
      const qpath = `/call_queues/${seg(queue.id)}`;
      const [waiting, agents] = await Promise.all([
        guard(() => this.read(`${qpath}/waiting`, WaitingList, { signal: sig, missingOk: true })),
        guard(() => this.read(`${qpath}/agents`, QueueAgentList, { signal: sig, missingOk: true })),
      ]);
      if (!waiting || !agents) return null; // the queue went away mid-poll
      // The agents list carries no status: one GET per member (v22.3's get_many is not in v22.0).
      const members = await Promise.all(
        agents.items.map(async (agent): Promise<PolledMember> => ({
          agent,
          status: await guard(() =>
            this.read(`${qpath}/agents/${seg(agent.extension_number)}`, AgentStatus, {
              signal: sig,
              missingOk: true,
            }),
          ),
        })),
      );
      return { queue, waiting: waiting.items, members };
    };

    const [polled, sessions] = await Promise.all([
      this.listQueues(sig)
        .then((queues) => Promise.all(queues.map(pollQueue)))
        .catch(fail),
      this.read('/sessions', SessionList, { signal: sig }).catch(fail),
    ]);
    return toLiveData(
      this.config.id,
      polled.filter((q): q is PolledQueue => q !== null),
      sessions!.items,
      Date.now(),
    );
  }

  async agentQueue(
    agentVendorId: string,
    queueVendorId: string,
    action: 'login' | 'logout',
  ): Promise<void> {
    await this.write(
      `/call_queues/${seg(queueVendorId)}/agents/${seg(agentVendorId)}`,
      { status: action === 'login' ? 'LOGGED_IN' : 'LOGGED_OUT' },
      action === 'login'
        ? 'logging the agent into the queue'
        : 'logging the agent out of the queue',
      'PortSIP does not know that agent or queue',
    );
  }

  /** `reason` is not sent: PortSIP v22's status write takes `status` only. */
  async setAgentState(
    agentVendorId: string,
    queueVendorId: string,
    state: AgentState,
    _reason?: string,
  ): Promise<void> {
    const status = WRITE_STATUS[state];
    if (!status) {
      throw new VendorError(
        `PortSIP cannot put an agent into the state "${state}"`,
        'UNSUPPORTED',
        null,
        false,
      );
    }
    await this.write(
      `/call_queues/${seg(queueVendorId)}/agents/${seg(agentVendorId)}`,
      { status },
      'the state change',
      'PortSIP does not know that agent or queue',
    );
  }

  async pickup(queueVendorId: string, vendorSessionId: string): Promise<void> {
    await this.write(
      `/call_queues/${seg(queueVendorId)}/waiting/${seg(vendorSessionId)}/pickup`,
      undefined,
      'the pickup',
      'That caller is no longer waiting in the queue (answered or hung up), or PortSIP does not know the queue',
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

/** Words a PortSIP failure (`{"errors":[{code, message}]}` or anything else) as a VendorError. */
function vendorError(res: VendorResponse, what: string, notFound: string): VendorError {
  let first: { code?: string | null; message?: string | null } | undefined;
  try {
    const parsed = ErrorAnswer.safeParse(JSON.parse(res.text));
    first = parsed.success ? (parsed.data.errors?.[0] ?? undefined) : undefined;
  } catch {
    // not JSON: the status alone has to speak
  }
  const code = first?.code || String(res.status);
  const detail = first?.message?.trim();
  const s = res.status;
  if (s === 404) return new VendorError(notFound, code, s, false);
  if (s === 400 || s === 409 || s === 422) {
    return new VendorError(`PortSIP refused ${what}${detail ? `: ${detail}` : ''}`, code, s, false);
  }
  if (s === 401)
    return new VendorError('PortSIP no longer accepts the gateway’s login', code, s, true);
  if (s === 403)
    return new VendorError(
      `PortSIP refused ${what}: the configured user lacks the permission`,
      code,
      s,
      false,
    );
  if (s >= 500)
    return new VendorError(`PortSIP had a server error (HTTP ${s}) during ${what}`, code, s, true);
  return new VendorError(`PortSIP answered HTTP ${s} to ${what}`, code, s, false);
}
