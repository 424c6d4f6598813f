import { PlaceError, type Placed, type PlaceRequest } from '../api/place-call';

export type Outcome = 'queued' | 'already placed' | 'refused' | 'failed' | 'invalid';

/** One line of the final report. */
export interface ReportRow {
  row: number;
  number: string;
  outcome: Outcome;
  entryIds: string[];
  message: string;
}

export type RunStatus = 'ready' | 'running' | 'waiting' | 'paused' | 'done';

export interface RunState {
  status: RunStatus;
  /** Rows to send (the valid ones). */
  total: number;
  /** Rows sent with a final answer. */
  done: number;
  results: ReportRow[];
  /** While waiting (budget, Retry-After): when the next request goes out. */
  waitUntil: number | null;
  /** Why the run paused by itself or is waiting, in plain words. */
  note: string | null;
}

export interface RunnerRow {
  row: number;
  number: string;
  request: PlaceRequest;
}

export interface RunnerDeps {
  send: (request: PlaceRequest, key: string, signal: AbortSignal) => Promise<Placed>;
  /** The row's Idempotency-Key: the same row of the same file always gets the same key. */
  keyOf: (row: number) => Promise<string>;
  /** The source's requests per minute, or null when it has no budget. */
  budgetPerMinute: number | null;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

const CONFLICT_WAIT_MS = 2000;
const CONFLICT_TRIES = 5;
const NETWORK_WAIT_MS = 5000;
const NETWORK_TRIES = 3;
const DEFAULT_RETRY_AFTER_MS = 10_000;

/**
 * The pause between two requests: half the source's budget per minute at most, so the live views
 * polling the same source keep the other half.
 */
export function paceMs(budgetPerMinute: number | null): number {
  if (!budgetPerMinute || budgetPerMinute <= 0) return 0;
  return Math.ceil(60_000 / Math.max(1, Math.floor(budgetPerMinute / 2)));
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Sends the valid rows of a bulk upload one after another, within the source's budget. Pause stops
 * before the next request (a wait is cut short); resume goes on with the first row without an
 * answer, under the same key, so a row is never placed twice. A 429 waits for Retry-After and
 * retries the same row with the same key.
 */
export class BulkRunner {
  private state: RunState;
  private readonly listeners = new Set<() => void>();
  private readonly results = new Map<number, ReportRow>();
  private controller: AbortController | null = null;
  private lastStart = -Infinity;
  private readonly sleep: NonNullable<RunnerDeps['sleep']>;
  private readonly now: () => number;

  constructor(
    private readonly rows: readonly RunnerRow[],
    private readonly invalid: readonly ReportRow[],
    private readonly deps: RunnerDeps,
  ) {
    this.sleep = deps.sleep ?? abortableSleep;
    this.now = deps.now ?? Date.now;
    this.state = {
      status: 'ready',
      total: rows.length,
      done: 0,
      results: this.report(),
      waitUntil: null,
      note: null,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): RunState => this.state;

  private set(patch: Partial<RunState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Every row of the file, sent and invalid alike, in file order. */
  report(): ReportRow[] {
    return [...this.invalid, ...this.results.values()].sort((a, b) => a.row - b.row);
  }

  private record(result: ReportRow): void {
    this.results.set(result.row, result);
    this.set({ done: this.results.size, results: this.report(), waitUntil: null, note: null });
  }

  /** Starts, or resumes after a pause. */
  start(): void {
    if (
      this.state.status === 'running' ||
      this.state.status === 'waiting' ||
      this.state.status === 'done'
    )
      return;
    const controller = new AbortController();
    this.controller = controller;
    this.set({ status: 'running', note: null });
    void this.loop(controller.signal);
  }

  /** Stops at once; a row in flight is sent again under the same key on resume, so it is placed once. */
  pause(note: string | null = null): void {
    if (this.state.status !== 'running' && this.state.status !== 'waiting') return;
    this.controller?.abort();
    this.controller = null;
    this.set({ status: 'paused', waitUntil: null, note });
  }

  private async wait(ms: number, signal: AbortSignal, note: string | null): Promise<void> {
    if (ms <= 0) return;
    this.set({ status: 'waiting', waitUntil: this.now() + ms, note });
    await this.sleep(ms, signal);
    if (!signal.aborted) this.set({ status: 'running', waitUntil: null, note: null });
  }

  private async loop(signal: AbortSignal): Promise<void> {
    try {
      for (const row of this.rows) {
        if (this.results.has(row.row)) continue;
        const result = await this.sendRow(row, signal);
        if (signal.aborted) return;
        if (result) this.record(result);
      }
      this.set({ status: 'done', waitUntil: null, note: null });
    } catch {
      // Aborted by pause(): the state already says so.
    }
  }

  /** One row until it has a final answer; null when the run paused (the row is tried again on resume). */
  private async sendRow(row: RunnerRow, signal: AbortSignal): Promise<ReportRow | null> {
    const key = await this.deps.keyOf(row.row);
    let conflicts = 0;
    let networkFailures = 0;
    for (;;) {
      const pace = paceMs(this.deps.budgetPerMinute);
      await this.wait(
        this.lastStart + pace - this.now(),
        signal,
        'Keeping within the source’s request budget',
      );
      if (signal.aborted) return null;
      this.lastStart = this.now();
      try {
        const placed = await this.deps.send(row.request, key, signal);
        return {
          row: row.row,
          number: row.number,
          outcome: placed.replayed ? 'already placed' : 'queued',
          entryIds: placed.result.entryIds,
          message: placed.replayed
            ? 'Placed by an earlier upload of this file'
            : placed.result.message,
        };
      } catch (e) {
        if (signal.aborted) return null;
        if (!(e instanceof PlaceError)) throw e;
        if (e.status === 429) {
          const ms = e.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
          await this.wait(ms, signal, `The source asked to wait ${Math.ceil(ms / 1000)} s`);
          continue;
        }
        if (
          e.status === 409 &&
          e.code === 'CONFLICT' &&
          ++conflicts < CONFLICT_TRIES &&
          /still being processed/i.test(e.message)
        ) {
          await this.wait(CONFLICT_WAIT_MS, signal, 'The same row is still being placed');
          continue;
        }
        if (e.status === 0) {
          if (++networkFailures < NETWORK_TRIES) {
            await this.wait(NETWORK_WAIT_MS, signal, e.message);
            continue;
          }
          this.pause(`${e.message} Paused: resume when it is back.`);
          return null;
        }
        if (e.status === 401) {
          this.pause('Your session has ended: sign in again in another tab, then resume.');
          return null;
        }
        const refused = e.status === 422 || e.status === 400;
        return {
          row: row.row,
          number: row.number,
          outcome: refused ? 'refused' : 'failed',
          entryIds: [],
          message: e.message,
        };
      }
    }
  }
}
