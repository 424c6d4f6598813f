import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { lazy, Suspense, useCallback, useId, useMemo, type ReactNode } from 'react';
import type { CampaignProgress } from '@contract/campaign';
import type { Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import {
  entryStatusColor,
  entryStatusLabel,
  isEntryStatus,
} from '@/components/ui/entry-status-badge';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PageHeader } from '@/components/ui/page-header';
import { ProgressBar } from '@/components/ui/progress-bar';
import { Spinner } from '@/components/ui/spinner';
import { formatCount } from '@/lib/format';
import { useNow } from '@/lib/time';
import { useDocumentTitle } from '@/lib/use-document-title';
import {
  campaignFailuresQueryOptions,
  campaignHistoryQueryOptions,
  campaignsQueryOptions,
} from '../api/campaigns-queries';
import { campaignEntriesTarget, type CampaignEntriesTarget } from '../lib/entries-link';
import { groupFailures, legendKeys, toChartData } from '../lib/history';
import {
  campaignProgress,
  formatFinish,
  formatProgressPercent,
  formatRate,
  progressValueText,
} from '../lib/progress';

// Recharts is a large library; it loads with the chart, never with the app shell.
const CampaignChart = lazy(() => import('./campaign-chart'));


export interface CampaignDetailPageProps {
  campaignId: string;
  sources?: readonly Source[] | undefined;
}

function entriesSearch(target: CampaignEntriesTarget, status?: string) {
  return {
    source: target.source,
    direction: target.direction,
    campaign: target.campaign,
    ...(status && target.byStatus && isEntryStatus(status) ? { status } : {}),
  };
}

/** One campaign: progress, a stacked chart of statuses over time and its failures by error. */
export function CampaignDetailPage({ campaignId, sources }: CampaignDetailPageProps) {
  const { data, error, isError, refetch, isRefetching } = useQuery(campaignsQueryOptions());
  const campaign = useMemo(() => data?.find((c) => c.id === campaignId), [data, campaignId]);
  useDocumentTitle(campaign ? campaign.name : 'Campaign');

  const back = (
    <Link
      to="/campaigns"
      className="mb-3 inline-flex text-sm font-medium text-accent-text underline-offset-4 hover:underline"
    >
      ← All campaigns
    </Link>
  );

  if (!campaign) {
    let body: ReactNode;
    if (!data && isError) {
      body = (
        <ErrorPanel
          title="Campaign could not be loaded"
          message={error.message}
          action={
            <Button variant="secondary" onClick={() => void refetch()} pending={isRefetching}>
              Try again
            </Button>
          }
        />
      );
    } else if (!data) {
      body = (
        <div className="flex justify-center py-16">
          <Spinner label="Loading campaign" />
        </div>
      );
    } else {
      body = (
        <EmptyState title="Campaign not found">
          No source you can see reports this campaign. It may have been removed, or the link may be
          out of date.
        </EmptyState>
      );
    }
    return (
      <div className="flex flex-col">
        {back}
        <PageHeader title="Campaign" />
        {body}
      </div>
    );
  }

  const source = sources?.find((s) => s.id === campaign.sourceId);
  const target = campaignEntriesTarget(campaign, sources);
  return (
    <div className="flex flex-col">
      {back}
      <PageHeader
        title={campaign.name}
        description={
          // While1 names are its ids; repeat the vendor id only where it says something new.
          campaign.vendorId === campaign.name
            ? (source?.label ?? campaign.sourceId)
            : `${source?.label ?? campaign.sourceId} · campaign ${campaign.vendorId}`
        }
        actions={
          target && (
            <Link
              to="/entries"
              search={entriesSearch(target)}
              className="inline-flex h-9 items-center rounded-lg border border-line-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-surface-muted"
            >
              Open entries
            </Link>
          )
        }
      />
      <div className="flex flex-col gap-6">
        <ProgressSummary campaign={campaign} />
        <StatusHistory campaign={campaign} target={target} />
        <Failures campaign={campaign} target={target} />
      </div>
    </div>
  );
}

