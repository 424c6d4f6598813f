import type { Cdr } from '@contract/cdr';
import { splitId } from '@contract/common';
import type { QueueMetrics, SlaSettings } from '@contract/queue';
import type { Connector } from '../connectors/types';
import { VendorError } from '../connectors/types';
import type { QueueSettingsStore } from '../store/queue-settings';
import type { LiveService, QueueEnricher } from './live';
import {
  addCdr,
  emptyAccumulator,
  inDay,
  localMidnight,
  nextLocalMidnight,
  toMetrics,
  type MetricsAccumulator,
} from './metrics';
import { Poller } from './poller';

/** What the live poll knows about calls still in progress at a source. */
export interface OpenCallsHint {
  /** When that live data was read: a call that started later is not in `oldestStart`. */
  asOf: number;
  /** Start of the oldest call still waiting or talking at `asOf`, or null when there was none. */
  oldestStart: number | null;
}

export interface CdrFeedOptions {
  settings: QueueSettingsStore;
  timeZoneOf(sourceId: string): string;
  /** Open calls per source from the live snapshot; omitted or null → only the overlap protects. */
  openCalls?(sourceId: string): OpenCallsHint | null;
  /** Poll interval, 30 s by default (docs/vendors.md#fonouc-cdrs: CDR reports every 1–5 min with overlap). */
  intervalMs?: number;
  /** How far before the watermark each fetch starts again, 2 minutes by default. */
  overlapMs?: number;
  now?: () => number;
  onError?(sourceId: string, err: Error): void;
}

interface QueueDay {
  cdrs: Cdr[];
  acc: MetricsAccumulator;
}

/** One source's day so far: the CDRs seen, and per-queue totals kept up to date CDR by CDR. */
interface Day {
  start: number;
  end: number;
  seen: Set<string>;
  cdrs: Cdr[];
  queues: Map<string, QueueDay>;
  /** The next fetch starts at `watermark − overlap`. */
  watermark: number;
  /** Oldest open call of the previous poll: covers a CDR the vendor writes a little late. */
  previousOldestOpen: number | null;
}

/** What one poll did; small on purpose, it is the poller's snapshot. */
export interface CdrPollResult {
  dayStart: string;
  from: string;
  to: string;
  fetched: number;
  added: number;
  today: number;
}

interface FeedSource {
  connector: Connector & Required<Pick<Connector, 'fetchCdrs'>>;
  poller: Poller<CdrPollResult>;
  day: Day | null;
}

const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_OVERLAP_MS = 2 * 60_000;

/**
 * Today's CDRs of every source that can report them, and the queue metrics built from them.
 *
 * Each source has a Poller (single-flight, keeps the last good state, honours Retry-After). A poll
 * fetches only [watermark − overlap, now]: the vendor reports by call start and a call shows up only
 * once it ended, so the watermark never passes the start of a call the live poll still sees in
 * progress (and is otherwise the previous poll's end). CDRs are de-duplicated by id and added to the
 * queue's running totals one by one; at local midnight of the source's time zone the day starts
 * over. A settings change recomputes that queue from the day's CDRs (the same numbers, by design).
 */
export class CdrFeed implements QueueEnricher {
  private readonly sources = new Map<string, FeedSource>();
  private readonly overlapMs: number;
  private readonly now: () => number;
  private changes = 0;
  /** The current local day per source, so a queues answer costs no time-zone arithmetic. */
  private readonly today = new Map<string, { start: number; end: number }>();

  constructor(
    connectors: Connector[],
    private readonly opts: CdrFeedOptions,
  ) {
    this.overlapMs = opts.overlapMs ?? DEFAULT_OVERLAP_MS;
    this.now = opts.now ?? Date.now;
    for (const connector of connectors) {
      if (!connector.capabilities.cdrs || !connector.fetchCdrs) continue;
      const withCdrs = connector as FeedSource['connector'];
      const source: FeedSource = {
        connector: withCdrs,
        day: null,
        poller: new Poller<CdrPollResult>({
          name: `${connector.id}/cdrs`,
          intervalMs: opts.intervalMs ?? DEFAULT_INTERVAL_MS,
          fetch: (signal) => this.poll(source, signal),
          onError: (err) => opts.onError?.(connector.id, err),
          retryAfterMs: (e) => (e instanceof VendorError ? e.retryAfterMs : null),
        }),
      };
      this.sources.set(connector.id, source);
    }
  }

  start(): void {
    for (const s of this.sources.values()) s.poller.start();
  }

