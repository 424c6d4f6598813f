import type { z } from 'zod';
import type { AgentState } from '@contract/agent';
import type { Cdr } from '@contract/cdr';
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
import { CdrPage, CdrRow } from './cdr-schemas';
import { toCdr, type CdrDirectory, type CdrQueueRef } from './cdr-to-domain';

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
/** A CDR read stops (and is retried later) once the source used this share of its budget: live polls come first. */
const CDR_BUDGET_SHARE = 0.8;
/** 100,000 CDRs in one window is beyond any call centre: a report that long is looping. */
const MAX_CDR_PAGES = 1000;
/** The call-queue list is read at most this often for CDRs when no live poll has named the queues. */
const QUEUES_REFRESH_MS = 5 * 60 * 1000;

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

/** RFC 3339 UTC without fractions, the form PortSIP sends and compares in filters. */
const rfc3339 = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** PortSIP PBX v22 behind the contract. */
export class PortsipConnector implements Connector {
  readonly kind = 'portsip' as const;
  readonly capabilities = PORTSIP_CAPABILITIES;
  private readonly http: VendorHttp;
  private readonly auth: BearerToken;
  /** Call queues by extension number and by name, and agent names by extension: CDRs carry numbers. */
  private queueByNumber = new Map<string, CdrQueueRef>();
  private queueByName = new Map<string, CdrQueueRef | null>();
  private readonly agentNames = new Map<string, string>();
  private queuesReadAt = 0;

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

  /** Replaces the queue directory the CDR mapping uses with `queues`. */
  private learnQueues(queues: readonly CallQueueSummary[]): void {
    const byNumber = new Map<string, CdrQueueRef>();
    const byName = new Map<string, CdrQueueRef | null>();
    for (const q of queues) {
      const ref = { vendorId: q.id, name: q.name ?? q.extension_number ?? q.id };
      const ext = q.extension_number?.trim();
      if (ext) byNumber.set(ext, ref);
      const name = q.name?.trim();
      // Two queues with one name: a CDR naming it cannot be placed by name.
      if (name) byName.set(name, byName.has(name) ? null : ref);
    }
    this.queueByNumber = byNumber;
    this.queueByName = byName;
    this.queuesReadAt = Date.now();
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
    const present = polled.filter((q): q is PolledQueue => q !== null);
    this.learnQueues(present.map((p) => p.queue));
    for (const p of present) {
      for (const { agent } of p.members) {
        const name = agent.display_name?.trim();
        if (name && name !== agent.extension_number)
          this.agentNames.set(agent.extension_number, name);
      }
    }
    return toLiveData(this.config.id, present, sessions!.items, Date.now());
  }

  /**
   * Queue CDRs whose call start lies in [fromMs, toMs]: `GET /cdrs` filtered on `started_at` (the
   * documented OData filter, whole seconds), oldest first, paged by skip/top until `count`, and
   * filtered again here in case a PBX ignores the filter. Only calls through a known call queue are
   * kept (the queue list is the live poll's, or read when that is older than five minutes). A page
   * that does not parse fails the read with MALFORMED; an odd row on its own is skipped.
   */
  async fetchCdrs(fromMs: number, toMs: number, signal: AbortSignal): Promise<Cdr[]> {
    const from = Math.floor(fromMs / 1000) * 1000;
    const query = {
      filter: `started_at ge '${rfc3339(from)}' and started_at le '${rfc3339(toMs)}'`,
      orderby: 'started_at asc',
      top: PAGE_SIZE,
    };
    const rows: CdrRow[] = [];
    const seen = new Set<string>();
    let received = 0;
    for (let skip = 0, page = 0; ; page++) {
      if (page >= MAX_CDR_PAGES) {
        throw new VendorError(
          `PortSIP /cdrs did not end after ${MAX_CDR_PAGES} pages`,
          'MALFORMED',
          200,
          true,
        );
      }
      this.spareBudgetForCdrs();
      const answer = (await this.read('/cdrs', CdrPage, { query: { ...query, skip }, signal }))!;
      let added = 0;
      for (const raw of answer.items) {
        const row = CdrRow.safeParse(raw);
        const key = row.success ? (row.data.id ?? row.data.call_id) : null;
        if (key) {
          if (seen.has(key)) continue; // an overlap (1-based skip, a row inserted mid-read)
          seen.add(key);
        }
        added++;
        if (row.success) rows.push(row.data);
      }
      received += added;
      skip += answer.items.length;
      const done =
        answer.count != null ? received >= answer.count : answer.items.length < PAGE_SIZE;
      if (done || added === 0) break;
    }

    if (Date.now() - this.queuesReadAt > QUEUES_REFRESH_MS) {
      // Fails the fetch when it fails: a CDR dropped for want of its queue would never come back.
      this.learnQueues(await this.listQueues(signal));
    }
    const dir: CdrDirectory = {
      queueByNumber: (n) => this.queueByNumber.get(n) ?? null,
      queueByName: (n) => this.queueByName.get(n) ?? null,
      agentName: (ext) => this.agentNames.get(ext) ?? null,
    };
    const out: Cdr[] = [];
    for (const row of rows) {
      const cdr = toCdr(this.config.id, row, dir);
      if (!cdr) continue;
      const start = Date.parse(cdr.enteredAt);
      if (start >= from && start <= toMs) out.push(cdr);
    }
    return out;
  }

  /** Throws a retryable BUDGET error when CDR pages would eat into what the live polls need. */
  private spareBudgetForCdrs(): void {
    const budget = this.http.budgetPerMinute;
    if (budget === null || this.http.requestsLastMinute() < budget * CDR_BUDGET_SHARE) return;
    throw new VendorError(
      'PortSIP request budget is needed for live polls; CDRs are read later',
      'BUDGET',
      null,
      true,
      30_000,
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
