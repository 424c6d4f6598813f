import { memo, useId, type ReactNode } from 'react';
import type { Source } from '@contract/source';
import { Card } from '@/components/ui/card';
import { Meter } from '@/components/ui/progress-bar';
import { StatusBadge } from '@/components/ui/status-badge';
import { AlertIcon } from '@/components/ui/icons';
import { EMPTY_VALUE, formatCount, formatUpdatedAgo } from '@/lib/format';
import { msSince, useNow } from '@/lib/time';
import {
  budgetTone,
  capabilityChips,
  entriesDetail,
  HEALTH_DISPLAY,
  VENDOR_LABELS,
} from '../lib/source-display';

/** "updated 3 s ago" from the last successful poll; the only part of a card that ticks. */
function LastSuccess({ iso }: { iso: string | null }) {
  const now = useNow(1000);
  const ms = msSince(iso, now);
  return <>{ms === null ? 'never' : formatUpdatedAgo(ms)}</>;
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <dt className="text-xs font-medium text-fg-muted">{label}</dt>
      <dd className="text-sm font-semibold tabular-nums text-fg">{children}</dd>
    </div>
  );
}

export interface SourceCardProps {
  source: Source;
}

/**
 * One vendor connection: `<article>` named by the source's label, its health as a word and a
 * colour, poll age, latency, request budget and what the source can do. Vendor text (label, error)
 * is rendered as text nodes only.
 */
export const SourceCard = memo(function SourceCard({ source }: SourceCardProps) {
  const headingId = useId();
  const { health, capabilities } = source;
  const display = HEALTH_DISPLAY[health.status];
  const chips = capabilityChips(capabilities);
  const detail = entriesDetail(capabilities);
  const budget = health.budgetPerMinute;

  return (
    <Card as="article" aria-labelledby={headingId} className="flex flex-col gap-4 p-5">
      <header className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="break-words text-base font-semibold leading-6 text-fg">
            {source.label}
          </h2>
          <p className="text-xs text-fg-muted">
            {VENDOR_LABELS[source.kind]} · polls every {source.pollSeconds} s · {source.timeZone}
          </p>
        </div>
        <StatusBadge tone={display.tone} title={display.description} className="text-sm">
          {display.label}
        </StatusBadge>
      </header>

      <dl className="grid grid-cols-2 gap-x-4 gap-y-4">
        <Stat label="Last successful poll">
          <LastSuccess iso={health.lastSuccessAt} />
        </Stat>
        <Stat label="Latency">
          {health.latencyMs === null ? EMPTY_VALUE : `${formatCount(Math.round(health.latencyMs))} ms`}
        </Stat>
        <div className="col-span-2 flex min-w-0 flex-col gap-1.5">
          <dt className="text-xs font-medium text-fg-muted">Requests in the last minute</dt>
          <dd className="flex flex-col gap-1.5">
            <span className="text-sm font-semibold tabular-nums text-fg">
              {budget === null
                ? `${formatCount(health.requestsLastMinute)} (no budget set)`
                : `${formatCount(health.requestsLastMinute)} of ${formatCount(budget)} allowed`}
            </span>
            {budget !== null && (
              <Meter
                label={`${source.label}: vendor requests in the last minute`}
                value={health.requestsLastMinute}
                max={budget}
                valueText={`${health.requestsLastMinute} of ${budget} requests per minute`}
                tone={budgetTone(health.requestsLastMinute, budget)}
              />
            )}
          </dd>
        </div>
        {health.lastError && (
          <div className="col-span-2 flex min-w-0 flex-col gap-1">
            <dt className="text-xs font-medium text-fg-muted">Last error</dt>
            <dd className="flex items-start gap-2 rounded-lg border border-threshold-breach/40 bg-threshold-breach-soft px-3 py-2 text-sm text-fg">
              <AlertIcon className="mt-0.5 shrink-0 text-threshold-breach" />
              <span className="min-w-0 break-words">{health.lastError}</span>
            </dd>
          </div>
        )}
      </dl>

      <section aria-label={`What ${source.label} can do`} className="mt-auto flex flex-col gap-2 border-t border-line pt-3">
        {chips.length === 0 ? (
          <p className="text-xs text-fg-muted">This source reports no capabilities.</p>
        ) : (
          <ul className="flex flex-wrap gap-1.5">
            {chips.map((chip) => (
              <li
                key={chip}
                className="rounded-md bg-surface-muted px-2 py-0.5 text-xs font-medium text-fg-muted ring-1 ring-inset ring-line"
              >
                {chip}
              </li>
            ))}
          </ul>
        )}
        {detail && <p className="text-xs text-fg-muted">{detail}</p>}
      </section>
    </Card>
  );
});
