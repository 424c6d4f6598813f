import type { EntriesPage, EntryDirection, QueueEntryDetail } from '@contract/entry';
import type { Connector, ConnectorEntriesPage, EntriesRequest } from '../connectors/types';

/** Identical queries within this long share one vendor read (a room of screens costs one). */
const PAGE_TTL_MS = 3_000;
/** Status counts per filter: fresh this long, then re-read when the budget allows… */
const COUNTS_TTL_MS = 15_000;
/** …and, while it does not, the last counts are shown up to this age rather than none. */
const COUNTS_STALE_MS = 5 * 60_000;
const MAX_ENTRIES = 300;
const VENDOR_TIMEOUT_MS = 30_000;

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

interface CachedCounts {
  at: number;
  value: Record<string, number> | null;
  pending: Promise<Record<string, number> | null> | null;
}

/** A cache key that does not depend on property order or undefined fields. */
function keyOf(sourceId: string, parts: Record<string, unknown>): string {
  const clean = Object.entries(parts)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `${sourceId}|${JSON.stringify(clean)}`;
}

function prune<V extends { at: number }>(map: Map<string, V>, maxAgeMs: number, now: number): void {
  for (const [k, v] of map) if (now - v.at > maxAgeMs || map.size > MAX_ENTRIES) map.delete(k);
}

/**
 * Queue entries of any source in the contract's shape: the connector translates paging, this
 * shares identical reads briefly and caches status counts per filter (status, page and sort left
 * out, so switching status tabs or pages reuses them).
 */
export class EntriesService {
  private readonly pages = new Map<string, Cached<ConnectorEntriesPage>>();
  private readonly counts = new Map<string, CachedCounts>();

  constructor(private readonly now: () => number = Date.now) {}

  async list(c: Connector, q: EntriesRequest): Promise<EntriesPage> {
    const page = await this.page(c, q);
    const countsByStatus = c.countEntriesByStatus ? await this.countsFor(c, q) : null;
    return { ...page, page: q.page, pageSize: q.pageSize, countsByStatus };
  }

  private page(c: Connector, q: EntriesRequest): Promise<ConnectorEntriesPage> {
    const now = this.now();
    const key = keyOf(c.id, q);
    const hit = this.pages.get(key);
    if (hit && now - hit.at < PAGE_TTL_MS) return hit.value;
    prune(this.pages, PAGE_TTL_MS, now);
    const value = c.listEntries!(q, AbortSignal.timeout(VENDOR_TIMEOUT_MS));
    // A failed read is not remembered: the next request asks the vendor again.
    value.catch(() => this.pages.delete(key));
    this.pages.set(key, { at: now, value });
    return value;
  }

  /** Counts of the query's filters; null when the source cannot spare the requests and nothing recent is known. */
  private async countsFor(c: Connector, q: EntriesRequest): Promise<Record<string, number> | null> {
    const { status: _s, page: _p, pageSize: _ps, sort: _so, order: _o, ...filters } = q;
    const key = keyOf(c.id, filters);
    const now = this.now();
    let entry = this.counts.get(key);
    if (entry && entry.value !== null && now - entry.at < COUNTS_TTL_MS) return entry.value;
    if (!entry) {
      prune(this.counts, COUNTS_STALE_MS, now);
      entry = { at: 0, value: null, pending: null };
      this.counts.set(key, entry);
    }
    const e = entry;
    e.pending ??= c.countEntriesByStatus!(q, AbortSignal.timeout(VENDOR_TIMEOUT_MS))
      .catch(() => null)
      .then((value) => {
        if (value !== null) {
          e.value = value;
          e.at = this.now();
        }
        return value;
      })
      .finally(() => {
        e.pending = null;
      });
    const fresh = await e.pending;
    if (fresh !== null) return fresh;
    return e.value !== null && this.now() - e.at < COUNTS_STALE_MS ? e.value : null;
  }

  detail(
    c: Connector,
    vendorId: string,
    direction: EntryDirection | null,
  ): Promise<QueueEntryDetail | null> {
    return c.getEntry!(vendorId, direction, AbortSignal.timeout(VENDOR_TIMEOUT_MS));
  }
}
