import { VendorError } from './types';

export interface HttpLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  debug?(obj: Record<string, unknown>, msg: string): void;
}

export interface VendorHttpOptions {
  sourceId: string;
  baseUrl: string;
  timeoutMs?: number;
  /** Vendor requests allowed per rolling minute; null for no published limit. */
  budgetPerMinute?: number | null;
  logger?: HttpLogger;
}

export interface VendorRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  body?: string | FormData | URLSearchParams;
  /** Reads are retried with backoff; writes never are (a retried write could act twice). */
  retry?: boolean;
  signal?: AbortSignal;
}

export interface VendorResponse {
  status: number;
  headers: Headers;
  text: string;
}

// The listener goes when the timer fires: the signal is a poller's, alive for the gateway's
// lifetime, and a vendor outage retries forever (issue 8's drills saw Node's MaxListeners warning).
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const d = Date.parse(value);
  return Number.isNaN(d) ? null : Math.max(0, d - now);
}

/**
 * The one way a connector talks HTTP: timeouts, retries with backoff for reads, Retry-After obeyed,
 * and a per-source request budget so no number of viewers can push a vendor past its limit.
 */
export class VendorHttp {
  private readonly sent: number[] = [];
  private blockedUntil = 0;
  private lastLatencyMs: number | null = null;
  readonly timeoutMs: number;
  readonly budgetPerMinute: number | null;

  constructor(private readonly opts: VendorHttpOptions) {
    this.timeoutMs = opts.timeoutMs ?? 8000;
    this.budgetPerMinute = opts.budgetPerMinute ?? null;
  }

  get baseUrl(): string {
    return this.opts.baseUrl.replace(/\/+$/, '');
  }

  requestsLastMinute(now = Date.now()): number {
    while (this.sent.length && this.sent[0]! <= now - 60_000) this.sent.shift();
    return this.sent.length;
  }

  latencyMs(): number | null {
    return this.lastLatencyMs;
  }

  async request(req: VendorRequest): Promise<VendorResponse> {
    const attempts = req.retry === false || (req.method ?? 'GET') !== 'GET' ? 1 : 3;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(250 * 2 ** (attempt - 1) + Math.random() * 100, req.signal);
      try {
        const res = await this.once(req);
        if (res.status >= 500 && attempt < attempts - 1) {
          lastError = new VendorError(`HTTP ${res.status}`, null, res.status, true);
          continue;
        }
        return res;
      } catch (e) {
        lastError = e;
        if (req.signal?.aborted) break;
        if (e instanceof VendorError && !e.transient) throw e;
        if (e instanceof VendorError && e.retryAfterMs !== null) throw e;
      }
    }
    throw lastError instanceof Error
      ? lastError
      : new VendorError('vendor request failed', null, null, true);
  }

  private async once(req: VendorRequest): Promise<VendorResponse> {
    const now = Date.now();
    if (now < this.blockedUntil) {
      throw new VendorError(
        'rate limited by the vendor',
        'RATE_LIMITED',
        429,
        true,
        this.blockedUntil - now,
      );
    }
    if (this.budgetPerMinute !== null && this.requestsLastMinute(now) >= this.budgetPerMinute) {
      const wait = this.sent[0]! + 60_000 - now;
      throw new VendorError('request budget for this source used up', 'BUDGET', null, true, wait);
    }
    const url = new URL(this.baseUrl + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    this.sent.push(now);
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(url, {
        method: req.method ?? 'GET',
        headers: req.headers,
        body: req.body,
        signal,
        redirect: 'error',
      });
    } catch (e) {
      const err = e as Error;
      const timedOut = timeout.aborted && !req.signal?.aborted;
      // A write the vendor never answered may still be carried out when the vendor wakes up: say
      // so, so nobody retries a pickup or a call blind.
      const write = (req.method ?? 'GET') !== 'GET';
      const message = timedOut
        ? write
          ? `no answer within ${this.timeoutMs / 1000} s; the vendor may still carry it out, so check before trying again`
          : `no answer within ${this.timeoutMs / 1000} s`
        : `cannot reach the vendor (${causeOf(err)})`;
      this.opts.logger?.warn({ source: this.opts.sourceId, path: req.path }, message);
      throw new VendorError(message, timedOut ? 'TIMEOUT' : 'UNREACHABLE', null, true);
    }
    let text: string;
    try {
      text = await res.text();
    } catch {
      throw new VendorError(
        'the vendor closed the connection mid-answer',
        'UNREACHABLE',
        null,
        true,
      );
    }
    this.lastLatencyMs = Math.round(performance.now() - started);
    if (res.status === 429) {
      const wait = parseRetryAfter(res.headers.get('retry-after')) ?? 10_000;
      this.blockedUntil = Date.now() + wait;
      throw new VendorError('rate limited by the vendor', 'RATE_LIMITED', 429, true, wait);
    }
    return { status: res.status, headers: res.headers, text };
  }
}

function causeOf(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}

/** Parses a JSON body, turning garbage into a VendorError that names the path. */
export function parseJson(res: VendorResponse, path: string): unknown {
  try {
    return res.text === '' ? null : JSON.parse(res.text);
  } catch {
    throw new VendorError(
      `unreadable answer from ${path} (not JSON)`,
      'MALFORMED',
      res.status,
      true,
    );
  }
}