function ProgressSummary({ campaign }: { campaign: CampaignProgress }) {
  const now = useNow(60_000);
  const progress = campaignProgress(campaign);
  const stats: Array<[string, string]> = [
    ['Done', formatProgressPercent(progress.percent)],
    ['Entries done', `${formatCount(progress.done)} of ${formatCount(progress.total)}`],
    ['Rate (last hour)', formatRate(campaign.ratePerHour)],
    ['Estimated finish', formatFinish(campaign.estimatedFinishAt, now)],
  ];
  return (
    <Card as="section" aria-label="Progress" className="flex flex-col gap-4 p-5">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        {stats.map(([label, value]) => (
          <div key={label} className="flex min-w-0 flex-col gap-1">
            <dt className="text-xs font-medium text-fg-muted">{label}</dt>
            <dd className="text-2xl font-semibold leading-none tabular-nums tracking-tight text-fg">{value}</dd>
          </div>
        ))}
      </dl>
      <ProgressBar
        label={`Progress of ${campaign.name}`}
        percent={progress.percent}
        valueText={progressValueText(progress)}
      />
    </Card>
  );
}

function SectionCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <Card as="section" aria-labelledby={id} className="flex flex-col gap-4 p-5">
      <div>
        <h2 id={id} className="text-base font-semibold text-fg">
          {title}
        </h2>
        {description && <p className="mt-0.5 text-sm text-fg-muted">{description}</p>}
      </div>
      {children}
    </Card>
  );
}

