import type { CampaignHistoryResponse, CampaignProgress } from '@contract/campaign';
import { makeId } from '@contract/common';
import type { EntryStatus } from '@contract/entry';
import { VendorError, type Connector, type ConnectorCampaign } from '../connectors/types';
import type { CampaignHistoryStore } from '../store/campaign-history';
import { Poller, type Snapshot } from './poller';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DEFAULT_INTERVAL_MS = 30_000;
/** Default cap on the points of one history answer. */
export const MAX_CAMPAIGN_POINTS = 1000;

/** Statuses after which an entry needs nothing more: they make the rate of progress. */
const FINISHED: EntryStatus[] = ['completed', 'failed', 'cancelled', 'expired', 'deleted'];
const OPEN: EntryStatus[] = ['pending', 'dialing', 'in_progress'];

export interface CampaignServiceOptions {
  /** Poll interval of a source; 30 s by default (connectors keep their own budget share). */
  intervalMs?: (sourceId: string) => number;
  /** Samples older than this are deleted (30 days). */
  retentionMs?: number;
  /** Samples are kept one per minute this long (2 days), then one per `bucketMs` (15 minutes). */
  rawRetentionMs?: number;
  bucketMs?: number;
  now?: () => number;
  onError?(sourceId: string, err: Error): void;
}

type Counts = Partial<Record<EntryStatus, number>>;

const sum = (counts: Counts, statuses: EntryStatus[]) =>
  statuses.reduce((s, k) => s + (counts[k] ?? 0), 0);

function parseCounts(json: string): Record<string, number> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}

interface Tracked {
  connector: Connector;
  poller: Poller<ConnectorCampaign[]>;
}

/**
 * Campaign progress of every source with the campaigns capability: one poller per source asks its
 * connector for campaign counts (the connector finds campaigns and stays within its share of the
 * vendor budget), each new count is stored as a sample in the store (`campaign_history`, one per
 * campaign and minute, 15-minute buckets after two days, nothing after 30 days), and rate and
 * finish estimate come from those samples.
 */
export class CampaignService {
  private readonly tracked = new Map<string, Tracked>();
  private readonly stored = new Map<string, number>();
  private readonly now: () => number;
  private stopped = false;

  constructor(
    private readonly samples: CampaignHistoryStore,
    connectors: Connector[],
    private readonly opts: CampaignServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    for (const connector of connectors) {
      if (!connector.capabilities.campaigns || !connector.fetchCampaigns) continue;
      const poller = new Poller<ConnectorCampaign[]>({
        name: `${connector.id}/campaigns`,
        intervalMs: opts.intervalMs?.(connector.id) ?? DEFAULT_INTERVAL_MS,
        fetch: (signal) => connector.fetchCampaigns!(signal),
        onData: (list) => void this.guard(connector.id, () => this.record(connector.id, list)),
        onError: (err) => opts.onError?.(connector.id, err),
        retryAfterMs: (e) => (e instanceof VendorError ? e.retryAfterMs : null),
      });
      this.tracked.set(connector.id, { connector, poller });
    }
  }

  /** The campaign pollers, for /metrics. */
  pollers(): Poller<unknown>[] {
    return [...this.tracked.values()].map((t) => t.poller as Poller<unknown>);
  }

