/** Shown wherever a value is unknown or not derivable; never a fake 0 or 100 %. */
export const EMPTY_VALUE = '—';

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Seconds as `mm:ss` below an hour and `h:mm:ss` above (`00:07`, `12:34`, `1:02:03`); "—" for null.
 * Fractions are floored so a ticking counter never shows a second that has not passed yet.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return EMPTY_VALUE;
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`;
}

/** A short age: `0 s`, `42 s`, `3 min`, `2 h`, `3 d`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** "updated 3 s ago" from an age in ms; "not updated yet" for null. */
export function formatUpdatedAgo(ms: number | null): string {
  return ms === null ? 'not updated yet' : `updated ${formatAge(ms)} ago`;
}

/**
 * A percentage from a 0–100 value (docs/metrics.md defines SL and abandon rate as 100 × …), e.g.
 * `87 %`; "—" for null, which the gateway sends when the denominator is 0.
 */
export function formatPercent(value: number | null | undefined, fractionDigits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY_VALUE;
  return `${value.toFixed(fractionDigits)} %`;
}

const countFormat = new Intl.NumberFormat('en-US');

/** An integer count with grouping (`1,234`); "—" for null. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY_VALUE;
  return countFormat.format(value);
}

/** Clock time `14:02` of an ISO timestamp in the browser's zone; "—" when missing or invalid. */
export function formatClockTime(iso: string | null | undefined): string {
  if (!iso) return EMPTY_VALUE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return EMPTY_VALUE;
  return d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}
