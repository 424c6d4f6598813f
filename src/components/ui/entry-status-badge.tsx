import { ENTRY_STATUS_LABELS, EntryStatus } from '@contract/entry';
import { StatusBadge, type BadgeTone } from './status-badge';

/** Badge tone per canonical entry status: finished well, finished badly, still moving. */
export const ENTRY_STATUS_TONE: Record<EntryStatus, BadgeTone> = {
  pending: 'neutral',
  dialing: 'accent',
  in_progress: 'accent',
  completed: 'ok',
  failed: 'breach',
  cancelled: 'warn',
  expired: 'warn',
  deleted: 'neutral',
};

/**
 * Series colours for charts, as theme tokens (CSS variables), so light, dark and wallboard themes
 * each get their own readable shade.
 */
export const ENTRY_STATUS_COLOR: Record<EntryStatus, string> = {
  pending: 'var(--qd-state-unknown)',
  dialing: 'var(--qd-state-ringing)',
  in_progress: 'var(--qd-state-on-queue-call)',
  completed: 'var(--qd-state-ready)',
  failed: 'var(--qd-state-not-ready)',
  cancelled: 'var(--qd-state-break)',
  expired: 'var(--qd-state-wrap-up)',
  deleted: 'var(--qd-state-logged-out)',
};

/** The chart colour of a status key; unknown vendor keys share a neutral one. */
export function entryStatusColor(key: string): string {
  return isEntryStatus(key) ? ENTRY_STATUS_COLOR[key] : 'var(--qd-state-unknown)';
}

/** Canonical statuses in lifecycle order, for lists and legends. */
export const ENTRY_STATUS_ORDER: readonly EntryStatus[] = EntryStatus.options;

/** True when `value` is one of the canonical statuses (count maps may carry vendor keys too). */
export function isEntryStatus(value: string): value is EntryStatus {
  return (EntryStatus.options as readonly string[]).includes(value);
}

/** The label of a status key; an unknown vendor key is shown as it came, as text. */
export function entryStatusLabel(value: string): string {
  return isEntryStatus(value) ? ENTRY_STATUS_LABELS[value] : value;
}

export interface EntryStatusBadgeProps {
  status: EntryStatus;
  /** The vendor's own word, shown as a tooltip and to screen readers when it differs. */
  rawStatus?: string | null | undefined;
}

/** A queue entry's canonical status as a coloured pill with its name. */
export function EntryStatusBadge({ status, rawStatus }: EntryStatusBadgeProps) {
  const label = ENTRY_STATUS_LABELS[status];
  const showRaw = rawStatus && rawStatus.toLowerCase() !== label.toLowerCase();
  return (
    <StatusBadge tone={ENTRY_STATUS_TONE[status]} title={showRaw ? `Vendor status: ${rawStatus}` : undefined}>
      {label}
    </StatusBadge>
  );
}

/**
 * A count map's entries in lifecycle order, zero counts left out; vendor keys the contract does
 * not know come last, in the order they came.
 */
export function orderStatusCounts(counts: Record<string, number>): Array<[string, number]> {
  const known = ENTRY_STATUS_ORDER.filter((s) => (counts[s] ?? 0) > 0).map(
    (s): [string, number] => [s, counts[s] ?? 0],
  );
  const unknown = Object.entries(counts).filter(([k, n]) => !isEntryStatus(k) && n > 0);
  return [...known, ...unknown];
}
