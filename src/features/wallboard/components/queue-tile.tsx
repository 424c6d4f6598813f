import { memo, useId, type ReactNode } from 'react';
import type { Tone, WallboardQueue } from '@contract/wallboard';
import { cn } from '@/lib/cn';
import { formatCount, formatDuration, formatPercent } from '@/lib/format';
import { msSince } from '@/lib/time';
import { abandonDigits, queueTones, serviceLevelHint, TONE_LABEL, TONE_TEXT } from '../lib/tone';
import { useServerNow } from '../lib/server-clock';

/** Seconds the oldest caller has waited, on the gateway's clock; null when nobody waits. */
export function useLongestWait(queue: Pick<WallboardQueue, 'waiting' | 'oldestWaitingSince'>): number | null {
  const now = useServerNow(1000);
  if (queue.waiting === 0) return null;
  const ms = msSince(queue.oldestWaitingSince, now);
  return ms === null ? null : ms / 1000;
}

/** Tile classes per tone; a critical tile pulses, or keeps a still outline under reduced motion. */
export function toneClasses(tone: Tone, reducedMotion: boolean): string {
  if (tone === 'critical') return cn('wb-tone-critical', reducedMotion ? 'wb-still' : 'wb-pulse');
  if (tone === 'warn') return 'wb-tone-warn';
  return '';
}

export function ToneBadge({ tone }: { tone: Tone }) {
  if (tone === 'ok') return null;
  return (
    <span
      className={cn(
        'wb-badge',
        tone === 'critical'
          ? 'bg-threshold-breach text-black'
          : 'bg-threshold-warn text-black',
      )}
    >
      {TONE_LABEL[tone]}
    </span>
  );
}

export function StaleBadge({ reason }: { reason: string | null }) {
  return (
    <span
      className="wb-badge bg-surface-muted text-threshold-warn ring-2 ring-inset ring-threshold-warn"
      title={reason ?? undefined}
    >
      Stale
      {reason && <span className="sr-only">: {reason}</span>}
    </span>
  );
}

function Stat({
  label,
  value,
  size,
  tone = 'ok',
  hint,
  caption,
}: {
  label: string;
  value: ReactNode;
  size: 'xl' | 'lg';
  tone?: Tone;
  hint?: string;
  caption?: string;
}) {
  return (
    <div className="flex min-w-0 flex-col gap-[0.35em]">
      <dt className="wb-label truncate font-semibold text-fg-muted">{label}</dt>
      <dd
        title={hint}
        className={cn(
          'whitespace-nowrap font-bold tabular-nums tracking-tight',
          size === 'xl' ? 'wb-num-xl' : 'wb-num-lg',
          TONE_TEXT[tone],
        )}
      >
        {value}
        {hint && <span className="sr-only"> ({hint})</span>}
      </dd>
      {caption && <dd className="wb-small truncate text-fg-subtle">{caption}</dd>}
    </div>
  );
}

const AGENT_DOTS = {
  Available: 'bg-state-ready',
  'On call': 'bg-state-on-queue-call',
  'Wrap-up': 'bg-state-wrap-up',
  'Not ready': 'bg-state-not-ready',
} as const;

/** Agents by state: a coloured dot and the label, so colour never carries the meaning alone. */
export function AgentCounts({ agents }: { agents: WallboardQueue['agents'] }) {
  const rows: Array<[keyof typeof AGENT_DOTS, number]> = [
    ['Available', agents.available],
    ['On call', agents.onCall],
    ['Wrap-up', agents.wrapUp],
    ['Not ready', agents.notReady],
  ];
  return (
    <dl className="grid grid-cols-4 wb-gap">
      {rows.map(([label, n]) => (
        <div key={label} className="flex min-w-0 flex-col gap-[0.35em]">
          <dt className="wb-label flex items-center gap-[0.4em] truncate font-semibold text-fg-muted">
            <span aria-hidden="true" className={cn('inline-block size-[0.7em] shrink-0 rounded-full', AGENT_DOTS[label])} />
            {label}
          </dt>
          <dd className="wb-num-md font-bold tabular-nums text-fg">{formatCount(n)}</dd>
        </div>
      ))}
    </dl>
  );
}

function TileFrame({
  queue,
  headingId,
  reducedMotion,
  children,
}: {
  queue: WallboardQueue;
  headingId: string;
  reducedMotion: boolean;
  children: (tones: ReturnType<typeof queueTones>, wait: number | null) => ReactNode;
}) {
  const wait = useLongestWait(queue);
  const tones = queueTones(queue, wait);
  return (
    <article
      aria-labelledby={headingId}
      data-tone={tones.tile}
      className={cn(
        'wb-pad flex min-h-0 min-w-0 flex-col justify-between wb-gap overflow-hidden rounded-[1.2vmin] border border-line bg-surface',
        toneClasses(tones.tile, reducedMotion),
      )}
    >
      {children(tones, wait)}
    </article>
  );
}

export interface QueueTileProps {
  queue: WallboardQueue;
  sourceLabel: string | undefined;
  stale: { reason: string | null } | null;
  reducedMotion: boolean;
}

/**
 * One queue on the wallboard. Memoised on the queue object (structural sharing keeps an unchanged
 * queue identical), so only the ticking longest wait and the tone re-render each second.
 */
export const QueueTile = memo(function QueueTile({ queue, sourceLabel, stale, reducedMotion }: QueueTileProps) {
  const headingId = useId();
  return (
    <TileFrame queue={queue} headingId={headingId} reducedMotion={reducedMotion}>
      {(tones, wait) => (
        <>
          <header className="flex min-w-0 items-start justify-between wb-gap">
            <div className="min-w-0">
              {/* Vendor text: rendered as a text node, so markup in a name shows literally. */}
              <h2 id={headingId} className="wb-title truncate font-bold text-fg">
                {queue.name}
              </h2>
              {sourceLabel && <p className="wb-small truncate text-fg-subtle">{sourceLabel}</p>}
            </div>
            <div className="flex shrink-0 flex-wrap justify-end gap-[0.4em]">
              {stale && <StaleBadge reason={stale.reason} />}
              <ToneBadge tone={tones.tile} />
            </div>
          </header>
          <dl className="grid grid-cols-2 wb-gap">
            <Stat label="Waiting" value={formatCount(queue.waiting)} size="xl" tone={tones.waiting} />
            <Stat label="Longest wait" value={formatDuration(wait)} size="xl" tone={tones.longestWait} />
          </dl>
          <dl className="grid grid-cols-3 wb-gap">
            <Stat
              label="Service level"
              value={formatPercent(queue.serviceLevel)}
              size="lg"
              tone={tones.serviceLevel}
              hint={serviceLevelHint(queue)}
              caption={`answered in ${queue.sla.thresholdSeconds} s`}
            />
            <Stat label="Abandon rate" value={formatPercent(queue.abandonRate, abandonDigits(queue.abandonRate))} size="lg" />
            <Stat label="Answered today" value={formatCount(queue.answered)} size="lg" />
          </dl>
          <AgentCounts agents={queue.agents} />
        </>
      )}
    </TileFrame>
  );
});
