import type { EntryStatus } from '@contract/entry';
import type { ConnectorCampaign } from '../types';

/** Filters the tracker samples with; `bucket` names one of the flavor's status buckets. */
export interface SampleFilter {
  bucket?: string;
  createdFrom?: number;
  createdTo?: number;
}

/** What the tracker needs from the connector; each call is exactly one vendor request unless said. */
export interface TrackerOps {
  /** Campaign ids of the newest (or oldest) entries matching, and how many match in all. */
  sample(
    f: SampleFilter,
    order: 'asc' | 'desc',
    signal: AbortSignal,
  ): Promise<{ campaignIds: string[]; seen: number; total: number | null }>;
  /** How many outbound entries match (all campaigns when `campaigns` is absent). */
  count(
    f: { campaigns?: string[]; createdFrom?: number; createdTo?: number },
    signal: AbortSignal,
  ): Promise<number>;
  /** Entries of one campaign per canonical status: `countCost` requests. */
  countCampaign(id: string, signal: AbortSignal): Promise<Partial<Record<EntryStatus, number>>>;
  readonly countCost: number;
  /** Status buckets whose newest entries are sampled first. */
  readonly seedBuckets: string[];
  /** Whether the vendor can list oldest first (docs flavor). */
  readonly canSortAsc: boolean;
  /** Requests left in the source's budget this minute. */
  budgetLeft(): number;
}

interface CampaignState {
  counts: Partial<Record<EntryStatus, number>>;
  total: number;
  countedAt: number | null;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// Running campaigns are recounted at most this often, finished ones every ten minutes.
const MIN_RECOUNT_MS = 10_000;
const FINISHED_RECOUNT_MS = 10 * MINUTE;
const CHECK_EVERY_MS = 10 * MINUTE;
const QUIET_CHECK_EVERY_MS = 60 * MINUTE;
// The sweep looks back this far, never splits a window below a minute, and stops after this many
// requests (entries without a campaign would otherwise be chased down to the minute forever).
const SWEEP_BACK_MS = 400 * DAY;
const MIN_WINDOW_MS = MINUTE;
const MAX_SWEEP_REQUESTS = 60;

const OPEN: EntryStatus[] = ['pending', 'dialing', 'in_progress'];

/**
 * Iqra has no campaign list: campaigns are found from entries and counted per status, all within
 * a fixed share of the source's request budget (the rest is for people paging through entries).
 *
 * Finding them: the newest entries overall and per status bucket (and the oldest, where the vendor
 * sorts ascending) are sampled first. Then one check compares all outbound entries with the known
 * campaigns' entries; if some are unaccounted for, a sweep bisects creation-time windows (a sample
 * of each window, and the known count within it) until every window is explained. Campaign ids
 * seen in entry pages people read are added too.
 */
export class CampaignTracker {
  private readonly campaigns = new Map<string, CampaignState>();
  private readonly log: number[] = [];
  private phase: 'seed' | 'check' | 'sweep' | 'idle' = 'seed';
  private windows: [number, number][] = [];
  private sweepRequests = 0;
  private sweepFound = false;
  private nextCheckAt = 0;