function StatusHistory({ campaign, target }: { campaign: CampaignProgress; target: CampaignEntriesTarget | null }) {
  const navigate = useNavigate();
  const history = useQuery(campaignHistoryQueryOptions(campaign.id));
  const chart = useMemo(() => toChartData(history.data?.points ?? []), [history.data]);
  const latest = chart.rows[chart.rows.length - 1];
  // The legend lists what the chart shows; without history yet, the current counts.
  const legend = legendKeys(chart.keys.length > 0 ? chart.keys : Object.keys(campaign.counts));
  const countOf = (key: string) => latest?.[key] ?? campaign.counts[key] ?? 0;

  const onSelectStatus = useCallback(
    (status: string) => {
      if (target) void navigate({ to: '/entries', search: entriesSearch(target, status) });
    },
    [navigate, target],
  );

  let chartBody: ReactNode;
  if (!history.data) {
    chartBody = history.isError ? (
      <p role="status" className="text-sm text-fg-muted">
        The history could not be loaded ({history.error.message}).
      </p>
    ) : (
      <div className="flex h-80 items-center justify-center">
        <Spinner label="Loading history" />
      </div>
    );
  } else if (chart.rows.length < 2) {
    chartBody = (
      <p className="py-8 text-center text-sm text-fg-muted">
        Not enough history yet: the gateway records the campaign&apos;s counts as it polls, and the
        chart appears once there are two samples.
      </p>
    );
  } else {
    chartBody = (
      <figure className="m-0">
        <div role="img" aria-label={`Stacked area chart of entries per status over time for ${campaign.name}; the legend below lists the latest counts.`}>
          <Suspense
            fallback={
              <div className="flex h-80 items-center justify-center">
                <Spinner label="Loading chart" />
              </div>
            }
          >
            <CampaignChart data={chart} onSelectStatus={target?.byStatus ? onSelectStatus : undefined} />
          </Suspense>
        </div>
      </figure>
    );
  }

  return (
    <SectionCard
      title="Status over time"
      description={
        target?.byStatus
          ? 'Select a status in the chart or the legend to open those entries.'
          : 'Entries per status as the gateway sampled them.'
      }
    >
      {chartBody}
      {legend.length > 0 && (
        <ul aria-label="Legend: latest count per status" className="flex flex-wrap gap-2">
          {legend.map((key) => {
            const content = (
              <>
                <span aria-hidden="true" className="size-2.5 shrink-0 rounded-sm" style={{ background: entryStatusColor(key) }} />
                <span>{entryStatusLabel(key)}</span>
                <span className="tabular-nums text-fg-muted">{formatCount(countOf(key))}</span>
              </>
            );
            const classes =
              'inline-flex items-center gap-2 rounded-lg border border-line px-2.5 py-1 text-sm text-fg';
            return (
              <li key={key}>
                {target?.byStatus && isEntryStatus(key) ? (
                  <Link
                    to="/entries"
                    search={entriesSearch(target, key)}
                    className={`${classes} hover:bg-surface-muted`}
                    aria-label={`${entryStatusLabel(key)}: ${formatCount(countOf(key))} entries, open them`}
                  >
                    {content}
                  </Link>
                ) : (
                  <span className={classes}>{content}</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </SectionCard>
  );
}

function Failures({ campaign, target }: { campaign: CampaignProgress; target: CampaignEntriesTarget | null }) {
  const failedCount = campaign.counts.failed ?? 0;
  const enabled = !!target?.byStatus && failedCount > 0;
  const failures = useQuery({
    ...campaignFailuresQueryOptions({
      sourceId: campaign.sourceId,
      campaignId: campaign.id,
      campaignVendorId: campaign.vendorId,
      direction: target?.direction ?? 'outbound',
    }),
    enabled,
  });
  const groups = useMemo(() => groupFailures(failures.data?.items ?? []), [failures.data]);

  if (!target?.byStatus) {
    return (
      <SectionCard title="Failures by last error">
        <p className="text-sm text-fg-muted">
          This campaign&apos;s source cannot list its failed entries, so failures cannot be grouped
          here.
        </p>
      </SectionCard>
    );
  }

  const sampled = failures.data?.items.length ?? 0;
  const total = failures.data?.total ?? null;
  const partial = failures.data ? failures.data.hasNextPage || (total !== null && total > sampled) : false;

  let body: ReactNode;
  if (failedCount === 0) {
    body = <p className="text-sm text-fg-muted">No entry of this campaign has failed.</p>;
  } else if (!failures.data) {
    body = failures.isError ? (
      <p role="status" className="text-sm text-fg-muted">
        Failed entries could not be loaded ({failures.error.message}).
      </p>
    ) : (
      <Spinner label="Loading failures" />
    );
  } else if (groups.length === 0) {
    body = <p className="text-sm text-fg-muted">No failed entries were returned.</p>;
  } else {
    body = (
      <div className="overflow-x-auto rounded-lg border border-line">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Failed entries of {campaign.name} grouped by last error</caption>
          <thead className="bg-surface-muted/60">
            <tr>
              <th scope="col" className="border-b border-line px-3 py-2 text-left text-xs font-semibold text-fg-muted">
                Last error
              </th>
              <th scope="col" className="w-28 border-b border-line px-3 py-2 text-right text-xs font-semibold text-fg-muted">
                Entries
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.error ?? '\u0000none'} className="border-b border-line last:border-b-0">
                <td className="break-words px-3 py-2 text-fg">
                  {g.error ?? <span className="italic text-fg-muted">No error recorded</span>}
                </td>
                <td className="px-3 py-2 text-right tabular-nums text-fg">{formatCount(g.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <SectionCard
      title="Failures by last error"
      description={
        partial
          ? `Grouped from the first ${formatCount(sampled)} failed entries the source lists${total === null ? '' : `, of ${formatCount(total)}`}.`
          : failedCount > 0
            ? `${formatCount(failedCount)} failed ${failedCount === 1 ? 'entry' : 'entries'} in all.`
            : undefined
      }
    >
      {body}
      {failedCount > 0 && (
        <Link
          to="/entries"
          search={entriesSearch(target, 'failed')}
          className="self-start text-sm font-medium text-accent-text underline underline-offset-4"
        >
          Open failed entries
        </Link>
      )}
    </SectionCard>
  );
}

