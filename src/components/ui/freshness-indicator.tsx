import type { Freshness } from '@contract/source';
import { cn } from '@/lib/cn';
import { formatUpdatedAgo } from '@/lib/format';
import { freshnessStatus } from '@/lib/freshness';
import { useNow } from '@/lib/time';
import { StatusBadge } from './status-badge';

export interface FreshnessIndicatorProps {
  freshness: Freshness | undefined;
  /** One poll period in ms; data older than two of them is stale. */
  pollMs: number;
  className?: string;
}

/**
 * "updated 3 s ago", plus a "Stale" badge when the last poll failed or the data is too old. The
 * cause sits in the badge's tooltip and in screen-reader text, since a tooltip alone is not
 * reachable by keyboard or touch.
 */
export function FreshnessIndicator({ freshness, pollMs, className }: FreshnessIndicatorProps) {
  const now = useNow(1000);
  const status = freshnessStatus(freshness, now, pollMs);
  return (
    <span
      className={cn('inline-flex flex-wrap items-center gap-2 text-xs text-fg-muted', className)}
    >
      <span className="tabular-nums">
        {status.state === 'pending' && status.ageMs === null
          ? 'waiting for first update'
          : formatUpdatedAgo(status.ageMs)}
      </span>
      {status.state === 'stale' && (
        <StatusBadge tone="warn" title={status.reason ?? undefined}>
          Stale
          {status.reason && <span className="sr-only">: {status.reason}</span>}
        </StatusBadge>
      )}
    </span>
  );
}