  start(): void {
    if (this.stopped) return;
    for (const t of this.tracked.values()) t.poller.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.tracked.values()].map((t) => t.poller.stop()));
  }

  /** Polls one source now; resolves when its snapshot is updated. */
  refresh(sourceId: string): Promise<void> {
    return this.tracked.get(sourceId)?.poller.refresh() ?? Promise.resolve();
  }

  /** The campaign poll of a source: its health where the source has no live data. */
  snapshot(sourceId: string): Snapshot<ConnectorCampaign[]> | undefined {
    return this.tracked.get(sourceId)?.poller.snapshot();
  }

  private async guard(sourceId: string, fn: () => Promise<unknown>): Promise<void> {
    if (this.stopped) return;
    try {
      await fn();
    } catch (e) {
      this.opts.onError?.(sourceId, e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Stores a sample for every campaign counted since its last stored sample. */
  async record(sourceId: string, list: ConnectorCampaign[]): Promise<number> {
    const rows = [];
    const counted = new Map<string, number>();
    for (const c of list) {
      if (c.countedAt === null) continue;
      const id = makeId(sourceId, c.vendorId);
      if ((this.stored.get(id) ?? 0) >= c.countedAt) continue;
      rows.push({
        campaign_id: id,
        at: Math.floor(c.countedAt / MINUTE) * MINUTE,
        total: c.total,
        counts_json: JSON.stringify(c.counts),
      });
      counted.set(id, c.countedAt);
    }
    await this.samples.put(rows);
    // Only once stored: a sample lost to an outage is stored by the next poll instead.
    for (const [id, at] of counted) this.stored.set(id, at);
    return rows.length;
  }

  /**
   * Entries finished per hour over the last hour: the newest sample at least an hour old (and at
   * most 90 minutes, so a gap in polling does not pass for a rate) against the current counts.
   */
  private async rate(
    id: string,
    c: ConnectorCampaign,
  ): Promise<{ ratePerHour: number | null; estimatedFinishAt: string | null }> {
    if (c.countedAt === null) return { ratePerHour: null, estimatedFinishAt: null };
    const then = await this.samples.latestBetween(id, c.countedAt - 1.5 * HOUR, c.countedAt - HOUR);
    if (!then) return { ratePerHour: null, estimatedFinishAt: null };
    const hours = (c.countedAt - then.at) / HOUR;
    const done = sum(c.counts, FINISHED) - sum(parseCounts(then.counts_json) as Counts, FINISHED);
    const ratePerHour = Math.max(0, Math.round((done / hours) * 10) / 10);
    const open = sum(c.counts, OPEN);
    const estimatedFinishAt =
      open > 0 && ratePerHour > 0
        ? new Date(c.countedAt + (open / ratePerHour) * HOUR).toISOString()
        : null;
    return { ratePerHour, estimatedFinishAt };
  }

  /** Progress of every campaign of the sources `visible` lets through, by source then name. */
  async progress(visible: (sourceId: string) => boolean): Promise<CampaignProgress[]> {
    const items: CampaignProgress[] = [];
    for (const [sourceId, t] of this.tracked) {
      if (!visible(sourceId)) continue;
      for (const c of t.poller.snapshot().data ?? []) {
        const id = makeId(sourceId, c.vendorId);
        const counts: Record<string, number> = {};
        for (const [k, v] of Object.entries(c.counts)) if (v !== undefined) counts[k] = v;
        items.push({
          id,
          sourceId,
          vendorId: c.vendorId,
          name: c.name,
          total: c.total,
          counts,
          ...(await this.rate(id, c)),
          updatedAt: c.countedAt === null ? null : new Date(c.countedAt).toISOString(),
        });
      }
    }
    return items.sort((a, b) =>
      a.sourceId === b.sourceId
        ? a.name.localeCompare(b.name)
        : a.sourceId.localeCompare(b.sourceId),
    );
  }

  /** Whether a campaign is known now or has history. */
  async knows(campaignId: string, sourceId: string, vendorId: string): Promise<boolean> {
    if (
      this.tracked
        .get(sourceId)
        ?.poller.snapshot()
        .data?.some((c) => c.vendorId === vendorId)
    )
      return true;
    return this.samples.has(campaignId);
  }

  /**
   * A campaign's samples with `at` in [fromMs, toMs], oldest first; above `maxPoints` the range is
   * cut into equal buckets and each keeps its last sample (counts are a state, not a flow).
   */
  async history(
    campaignId: string,
    fromMs: number,
    toMs: number,
    maxPoints = MAX_CAMPAIGN_POINTS,
  ): Promise<CampaignHistoryResponse> {
    const rows = await this.samples.read(campaignId, fromMs, toMs);
    let picked = rows;
    if (rows.length > maxPoints) {
      const width = Math.ceil((toMs - fromMs + 1) / maxPoints);
      picked = [];
      rows.forEach((r, i) => {
        const next = rows[i + 1];
        if (!next || Math.floor((next.at - fromMs) / width) !== Math.floor((r.at - fromMs) / width))
          picked.push(r);
      });
    }
    return {
      campaignId,
      points: picked.map((r) => ({
        at: new Date(r.at).toISOString(),
        counts: parseCounts(r.counts_json),
      })),
    };
  }

  /**
   * Retention: deletes samples older than 30 days and keeps, for samples older than two days, only
   * the last of each 15-minute bucket. Idempotent.
   */
  async prune(now = this.now()): Promise<{ deleted: number }> {
    const retention = this.opts.retentionMs ?? 30 * DAY;
    const raw = this.opts.rawRetentionMs ?? 2 * DAY;
    const bucket = this.opts.bucketMs ?? 15 * MINUTE;
    const before = Math.floor((now - raw) / bucket) * bucket;
    return { deleted: await this.samples.prune(now - retention, before, bucket) };
  }
}
