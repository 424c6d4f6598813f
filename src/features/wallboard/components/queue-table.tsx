import { memo } from 'react';
import type { WallboardQueue } from '@contract/wallboard';
import { cn } from '@/lib/cn';
import { formatCount, formatDuration, formatPercent } from '@/lib/format';
import { abandonDigits, queueTones, serviceLevelHint, TONE_TEXT } from '../lib/tone';
import { StaleBadge, ToneBadge, toneClasses, useLongestWait } from './queue-tile';

export interface QueueRowProps {
  queue: WallboardQueue;
  stale: { reason: string | null } | null;
  reducedMotion: boolean;
}

const cell = 'wb-pad whitespace-nowrap text-right font-bold tabular-nums';

/** One queue as a table row; memoised like the tiles. */
const QueueRow = memo(function QueueRow({ queue, stale, reducedMotion }: QueueRowProps) {
  const wait = useLongestWait(queue);
  const tones = queueTones(queue, wait);
  return (
    <tr data-tone={tones.tile} className={cn('border-b border-line', toneClasses(tones.tile, reducedMotion))}>
      <th scope="row" className="wb-pad text-left">
        <span className="flex min-w-0 items-center gap-[0.5em]">
          <span className="wb-title truncate font-bold">{queue.name}</span>
          {stale && <StaleBadge reason={stale.reason} />}
          <ToneBadge tone={tones.tile} />
        </span>
      </th>
      <td className={cn(cell, 'wb-num-lg', TONE_TEXT[tones.waiting])}>{formatCount(queue.waiting)}</td>
      <td className={cn(cell, 'wb-num-lg', TONE_TEXT[tones.longestWait])}>{formatDuration(wait)}</td>
      <td className={cn(cell, 'wb-num-lg', TONE_TEXT[tones.serviceLevel])} title={serviceLevelHint(queue)}>
        {formatPercent(queue.serviceLevel)}
        <span className="sr-only"> ({serviceLevelHint(queue)})</span>
      </td>
      <td className={cn(cell, 'wb-num-md')}>{formatPercent(queue.abandonRate, abandonDigits(queue.abandonRate))}</td>
      <td className={cn(cell, 'wb-num-md')}>{formatCount(queue.answered)}</td>
      <td className={cn(cell, 'wb-num-md')}>{formatCount(queue.agents.available)}</td>
      <td className={cn(cell, 'wb-num-md')}>{formatCount(queue.agents.onCall)}</td>
      <td className={cn(cell, 'wb-num-md')}>{formatCount(queue.agents.wrapUp)}</td>
      <td className={cn(cell, 'wb-num-md')}>{formatCount(queue.agents.notReady)}</td>
    </tr>
  );
});

const HEADERS = [
  'Waiting',
  'Longest wait',
  'Service level',
  'Abandon rate',
  'Answered today',
  'Available',
  'On call',
  'Wrap-up',
  'Not ready',
];

export interface QueueTableProps {
  queues: readonly WallboardQueue[];
  staleOf: (queue: WallboardQueue) => { reason: string | null } | null;
  reducedMotion: boolean;
}

/** The table layout of a display: one row per queue, for many queues on one screen. */
export function QueueTable({ queues, staleOf, reducedMotion }: QueueTableProps) {
  return (
    <table className="w-full table-fixed border-collapse overflow-hidden rounded-[1.2vmin] bg-surface">
      <caption className="sr-only">Queues</caption>
      <colgroup>
        <col className="w-[28%]" />
      </colgroup>
      <thead>
        <tr className="border-b-2 border-line-strong">
          <th scope="col" className="wb-pad wb-label text-left font-semibold uppercase text-fg-muted">
            Queue
          </th>
          {HEADERS.map((h) => (
            <th key={h} scope="col" className="wb-pad wb-label text-right font-semibold uppercase text-fg-muted">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <QueueRow key={q.id} queue={q} stale={staleOf(q)} reducedMotion={reducedMotion} />
        ))}
      </tbody>
    </table>
  );
}
