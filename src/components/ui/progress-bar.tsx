import { cn } from '@/lib/cn';

export type ProgressTone = 'accent' | 'ok' | 'warn' | 'breach';

/** Full class strings per tone, so Tailwind sees every class and themes swap them via tokens. */
const FILL_CLASSES: Record<ProgressTone, string> = {
  accent: 'bg-accent',
  ok: 'bg-threshold-ok',
  warn: 'bg-threshold-warn',
  breach: 'bg-threshold-breach',
};

/** Share of `max` as 0–100, clamped; null when there is no meaningful denominator. */
export function shareOf(value: number, max: number): number | null {
  if (!Number.isFinite(value) || !Number.isFinite(max) || max <= 0) return null;
  return Math.min(100, Math.max(0, (value / max) * 100));
}

interface BarProps {
  /** The accessible name, e.g. "Progress of Spring renewals". */
  label: string;
  /** Read out instead of the bare number, e.g. "1,234 of 5,000 done". */
  valueText: string;
  tone?: ProgressTone;
  className?: string;
}

export interface ProgressBarProps extends BarProps {
  /** Percent done (0–100); null while there is nothing to measure (no aria-valuenow then). */
  percent: number | null;
}

/**
 * A horizontal progress bar (`role="progressbar"`, `aria-valuenow` in whole percent). The visible
 * numbers belong next to it as text: the bar only repeats them.
 */
export function ProgressBar({ label, valueText, percent, tone = 'accent', className }: ProgressBarProps) {
  // Floored, so 99.6 % of a campaign never reads as finished.
  const now = percent === null ? undefined : Math.floor(percent);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={now}
      aria-valuetext={valueText}
      className={cn('h-2.5 w-full overflow-hidden rounded-full bg-surface-muted ring-1 ring-inset ring-line-strong', className)}
    >
      <div
        className={cn('h-full rounded-full transition-[width] duration-300 motion-reduce:transition-none', FILL_CLASSES[tone])}
        style={{ width: `${percent ?? 0}%` }}
      />
    </div>
  );
}

export interface MeterProps extends BarProps {
  value: number;
  max: number;
}

/**
 * A gauge of a known range (`role="meter"`), e.g. requests used of a per-minute budget. The tone
 * is the caller's: a meter has no notion of "good".
 */
export function Meter({ label, valueText, value, max, tone = 'accent', className }: MeterProps) {
  const percent = shareOf(value, max) ?? 0;
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Math.min(value, max)}
      aria-valuetext={valueText}
      className={cn('h-1.5 w-full overflow-hidden rounded-full bg-surface-muted ring-1 ring-inset ring-line-strong', className)}
    >
      <div className={cn('h-full rounded-full', FILL_CLASSES[tone])} style={{ width: `${percent}%` }} />
    </div>
  );
}
