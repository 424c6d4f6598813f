import type { QueueHistoryPoint } from '@contract/queue';

/** Recharts stays light with a few hundred points; docs/performance.md caps live series below 1,000. */
export const MAX_CHART_POINTS = 500;

/** Series colours (theme tokens): the chart and its legend share them. */
export const WAITING_COLOR = 'var(--qd-threshold-warn)';
export const SERVICE_LEVEL_COLOR = 'var(--qd-accent)';

export interface QueueChartRow {
  /** Sample time in ms. */
  t: number;
  /** Null where the source was unreachable: the chart shows a gap, not a fake zero. */
  waiting: number | null;
  serviceLevel: number | null;
}

/**
 * History points as chart rows in time order, thinned evenly to at most `maxPoints` while always
 * keeping the latest sample.
 */
export function toQueueChartRows(
  points: readonly QueueHistoryPoint[],
  maxPoints = MAX_CHART_POINTS,
): QueueChartRow[] {
  const rows = points
    .map((p) => ({ t: Date.parse(p.at), waiting: p.waiting, serviceLevel: p.serviceLevel }))
    .filter((r) => Number.isFinite(r.t))
    .sort((a, b) => a.t - b.t);
  if (rows.length <= maxPoints) return rows;
  const step = Math.ceil(rows.length / maxPoints);
  const picked = rows.filter((_, i) => i % step === 0);
  const last = rows[rows.length - 1]!;
  if (picked[picked.length - 1] !== last) {
    if (picked.length >= maxPoints) picked[picked.length - 1] = last;
    else picked.push(last);
  }
  return picked;
}
