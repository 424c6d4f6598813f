import { cn } from '@/lib/cn';
import { formatDuration } from '@/lib/format';
import { msSince, useNow } from '@/lib/time';

export interface ElapsedProps {
  /** ISO start; "—" when null or unparseable. */
  since: string | null | undefined;
  className?: string;
}

/**
 * A duration that ticks every second from `since` on the shared clock. Only this text node
 * re-renders each second; the row or tile around it renders only when its data changes.
 */
export function Elapsed({ since, className }: ElapsedProps) {
  const now = useNow(1000);
  const ms = msSince(since, now);
  return (
    <span className={cn('tabular-nums', className)}>
      {formatDuration(ms === null ? null : ms / 1000)}
    </span>
  );
}
