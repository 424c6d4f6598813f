import { useId } from 'react';
import { FreshnessIndicator } from '@/components/ui/freshness-indicator';
import type { SourceGroup } from '../lib/group-by-source';
import { QueueCard } from './queue-card';

export interface SourceSectionProps {
  group: SourceGroup;
  /** The browser's poll period; freshness judges age against the slower of it and the source's. */
  clientPollMs: number;
}

/** One source's queues under its label, with that source's freshness. */
export function SourceSection({ group, clientPollMs }: SourceSectionProps) {
  const headingId = useId();
  const pollMs = Math.max(clientPollMs, (group.pollSeconds ?? 0) * 1000);
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-line pb-2">
        <h2 id={headingId} className="text-sm font-semibold text-fg-muted">
          {group.label}
        </h2>
        <FreshnessIndicator freshness={group.freshness} pollMs={pollMs} />
      </div>
      {group.queues.length === 0 ? (
        <p className="text-sm text-fg-muted">This source has reported no queues.</p>
      ) : (
        <div className="grid grid-cols-[repeat(auto-fill,minmax(16rem,1fr))] gap-4">
          {group.queues.map((queue) => (
            <QueueCard key={queue.id} queue={queue} />
          ))}
        </div>
      )}
    </section>
  );
}
