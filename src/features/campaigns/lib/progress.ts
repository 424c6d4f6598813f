import type { CampaignProgress } from '@contract/campaign';
import { EMPTY_VALUE, formatCount } from '@/lib/format';

/** Statuses that end an entry's life in a campaign: it will not be dialled again. */
export const DONE_STATUSES = ['completed', 'failed', 'cancelled'] as const;

export interface ProgressFigures {
  done: number;
  total: number;
  /** 0–100, or null when the campaign has no entries (nothing to divide by). */
  percent: number | null;
}

/** done = completed + failed + cancelled, over the campaign's total. */
export function campaignProgress(c: Pick<CampaignProgress, 'total' | 'counts'>): ProgressFigures {
  const done = DONE_STATUSES.reduce((sum, s) => sum + (c.counts[s] ?? 0), 0);
  const total = c.total;
  const percent = total > 0 ? Math.min(100, (done / total) * 100) : null;
  return { done, total, percent };
}

/** "42 %", floored so an unfinished campaign never shows 100 %; "—" for null. */
export function formatProgressPercent(percent: number | null): string {
  return percent === null ? EMPTY_VALUE : `${Math.floor(percent)} %`;
}

/** "1,234 of 5,000 done (24 %)", the progress bar's spoken value. */
export function progressValueText(p: ProgressFigures): string {
  if (p.percent === null) return 'No entries yet';
  return `${formatCount(p.done)} of ${formatCount(p.total)} done (${formatProgressPercent(p.percent)})`;
}

/** Entries finished per hour: "120 / h"; "—" while the gateway has too few samples. */
export function formatRate(ratePerHour: number | null): string {
  if (ratePerHour === null || !Number.isFinite(ratePerHour)) return EMPTY_VALUE;
  return `${formatCount(Math.round(ratePerHour))} / h`;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** Estimated finish: "14:02" today, "3 Mar, 09:15" on another day; "—" for null. */
export function formatFinish(iso: string | null, now: number): string {
  if (!iso) return EMPTY_VALUE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return EMPTY_VALUE;
  return d.toDateString() === new Date(now).toDateString()
    ? timeFormat.format(d)
    : dayTimeFormat.format(d);
}
