import { Link } from '@tanstack/react-router';
import { memo, useId } from 'react';
import type { Queue } from '@contract/queue';
import { Card } from '@/components/ui/card';
import { StatTile, type StatTone } from '@/components/ui/stat-tile';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatCount, formatDuration } from '@/lib/format';
import { msSince, useNow } from '@/lib/time';
import { waitTone, type WaitTone } from '../lib/wait-tone';

const WAIT_STAT_TONE: Record<WaitTone, StatTone> = {
  none: 'muted',
  ok: 'neutral',
  warn: 'warn',
  breach: 'breach',
};

/** Seconds the oldest waiting caller has waited, or null when nobody waits (or the vendor cannot say). */
function useLongestWaitSeconds(queue: Queue): number | null {
  const now = useNow(1000);
  if (queue.live.waiting === 0) return null;
  const ms = msSince(queue.live.oldestWaitingSince, now);
  return ms === null ? null : ms / 1000;
}

/** The only ticking part of a card, so the rest of the card re-renders only when its data changes. */
function LongestWait({ queue }: { queue: Queue }) {
  const seconds = useLongestWaitSeconds(queue);
  const tone = waitTone(seconds, queue.sla.thresholdSeconds);
  return (
    <StatTile
      label="Longest wait"
      value={formatDuration(seconds)}
      size="lg"
      tone={WAIT_STAT_TONE[tone]}
      title={`Service-level target: answer within ${queue.sla.thresholdSeconds} s`}
    />
  );
}

function WaitBadge({ queue }: { queue: Queue }) {
  const seconds = useLongestWaitSeconds(queue);
  const tone = waitTone(seconds, queue.sla.thresholdSeconds);
  if (tone === 'breach') {
    return (
      <StatusBadge
        tone="breach"
        title={`Longest wait is past the ${queue.sla.thresholdSeconds} s target`}
      >
        Over target
      </StatusBadge>
    );
  }
  if (tone === 'warn') {
    return (
      <StatusBadge
        tone="warn"
        title={`Longest wait is close to the ${queue.sla.thresholdSeconds} s target`}
      >
        Near target
      </StatusBadge>
    );
  }
  return null;
}

export interface QueueCardProps {
  queue: Queue;
}

/**
 * One queue: `<article>` named by its heading, with a `<dl>` of exact labels ("Calls waiting",
 * "Longest wait", "Agents logged in", "Agents available") whose values match GET /api/v1/queues.
 * Memoised on the queue object: structural sharing keeps an unchanged queue the same object.
 * The name links to the queue's page (/queues/$queueId).
 */
export const QueueCard = memo(function QueueCard({ queue }: QueueCardProps) {
  const headingId = useId();
  const { live } = queue;
  return (
    <Card
      as="article"
      aria-labelledby={headingId}
      className="relative flex flex-col gap-5 p-5 transition-colors hover:border-line-strong"
    >
      <header className="flex min-h-6 items-start justify-between gap-3">
        {/* Vendor text: rendered as a text node, so markup in a name shows literally. */}
        <h3
          id={headingId}
          className="min-w-0 break-words text-base font-semibold leading-6 text-fg"
        >
          {/* The name opens the queue's page; the stretched ::after makes the whole card a target. */}
          <Link
            to="/queues/$queueId"
            params={{ queueId: queue.id }}
            className="rounded-sm underline-offset-4 after:absolute after:inset-0 after:rounded-card after:content-[''] hover:underline focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-focus"
          >
            {queue.name}
          </Link>
        </h3>
        <WaitBadge queue={queue} />
      </header>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-5">
        <StatTile
          label="Calls waiting"
          value={formatCount(live.waiting)}
          size="lg"
          tone={live.waiting === 0 ? 'muted' : 'neutral'}
        />
        <LongestWait queue={queue} />
        <StatTile label="Agents logged in" value={formatCount(live.agentsLoggedIn)} />
        <StatTile
          label="Agents available"
          value={formatCount(live.agentsAvailable)}
          tone={live.agentsLoggedIn > 0 && live.agentsAvailable === 0 ? 'warn' : 'neutral'}
        />
      </dl>
    </Card>
  );
});