  /** The CDR pollers, for /metrics. */
  pollers(): Poller<unknown>[] {
    return [...this.sources.values()].map((s) => s.poller as Poller<unknown>);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.sources.values()].map((s) => s.poller.stop()));
  }

  /** Polls a source now and resolves when its day is updated (tests, and after a long outage). */
  async refresh(sourceId: string): Promise<void> {
    await this.sources.get(sourceId)?.poller.refresh();
  }

  /** The source's CDR poller (what the last poll did, its error), if the source reports CDRs. */
  poller(sourceId: string): Poller<CdrPollResult> | undefined {
    return this.sources.get(sourceId)?.poller;
  }

  // ---------------------------------------------------------------- QueueEnricher

  /** Changes with every CDR added, every settings change and every local midnight. */
  version(): string {
    const days = [...this.sources.keys()].map((id) => this.todayStart(id));
    return `${this.changes}@${days.join(',')}`;
  }

  sla(queueId: string): SlaSettings {
    return this.opts.settings.get(queueId);
  }

  /**
   * Today's metrics of a queue: null when its source has no CDRs (not derivable) or before the first
   * CDR fetch of the source answered; zero counts with null ratios once known to be empty.
   */
  metrics(queueId: string): QueueMetrics | null {
    const id = splitId(queueId);
    const source = id ? this.sources.get(id.sourceId) : undefined;
    if (!id || !source?.day) return null;
    const sla = this.sla(queueId);
    const today = this.todayStart(id.sourceId);
    // Past midnight and the new day not fetched yet: today has nothing so far, not yesterday's numbers.
    if (source.day.start !== today) {
      return source.day.start < today ? toMetrics(emptyAccumulator(), sla, today) : null;
    }
    return toMetrics(source.day.queues.get(queueId)?.acc ?? emptyAccumulator(), sla, today);
  }

  /** After an admin changed a queue's settings: recompute its totals from today's CDRs. */
  settingsChanged(queueId: string): void {
    const id = splitId(queueId);
    const q = id ? this.sources.get(id.sourceId)?.day?.queues.get(queueId) : undefined;
    if (q) {
      const sla = this.sla(queueId);
      q.acc = emptyAccumulator();
      for (const c of q.cdrs) addCdr(q.acc, c, sla);
    }
    this.changes++;
  }

  /**
   * Today's CDRs of a source with queue entry in [fromMs, toMs), when the feed holds that whole range
   * (it starts at or after today's local midnight); null when the vendor must be asked instead.
   */
  cdrsBetween(sourceId: string, fromMs: number, toMs: number): Cdr[] | null {
    const day = this.sources.get(sourceId)?.day;
    if (!day || fromMs < day.start || day.start !== this.todayStart(sourceId)) {
      return null;
    }
    return day.cdrs.filter((c) => inDay(c, fromMs, toMs));
  }

  /** Start of the source's current local day (recomputed only when the clock leaves the day). */
  private todayStart(sourceId: string): number {
    const now = this.now();
    const cached = this.today.get(sourceId);
    if (cached && now >= cached.start && now < cached.end) return cached.start;
    const tz = this.opts.timeZoneOf(sourceId);
    const day = { start: localMidnight(now, tz), end: nextLocalMidnight(now, tz) };
    this.today.set(sourceId, day);
    return day.start;
  }

  // ---------------------------------------------------------------- polling

  private async poll(source: FeedSource, signal: AbortSignal): Promise<CdrPollResult> {
    const sourceId = source.connector.id;
    const now = this.now();
    const tz = this.opts.timeZoneOf(sourceId);
    const dayStart = localMidnight(now, tz);
    const current = source.day?.start === dayStart ? source.day : null;
    // Read before the fetch: a call open at `asOf` either is in the answer or is still open.
    const hint = this.opts.openCalls?.(sourceId) ?? null;
    const from = (current?.watermark ?? dayStart) - this.overlapMs;
    const cdrs = await source.connector.fetchCdrs(from, now, signal);
    if (signal.aborted) throw new Error('poller stopped');

    let day = source.day?.start === dayStart ? source.day : null;
    if (!day) {
      // First poll of the day (or ever): start over, yesterday's totals are history's business.
      day = {
        start: dayStart,
        end: nextLocalMidnight(now, tz),
        seen: new Set(),
        cdrs: [],
        queues: new Map(),
        watermark: dayStart,
        previousOldestOpen: null,
      };
      source.day = day;
      this.changes++;
    }
    let added = 0;
    for (const c of cdrs) {
      if (day.seen.has(c.id)) continue;
      day.seen.add(c.id);
      if (!inDay(c, day.start, day.end)) continue;
      day.cdrs.push(c);
      added++;
      if (!c.queueId) continue;
      let q = day.queues.get(c.queueId);
      if (!q) {
        q = { cdrs: [], acc: emptyAccumulator() };
        day.queues.set(c.queueId, q);
      }
      q.cdrs.push(c);
      addCdr(q.acc, c, this.sla(c.queueId));
    }
    if (added) this.changes++;

    const candidates = [now];
    if (hint) {
      candidates.push(hint.asOf);
      if (hint.oldestStart !== null) candidates.push(hint.oldestStart);
      if (day.previousOldestOpen !== null) candidates.push(day.previousOldestOpen);
      day.previousOldestOpen = hint.oldestStart;
    }
    day.watermark = Math.max(day.start, Math.min(...candidates));

    const iso = (t: number) => new Date(t).toISOString();
    return {
      dayStart: iso(day.start),
      from: iso(from),
      to: iso(now),
      fetched: cdrs.length,
      added,
      today: day.cdrs.length,
    };
  }
}

/** Open calls of a source as its live snapshot shows them (waiting callers and calls). */
export function openCallsFromLive(live: LiveService, sourceId: string): OpenCallsHint | null {
  const snap = live.source(sourceId)?.poller?.snapshot();
  if (!snap?.data || snap.fetchedAt === null) return null;
  let oldest: number | null = null;
  const consider = (iso: string | null) => {
    const t = iso ? Date.parse(iso) : NaN;
    if (Number.isFinite(t) && (oldest === null || t < oldest)) oldest = t;
  };
  for (const c of snap.data.calls) consider(c.startedAt ?? c.answeredAt);
  for (const w of snap.data.waiting) consider(w.waitingSince);
  return { asOf: snap.fetchedAt, oldestStart: oldest };
}
