import { EMPTY_VALUE } from '@/lib/format';

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const dateTimeSecondsFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const shortDateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * "2 Mar 2026, 14:02" in the browser's zone; `compact` drops the year within the current year
 * ("2 Mar, 14:02"), for dense tables. "—" when missing or unparseable.
 */
export function formatDateTime(
  iso: string | null | undefined,
  withSeconds = false,
  compact = false,
): string {
  if (!iso) return EMPTY_VALUE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return EMPTY_VALUE;
  if (compact && !withSeconds && d.getFullYear() === new Date().getFullYear()) {
    return shortDateTimeFormat.format(d);
  }
  return (withSeconds ? dateTimeSecondsFormat : dateTimeFormat).format(d);
}

export interface DateTimeProps {
  iso: string | null | undefined;
  withSeconds?: boolean;
  /** Without the year when it is the current one. */
  compact?: boolean;
  className?: string;
}

/** A `<time>` with the machine-readable instant and a short local rendering. */
export function DateTime({ iso, withSeconds = false, compact = false, className }: DateTimeProps) {
  const text = formatDateTime(iso, withSeconds, compact);
  if (text === EMPTY_VALUE || !iso) return <span className={className}>{EMPTY_VALUE}</span>;
  return (
    <time dateTime={iso} title={iso} className={className}>
      {text}
    </time>
  );
}
