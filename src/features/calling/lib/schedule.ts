/** The browser's IANA time zone (`Europe/Bucharest`), or `UTC` when it cannot be told. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A wall-clock time in the browser's zone (`2026-03-02T14:30`, as a datetime-local input gives
 * it) as an instant, or null when it is not one.
 */
export function localToDate(value: string): Date | null {
  const m = LOCAL_RE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  // new Date rolls 31 Feb over into March: such a day does not exist.
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date;
}

/** An instant as the value of a datetime-local input in the browser's zone. */
export function dateToLocal(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`;
}

/**
 * A schedule time from a CSV cell: ISO 8601 with an offset or `Z` (`2026-03-02T14:30:00+02:00`),
 * or a wall-clock time in the browser's zone (`2026-03-02 14:30`). Null when it is neither.
 */
export function parseScheduleCell(value: string): Date | null {
  const text = value.trim();
  if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && /^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const t = Date.parse(text);
    return Number.isNaN(t) ? null : new Date(t);
  }
  return localToDate(text);
}

const utcFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** "2 Mar 2026, 12:30 UTC". */
export function formatUtc(date: Date): string {
  return `${utcFormat.format(date)} UTC`;
}

/** A scheduled time more than this far in the past is refused: the vendor would dial at once. */
export const PAST_TOLERANCE_MS = 60_000;
