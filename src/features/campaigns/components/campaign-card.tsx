import { Link } from '@tanstack/react-router';
import { memo, useId } from 'react';
import type { CampaignProgress } from '@contract/campaign';
import { Card } from '@/components/ui/card';
import {
  entryStatusColor,
  entryStatusLabel,
  orderStatusCounts,
} from '@/components/ui/entry-status-badge';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatCount } from '@/lib/format';
import { useNow } from '@/lib/time';
import {
  campaignProgress,
  formatFinish,
  formatProgressPercent,
  formatRate,
  progressValueText,
} from '../lib/progress';

export interface CampaignCardProps {
  campaign: CampaignProgress;
  /** The source's label, when sources are known. */
  sourceLabel: string | undefined;
}

/** Estimated finish re-renders once a minute at most: it only changes when the day changes. */
function Finish({ iso }: { iso: string | null }) {
  const now = useNow(60_000);
  return <>{formatFinish(iso, now)}</>;
}

/**
 * One campaign: name (a link to its detail), progress bar with done/total, counts per status, the
 * finishing rate over the last hour and the estimated finish. Memoised on the campaign object.
 */
export const CampaignCard = memo(function CampaignCard({ campaign, sourceLabel }: CampaignCardProps) {
  const headingId = useId();
  const progress = campaignProgress(campaign);
  const counts = orderStatusCounts(campaign.counts);
  return (
    <Card
      as="article"
      aria-labelledby={headingId}
      className="relative flex flex-col gap-4 p-5 transition-colors hover:border-line-strong"
    >
      <header className="min-w-0">
        <h2 id={headingId} className="break-words text-base font-semibold leading-6">
          <Link
            to="/campaigns/$campaignId"
            params={{ campaignId: campaign.id }}
            // The link's click area covers the card: the whole card opens the campaign.
            className="text-fg underline-offset-4 after:absolute after:inset-0 after:rounded-card after:content-[''] hover:text-accent-text hover:underline"
          >
            {campaign.name}
          </Link>
        </h2>
        {sourceLabel && <p className="text-xs text-fg-muted">{sourceLabel}</p>}
      </header>

      <div className="flex flex-col gap-1.5">
        <div className="flex items-baseline justify-between gap-3 text-sm">
          <span className="font-semibold tabular-nums text-fg">
            {formatProgressPercent(progress.percent)}
          </span>
          <span className="tabular-nums text-fg-muted">
            {formatCount(progress.done)} of {formatCount(progress.total)} done
          </span>
        </div>
        <ProgressBar
          label={`Progress of ${campaign.name}`}
          percent={progress.percent}
          valueText={progressValueText(progress)}
        />
      </div>

      <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
        <div className="flex flex-col gap-1">
          <dt className="text-xs font-medium text-fg-muted">Rate (last hour)</dt>
          <dd className="text-sm font-semibold tabular-nums text-fg">{formatRate(campaign.ratePerHour)}</dd>
        </div>
        <div className="flex flex-col gap-1">
          <dt className="text-xs font-medium text-fg-muted">Estimated finish</dt>
          <dd className="text-sm font-semibold tabular-nums text-fg">
            <Finish iso={campaign.estimatedFinishAt} />
          </dd>
        </div>
      </dl>

      {counts.length > 0 ? (
        <dl aria-label="Entries per status" className="mt-auto grid grid-cols-[repeat(auto-fill,minmax(7rem,1fr))] gap-x-3 gap-y-1 border-t border-line pt-3 text-sm">
          {counts.map(([status, n]) => (
            <div key={status} className="flex items-baseline justify-between gap-2">
              <dt className="flex min-w-0 items-center gap-1.5 text-fg-muted">
                <span
                  aria-hidden="true"
                  className="size-2 shrink-0 rounded-sm"
                  style={{ background: entryStatusColor(status) }}
                />
                <span className="truncate">{entryStatusLabel(status)}</span>
              </dt>
              <dd className="font-medium tabular-nums text-fg">{formatCount(n)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="mt-auto border-t border-line pt-3 text-sm text-fg-muted">No entries yet.</p>
      )}
    </Card>
  );
});
