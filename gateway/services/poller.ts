export interface Snapshot<T> {
  /** Increments whenever data or error changes; the basis of ETags. */
  version: number;
  data: T | null;
  fetchedAt: number | null;
  error: string | null;
  errorSince: number | null;
  lastAttemptAt: number | null;
}

export interface PollerOptions<T> {
  name: string;
  intervalMs: number;
  fetch: (signal: AbortSignal) => Promise<T>;
  /** Called with each new good data, before the snapshot is published. */
  onData?: (data: T, fetchedAt: number) => void;
  onError?: (err: Error) => void;
  /** A hint from the error of when to try again (Retry-After, budget). */
  retryAfterMs?: (err: Error) => number | null;
  equals?: (a: T, b: T) => boolean;
}

/**
 * Polls one vendor resource on its interval for everyone: single-flight (a poll never overlaps the
 * previous one), keeps the last good data when a poll fails, and can be asked to refresh at once
 * after an action.
 */
export class Poller<T> {
  private snap: Snapshot<T> = {
    version: 0,
    data: null,
    fetchedAt: null,
    error: null,
    errorSince: null,
    lastAttemptAt: null,
  };
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private stopped = false;
  private listeners = new Set<() => void>();
  private lastJson: string | null = null;
  private counts = { polls: 0, failures: 0, lastDurationMs: null as number | null };

  constructor(private readonly opts: PollerOptions<T>) {}

  get name(): string {
    return this.opts.name;
  }

  snapshot(): Snapshot<T> {
    return this.snap;
  }

  /** Totals since start, for /metrics. */
  stats(): { polls: number; failures: number; lastDurationMs: number | null } {
    return { ...this.counts };
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  start(): void {
    if (this.timer || this.stopped) return;
    void this.poll();
  }

  /** Polls now (joining a poll already in flight) and resolves when the snapshot is updated. */
  refresh(): Promise<void> {
    if (this.inFlight) {
      // An action's effect may have landed after the in-flight request left: poll once more after it.
      return this.inFlight.then(() => this.poll());
    }
    return this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort(new Error('poller stopped'));
    await this.inFlight?.catch(() => undefined);
  }

  private poll(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight = this.run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async run(): Promise<void> {
    const started = Date.now();
    let delay = this.opts.intervalMs;
    try {
      const data = await this.opts.fetch(this.abort.signal);
      if (this.stopped) return;
      const fetchedAt = Date.now();
      this.opts.onData?.(data, fetchedAt);
      const json = JSON.stringify(data);
      const changed = json !== this.lastJson || this.snap.error !== null;
      this.lastJson = json;
      this.snap = {
        version: changed ? this.snap.version + 1 : this.snap.version,
        data,
        fetchedAt,
        error: null,
        errorSince: null,
        lastAttemptAt: started,
      };
      if (changed) this.emit();
    } catch (e) {
      if (this.stopped) return;
      const err = e instanceof Error ? e : new Error(String(e));
      this.opts.onError?.(err);
      const changed = this.snap.error !== err.message;
      this.snap = {
        ...this.snap,
        version: changed ? this.snap.version + 1 : this.snap.version,
        error: err.message,
        errorSince: this.snap.errorSince ?? started,
        lastAttemptAt: started,
      };
      const hint = this.opts.retryAfterMs?.(err);
      if (hint !== null && hint !== undefined) delay = Math.max(delay, hint);
      if (changed) this.emit();
    } finally {
      this.counts.polls++;
      if (this.snap.lastAttemptAt === started && this.snap.error !== null) this.counts.failures++;
      this.counts.lastDurationMs = Date.now() - started;
      if (!this.stopped) {
        // Keep the cadence: the next poll starts one interval after this one started.
        const wait = Math.max(0, started + delay - Date.now());
        this.timer = setTimeout(() => void this.poll(), wait);
        this.timer.unref?.();
      }
    }
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
