import type { CampaignHistoryResponse } from '@contract/campaign';
import type { QueueEntry } from '@contract/entry';
import { ENTRY_STATUS_ORDER, isEntryStatus } from '@/components/ui/entry-status-badge';

/** Recharts keeps up with a few hundred points; more only costs memory (docs/performance.md#known-traps). */
export const MAX_CHART_POINTS = 500;

/** Stack order, bottom to top: finished work first, so the growing done share sits on the axis. */
const STACK_ORDER = [
  'completed',
  'failed',
  'cancelled',
  'expired',
  'deleted',
  'in_progress',
  'dialing',
  'pending',
] as const;

export type ChartRow = { t: number } & Record<string, number>;

export interface ChartData {
  rows: ChartRow[];
  /** Series keys in stack order; unknown vendor keys come last. */
  keys: string[];
}

/**
 * History points as chart rows (`t` in ms plus one number per status, 0 where absent), thinned
 * evenly to at most `maxPoints` while always keeping the latest point.
 */
export function toChartData(
  points: CampaignHistoryResponse['points'],
  maxPoints = MAX_CHART_POINTS,
): ChartData {
  const present = new Set<string>();
  for (const p of points) for (const [k, n] of Object.entries(p.counts)) if (n > 0) present.add(k);
  const keys = [
    ...STACK_ORDER.filter((k) => present.has(k)),
    ...[...present].filter((k) => !isEntryStatus(k)),
  ];
  const valid = points
    .map((p) => ({ t: Date.parse(p.at), counts: p.counts }))
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  const step = Math.max(1, Math.ceil(valid.length / maxPoints));
  const picked = valid.filter((_, i) => i % step === 0 || i === valid.length - 1);
  const rows = picked.map((p) => {
    const row: ChartRow = { t: p.t } as ChartRow;
    for (const k of keys) row[k] = p.counts[k] ?? 0;
    return row;
  });
  return { rows, keys };
}

/** Legend order: lifecycle order of the contract, then unknown vendor keys. */
export function legendKeys(keys: readonly string[]): string[] {
  return [
    ...ENTRY_STATUS_ORDER.filter((s) => keys.includes(s)),
    ...keys.filter((k) => !isEntryStatus(k)),
  ];
}

export interface FailureGroup {
  /** The vendor's error text as sent; null when the entry carries none. */
  error: string | null;
  count: number;
}

/** Failed entries grouped by their last error, most frequent first (ties by text, none last). */
export function groupFailures(items: readonly Pick<QueueEntry, 'lastError'>[]): FailureGroup[] {
  const counts = new Map<string | null, number>();
  for (const item of items) {
    const key = item.lastError?.trim() || null;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([error, count]) => ({ error, count }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        // On a tie, a real error reads before "no error recorded".
        (a.error === null ? 1 : 0) - (b.error === null ? 1 : 0) ||
        (a.error ?? '').localeCompare(b.error ?? ''),
    );
}
