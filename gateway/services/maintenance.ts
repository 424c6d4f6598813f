import type { Store } from '../store/store';

export interface MaintenanceJob {
  name: string;
  run(now: number): Promise<unknown>;
}

/**
 * The store's housekeeping on one schedule: expired sessions, old idempotency keys and sign-in
 * failures, and the retention and downsampling of queue and campaign history. Runs at start and
 * then hourly; a job that fails (say, during a database outage) is tried again next time.
 */
export class Maintenance {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly jobs: MaintenanceJob[],
    private readonly opts: { everyMs?: number; onError?: (job: string, err: Error) => void } = {},
  ) {}

  static forStore(store: Store): MaintenanceJob {
    return { name: 'store purge', run: (now) => store.purge(now) };
  }

  start(): void {
    if (this.timer) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.opts.everyMs ?? 3600_000);
    this.timer.unref();
  }

  /** Runs every job once, one after another; a run already going is joined, not doubled. */
  runOnce(now = Date.now()): Promise<void> {
    this.running ??= (async () => {
      for (const job of this.jobs) {
        try {
          await job.run(now);
        } catch (e) {
          this.opts.onError?.(job.name, e instanceof Error ? e : new Error(String(e)));
        }
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