  constructor(
    private readonly ops: TrackerOps,
    /** Requests per rolling minute this tracker may spend. */
    private readonly share: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds campaign ids seen elsewhere; returns true when one was new. */
  observe(ids: Iterable<string | null | undefined>): boolean {
    let added = false;
    for (const id of ids) {
      if (!id || this.campaigns.has(id)) continue;
      this.campaigns.set(id, { counts: {}, total: 0, countedAt: null });
      added = true;
    }
    return added;
  }

  /** Requests spent in the last minute. */
  spent(): number {
    const cutoff = this.now() - MINUTE;
    while (this.log.length && this.log[0]! <= cutoff) this.log.shift();
    return this.log.length;
  }

  private take(k: number): boolean {
    if (this.spent() + k > this.share || this.ops.budgetLeft() < k) return false;
    const t = this.now();
    for (let i = 0; i < k; i++) this.log.push(t);
    return true;
  }

  list(): ConnectorCampaign[] {
    return [...this.campaigns.entries()].map(([id, c]) => ({
      vendorId: id,
      name: id,
      counts: { ...c.counts },
      total: c.total,
      countedAt: c.countedAt,
    }));
  }

  /** One poll: discovery steps and recounts, as far as the share allows. */
  async poll(signal: AbortSignal): Promise<ConnectorCampaign[]> {
    if (this.phase === 'idle' && this.now() >= this.nextCheckAt) this.phase = 'seed';
    if (this.phase === 'seed') await this.seed(signal);
    await this.recount(signal);
    if (this.phase === 'check') await this.check(signal);
    if (this.phase === 'sweep') await this.sweep(signal);
    return this.list();
  }

  private async seed(signal: AbortSignal): Promise<void> {
    const samples: [SampleFilter, 'asc' | 'desc'][] = [[{}, 'desc']];
    if (this.ops.canSortAsc) samples.push([{}, 'asc']);
    for (const bucket of this.ops.seedBuckets) samples.push([{ bucket }, 'desc']);
    if (!this.take(samples.length)) return;
    const found = await Promise.all(samples.map(([f, order]) => this.ops.sample(f, order, signal)));
    for (const s of found) this.observe(s.campaignIds);
    this.phase = 'check';
  }

  private async recount(signal: AbortSignal): Promise<void> {
    const now = this.now();
    const due = [...this.campaigns.entries()]
      .filter(([, c]) => {
        if (c.countedAt === null) return true;
        const open = OPEN.some((s) => (c.counts[s] ?? 0) > 0);
        return now - c.countedAt >= (open ? MIN_RECOUNT_MS : FINISHED_RECOUNT_MS);
      })
      .sort(([, a], [, b]) => (a.countedAt ?? 0) - (b.countedAt ?? 0));
    for (const [id, state] of due) {
      if (!this.take(this.ops.countCost)) return;
      const counts = await this.ops.countCampaign(id, signal);
      state.counts = counts;
      state.total = Object.values(counts).reduce((s, n) => s + (n ?? 0), 0);
      state.countedAt = this.now();
    }
  }

  /** Are all outbound entries in known campaigns? Needs every known campaign counted once. */
  private async check(signal: AbortSignal): Promise<void> {
    if (this.now() < this.nextCheckAt) return;
    if ([...this.campaigns.values()].some((c) => c.countedAt === null)) return;
    if (!this.take(2)) return;
    const known = [...this.campaigns.keys()];
    const [all, inKnown] = await Promise.all([
      this.ops.count({}, signal),
      known.length ? this.ops.count({ campaigns: known }, signal) : Promise.resolve(0),
    ]);
    if (all > inKnown) {
      const now = this.now();
      this.phase = 'sweep';
      this.windows = [[now - SWEEP_BACK_MS, now + DAY]];
      this.sweepRequests = 0;
      this.sweepFound = false;
    } else {
      this.phase = 'idle';
      this.nextCheckAt = this.now() + CHECK_EVERY_MS;
    }
  }

  private async sweep(signal: AbortSignal): Promise<void> {
    while (this.windows.length > 0 && this.sweepRequests < MAX_SWEEP_REQUESTS) {
      if (!this.take(1)) return;
      const [from, to] = this.windows.shift()!;
      this.sweepRequests++;
      const s = await this.ops.sample({ createdFrom: from, createdTo: to }, 'desc', signal);
      if (this.observe(s.campaignIds)) this.sweepFound = true;
      if (s.total === null || s.total <= s.seen || to - from < MIN_WINDOW_MS) continue;
      const known = [...this.campaigns.keys()];
      if (!this.take(1)) {
        this.windows.unshift([from, to]);
        return;
      }
      this.sweepRequests++;
      const inKnown = await this.ops.count(
        { campaigns: known, createdFrom: from, createdTo: to },
        signal,
      );
      if (inKnown >= s.total) continue;
      const mid = Math.floor((from + to) / 2);
      this.windows.unshift([mid, to], [from, mid]);
    }
    this.phase = 'idle';
    this.nextCheckAt = this.now() + (this.sweepFound ? CHECK_EVERY_MS : QUIET_CHECK_EVERY_MS);
  }
}
