import type { QueueHistoryPoint, QueueMetrics } from '@contract/queue';
import type { QueueHistoryStore, QueueSample } from '../store/queue-history';
import type { LiveService } from './live';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface HistoryOptions {
  /** Sampling interval: one minute in production, shorter in tests. */
  intervalMs?: number;
  /** Full-resolution samples are kept this long (8 days), then folded into `bucketMs` buckets. */
  rawRetentionMs?: number;
  /** Nothing is kept longer than this (90 days). */
  retentionMs?: number;
  /** Resolution after `rawRetentionMs` (15 minutes). */
  bucketMs?: number;
  now?: () => number;
  onError?(err: Error): void;
}

type Row = QueueSample;

/** Default cap on the points of one answer; more samples are folded into buckets on read. */
export const MAX_POINTS = 1000;

function lastNonNull<K extends keyof Row>(rows: readonly Row[], key: K): Row[K] | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const v = rows[i]![key];
    if (v !== null) return v;
  }
  return null;
}

/**
 * Folds consecutive samples into one: the peak of `waiting` (a queue's worst moment in the bucket)
 * and the last known value of today's cumulative counters and service level, stamped with the last
 * sample's time. Folding one sample gives that sample back, so the job can run any number of times.
 */
export function foldSamples(rows: readonly Row[]): Row {
  let waiting: number | null = null;
  for (const r of rows) if (r.waiting !== null) waiting = Math.max(waiting ?? 0, r.waiting);
  return {
    at: rows[rows.length - 1]!.at,
    waiting,
    service_level: lastNonNull(rows, 'service_level'),
    answered: lastNonNull(rows, 'answered'),
    abandoned: lastNonNull(rows, 'abandoned'),
  };
}

const toPoint = (r: Row): QueueHistoryPoint => ({
  at: new Date(r.at).toISOString(),
  waiting: r.waiting,
  serviceLevel: r.service_level,
  answered: r.answered,
  abandoned: r.abandoned,
});

/**
 * Per-queue history in the store (`queue_history`): every interval one sample per queue of
 * {waiting now, today's service level, answered, abandoned}. Bounded: 1-minute samples for 8 days,
 * then 15-minute buckets up to 90 days, then gone. Reads are capped at ~1,000 points.
 */
export class HistoryService {
  private readonly intervalMs: number;
  private readonly rawRetentionMs: number;
  private readonly retentionMs: number;
  private readonly bucketMs: number;
  private readonly now: () => number;
  private sampleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly samples: QueueHistoryStore,
    private readonly live: Pick<LiveService, 'all'>,
    private readonly metricsOf: (queueId: string) => QueueMetrics | null,
    private readonly opts: HistoryOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? MINUTE;
    this.rawRetentionMs = opts.rawRetentionMs ?? 8 * DAY;
    this.retentionMs = opts.retentionMs ?? 90 * DAY;
    this.bucketMs = opts.bucketMs ?? 15 * MINUTE;
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    if (this.sampleTimer) return;
    const tick = () => {
      void this.guard(() => this.record());
      // Samples land on interval boundaries (whole minutes), whatever the timer's drift.
      this.sampleTimer = setTimeout(tick, this.intervalMs - (Date.now() % this.intervalMs));
      this.sampleTimer.unref?.();
    };
    this.sampleTimer = setTimeout(tick, this.intervalMs - (Date.now() % this.intervalMs));
    this.sampleTimer.unref?.();
  }

  stop(): void {
    if (this.sampleTimer) clearTimeout(this.sampleTimer);
    this.sampleTimer = null;
  }

  private async guard(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.opts.onError?.(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /**
   * Stores one sample per queue of every live source. `waiting` is null while the source's live poll
   * is failing (unknown, not zero); the metrics are null where they are not derivable.
   */
  async record(now = this.now()): Promise<number> {
    const at = Math.floor(now / this.intervalMs) * this.intervalMs;
    const rows = [];
    for (const s of this.live.all()) {
      const snap = s.poller?.snapshot();
      for (const q of snap?.data?.queues ?? []) {
        const m = this.metricsOf(q.id);
        rows.push({
          queue_id: q.id,
          at,
          waiting: snap!.error ? null : q.live.waiting,
          service_level: m?.serviceLevel ?? null,
          answered: m?.answered ?? null,
          abandoned: m?.abandoned ?? null,
        });
      }
    }
    await this.samples.put(rows);
    return rows.length;
  }

  /**
   * The retention job: deletes samples older than 90 days and folds each whole 15-minute bucket
   * older than 8 days into one sample. Idempotent; returns what it did.
   */
  async prune(now = this.now()): Promise<{ deleted: number; folded: number }> {
    // Only whole buckets are folded, so a bucket is never folded while samples still arrive in it.
    const foldBefore = Math.floor((now - this.rawRetentionMs) / this.bucketMs) * this.bucketMs;
    return this.samples.prune(now - this.retentionMs, foldBefore, this.bucketMs, foldSamples);
  }

  /**
   * A queue's samples with `at` in [fromMs, toMs], oldest first. Above `maxPoints` they are folded
   * into equal buckets over the range (the same fold as the retention job), so at most `maxPoints`.
   */
  async read(
    queueId: string,
    fromMs: number,
    toMs: number,
    maxPoints = MAX_POINTS,
  ): Promise<QueueHistoryPoint[]> {
    const rows = await this.samples.read(queueId, fromMs, toMs);
    if (rows.length <= maxPoints) return rows.map(toPoint);
    const width = Math.ceil((toMs - fromMs + 1) / maxPoints);
    const out: QueueHistoryPoint[] = [];
    let group: Row[] = [];
    let groupIndex = -1;
    for (const r of rows) {
      const i = Math.floor((r.at - fromMs) / width);
      if (i !== groupIndex && group.length) {
        out.push(toPoint(foldSamples(group)));
        group = [];
      }
      groupIndex = i;
      group.push(r);
    }
    if (group.length) out.push(toPoint(foldSamples(group)));
    return out;
  }
}
