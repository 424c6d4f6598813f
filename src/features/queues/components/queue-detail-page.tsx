import { useQuery, type QueryKey } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useCallback, useId, useMemo, type ReactNode } from 'react';
import type { AgentsResponse } from '@contract/agent';
import type { CallsResponse } from '@contract/call';
import type { Queue, QueuesResponse } from '@contract/queue';
import type { Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { FreshnessIndicator } from '@/components/ui/freshness-indicator';
import { AlertIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { cn } from '@/lib/cn';
import { formatCount, formatDuration } from '@/lib/format';
import { msSince, useNow } from '@/lib/time';
import { useDocumentTitle } from '@/lib/use-document-title';
import type { WaitingRow } from '../api/queue-actions';
import {
  QUEUES_POLL_MS,
  queueAgentsQueryOptions,
  queueCallsQueryOptions,
  queueHistoryQueryOptions,
  queuesQueryOptions,
} from '../api/queues-queries';
import { isLoggedInto, membersOf } from '../lib/members';
import { SERVICE_LEVEL_COLOR, toQueueChartRows, WAITING_COLOR } from '../lib/queue-history';
import { metricViews } from '../lib/queue-metrics';
import { waitTone } from '../lib/wait-tone';
import { QueueAgentsTable } from './queue-agents';
import { QueueDetailContext, type QueueDetailContextValue } from './queue-detail-context';
import { QueueWaitingTable } from './queue-waiting';

// Recharts is a large library; it loads with the chart, never with the app shell.
const QueueHistoryChart = lazy(() => import('./queue-history-chart'));

export interface QueueDetailPageProps {
  queueId: string;
  /** Sources from /api/v1/sources: the label, poll period and capabilities of the queue's source. */
  sources?: readonly Source[] | undefined;
  /** The role may log agents in and out (contract/auth can(role, 'actOnAgents')). */
  canAct: boolean;
  /** The role may pick up waiting calls (contract/auth can(role, 'pickup')). */
  canPickup: boolean;
  /** Other features' live queries an action here changes, refreshed afterwards. */
  affectedQueryKeys?: readonly QueryKey[] | undefined;
}

const backLink = (
  <Link
    to="/queues"
    className="mb-3 inline-flex self-start text-sm font-medium text-accent-text underline-offset-4 hover:underline"
  >
    ← All queues
  </Link>
);

/**
 * One queue: live counts, today's metrics, its waiting callers (with "Pick up"), its agents (with
 * a login switch each) and an intraday chart. Live parts poll every second; once numbers are on
 * screen they stay, and a failed poll shows as a stale badge and a note.
 */
export function QueueDetailPage({
  queueId,
  sources,
  canAct,
  canPickup,
  affectedQueryKeys,
}: QueueDetailPageProps) {
  const selectQueue = useCallback(
    (d: QueuesResponse) => ({
      queue: d.items.find((q) => q.id === queueId) ?? null,
      freshness: d.freshness,
    }),
    [queueId],
  );
  const query = useQuery({ ...queuesQueryOptions(), select: selectQueue });
  const queue = query.data?.queue ?? null;
  useDocumentTitle(queue ? queue.name : 'Queue');

  if (!queue) {
    let body: ReactNode;
    if (!query.data && query.isError) {
      body = (
        <ErrorPanel
          title="Queue could not be loaded"
          message={query.error.message}
          action={
            <Button variant="secondary" onClick={() => void query.refetch()} pending={query.isRefetching}>
              Try again
            </Button>
          }
        />
      );
    } else if (!query.data) {
      body = (
        <div className="flex justify-center py-16">
          <Spinner label="Loading queue" />
        </div>
      );
    } else {
      body = (
        <EmptyState title="Queue not found">
          No source you can see reports this queue. It may have been removed, it may be outside the
          queues you are allowed to see, or the link may be out of date.
        </EmptyState>
      );
    }
    return (
      <div className="flex flex-col">
        {backLink}
        <PageHeader title="Queue" />
        {body}
      </div>
    );
  }

  const source = sources?.find((s) => s.id === queue.sourceId);
  const freshness = query.data?.freshness.find((f) => f.sourceId === queue.sourceId);
  const pollMs = Math.max(QUEUES_POLL_MS, (source?.pollSeconds ?? 0) * 1000);
  return (
    <div className="flex flex-col">
      {backLink}
      <PageHeader
        title={queue.name}
        description={source?.label ?? queue.sourceId}
        actions={<FreshnessIndicator freshness={freshness} pollMs={pollMs} />}
      />
      {query.isError && <RefreshFailed what="queue" message={query.error.message} />}
      <QueueBody
        queue={queue}
        source={source}
        canAct={canAct}
        canPickup={canPickup}
        affectedQueryKeys={affectedQueryKeys}
      />
    </div>
  );
}

function RefreshFailed({ what, message }: { what: string; message: string }) {
  return (
    <p
      role="status"
      className="mb-4 flex items-center gap-2 rounded-lg border border-threshold-warn/40 bg-threshold-warn-soft px-3 py-2 text-sm text-fg"
    >
      <AlertIcon className="shrink-0 text-threshold-warn" />
      <span>
        The last refresh of the {what} failed ({message}). Showing the most recent data.
      </span>
    </p>
  );
}

function SectionCard({
  title,
  description,
  actions,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <Card as="section" aria-labelledby={id} className="flex min-w-0 flex-col gap-4 p-5">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <div className="min-w-0">
          <h2 id={id} className="text-base font-semibold text-fg">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-sm text-fg-muted">{description}</p>}
        </div>
        {actions}
      </div>
      {children}
    </Card>
  );
}

function QueueBody({
  queue,
  source,
  canAct,
  canPickup,
  affectedQueryKeys,
}: {
  queue: Queue;
  source: Source | undefined;
  canAct: boolean;
  canPickup: boolean;
  affectedQueryKeys: readonly QueryKey[] | undefined;
}) {
  const caps = source?.capabilities;
  const context = useMemo<QueueDetailContextValue>(
    () => ({
      queueId: queue.id,
      queueName: queue.name,
      // Controls only where a capability says so: none while the source is unknown.
      canToggle: canAct && !!caps?.agentQueueLogin,
      canPickup: canPickup && !!caps?.pickup,
      affectedQueryKeys,
    }),
    [queue.id, queue.name, canAct, canPickup, caps?.agentQueueLogin, caps?.pickup, affectedQueryKeys],
  );
  return (
    <QueueDetailContext.Provider value={context}>
      <div className="flex flex-col gap-6">
        <LiveSection queue={queue} />
        <MetricsSection queue={queue} />
        <WaitingSection queue={queue} source={source} />
        <AgentsSection queue={queue} source={source} />
        <HistorySection queue={queue} />
      </div>
    </QueueDetailContext.Provider>
  );
}

function Metric({
  label,
  value,
  hint,
  title,
  tone = 'text-fg',
  className,
}: {
  label: string;
  value: string;
  hint?: string | undefined;
  title?: string | undefined;
  tone?: string;
  className?: string | undefined;
}) {
  return (
    <div className={cn('flex min-w-0 flex-col gap-1', className)}>
      <dt className="text-xs font-medium text-fg-muted">{label}</dt>
      <dd title={title ?? hint} className={cn('text-2xl font-semibold leading-none tabular-nums tracking-tight', tone)}>
        {value}
      </dd>
      {hint && <dd className="text-xs text-fg-muted">{hint}</dd>}
    </div>
  );
}

const WAIT_TONE_CLASS = {
  none: 'text-fg-subtle',
  ok: 'text-fg',
  warn: 'text-threshold-warn',
  breach: 'text-threshold-breach',
} as const;

/** The only part of the live counts that ticks every second. */
function LongestWait({ queue }: { queue: Queue }) {
  const now = useNow(1000);
  const ms = queue.live.waiting === 0 ? null : msSince(queue.live.oldestWaitingSince, now);
  const seconds = ms === null ? null : ms / 1000;
  const tone = waitTone(seconds, queue.sla.thresholdSeconds);
  return (
    <Metric
      label="Longest wait"
      value={formatDuration(seconds)}
      title={`Service-level target: answer within ${queue.sla.thresholdSeconds} s`}
      tone={WAIT_TONE_CLASS[tone]}
    />
  );
}

function LiveSection({ queue }: { queue: Queue }) {
  const { live } = queue;
  return (
    <SectionCard title="Now">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-5 sm:grid-cols-3 lg:grid-cols-6">
        <Metric label="Calls waiting" value={formatCount(live.waiting)} />
        <LongestWait queue={queue} />
        <Metric label="Agents logged in" value={formatCount(live.agentsLoggedIn)} />
        <Metric label="Agents available" value={formatCount(live.agentsAvailable)} />
        <Metric label="Agents on a call" value={formatCount(live.agentsOnCall)} />
        <Metric label="Agents in wrap-up" value={formatCount(live.agentsWrapUp)} />
      </dl>
    </SectionCard>
  );
}

function MetricsSection({ queue }: { queue: Queue }) {
  const views = metricViews(queue.metrics, queue.sla);
  return (
    <SectionCard
      title="Today"
      description={
        queue.metrics
          ? 'Since midnight in the source’s time zone. “—” means the source gives too little to work it out.'
          : 'This source does not report today’s figures for this queue.'
      }
    >
      <dl className="grid grid-cols-2 gap-x-6 gap-y-5 sm:grid-cols-3 lg:grid-cols-5">
        {views.map((v) => (
          <Metric
            key={v.label}
            label={v.label}
            value={v.value}
            hint={v.hint}
            // The service level's definition is the longest hint: give it room on one line.
            className={v.label === 'Service level' ? 'col-span-2' : undefined}
          />
        ))}
      </dl>
    </SectionCard>
  );
}

function WaitingSection({ queue, source }: { queue: Queue; source: Source | undefined }) {
  const supported = !source || source.capabilities.waitingCallers;
  const select = useCallback(
    (d: CallsResponse) => d.waiting.filter((w) => w.queueId === queue.id) as WaitingRow[],
    [queue.id],
  );
  const { data, isError, error } = useQuery({ ...queueCallsQueryOptions(), select, enabled: supported });

  let body: ReactNode;
  if (!supported) {
    body = <p className="text-sm text-fg-muted">This queue’s source does not list its waiting callers.</p>;
  } else if (!data) {
    body = isError ? (
      <p role="status" className="text-sm text-fg-muted">
        Waiting callers could not be loaded ({error.message}).
      </p>
    ) : (
      <Spinner label="Loading waiting callers" />
    );
  } else if (data.length === 0) {
    body = <p className="text-sm text-fg-muted">Nobody is waiting in this queue.</p>;
  } else {
    body = <QueueWaitingTable waiting={data} />;
  }
  return (
    <SectionCard
      title={data ? `Waiting callers (${formatCount(data.length)})` : 'Waiting callers'}
      description={data && data.length > 1 ? 'Longest wait first.' : undefined}
    >
      {data && isError && <RefreshFailed what="waiting callers" message={error.message} />}
      {body}
    </SectionCard>
  );
}

function AgentsSection({ queue, source }: { queue: Queue; source: Source | undefined }) {
  const supported = !source || source.capabilities.agents;
  const select = useCallback((d: AgentsResponse) => membersOf(d.items, queue.id), [queue.id]);
  const { data, isError, error } = useQuery({ ...queueAgentsQueryOptions(), select, enabled: supported });
  const loggedIn = data ? data.filter((a) => isLoggedInto(a, queue.id)).length : 0;

  let body: ReactNode;
  if (!supported) {
    body = <p className="text-sm text-fg-muted">This queue’s source does not list its agents.</p>;
  } else if (!data) {
    body = isError ? (
      <p role="status" className="text-sm text-fg-muted">
        Agents could not be loaded ({error.message}).
      </p>
    ) : (
      <Spinner label="Loading agents" />
    );
  } else if (data.length === 0) {
    body = <p className="text-sm text-fg-muted">No agent is a member of this queue.</p>;
  } else {
    body = <QueueAgentsTable agents={data} />;
  }
  return (
    <SectionCard
      title="Agents"
      description={
        data && data.length > 0
          ? `${formatCount(loggedIn)} of ${formatCount(data.length)} members logged into this queue.`
          : undefined
      }
    >
      {data && isError && <RefreshFailed what="agents" message={error.message} />}
      {body}
    </SectionCard>
  );
}

function LegendItem({ color, label, line }: { color: string; label: string; line?: boolean }) {
  return (
    <li className="inline-flex items-center gap-2 text-sm text-fg">
      <span
        aria-hidden="true"
        className={line ? 'h-0.5 w-4 rounded-full' : 'size-2.5 rounded-sm'}
        style={{ background: color }}
      />
      {label}
    </li>
  );
}

function HistorySection({ queue }: { queue: Queue }) {
  const history = useQuery(queueHistoryQueryOptions(queue.id));
  const rows = useMemo(() => toQueueChartRows(history.data?.points ?? []), [history.data]);

  let body: ReactNode;
  if (!history.data) {
    body = history.isError ? (
      <p role="status" className="text-sm text-fg-muted">
        The history could not be loaded ({history.error.message}).
      </p>
    ) : (
      <div className="flex h-72 items-center justify-center">
        <Spinner label="Loading history" />
      </div>
    );
  } else if (rows.length < 2) {
    body = (
      <p className="py-8 text-center text-sm text-fg-muted">
        Not enough history yet: the gateway records the queue once a minute, and the chart appears
        once there are two samples today.
      </p>
    );
  } else {
    body = (
      <figure className="m-0 flex flex-col gap-3">
        <div
          role="img"
          aria-label={`Chart of calls waiting and service level today for ${queue.name}, from ${rows.length} samples.`}
        >
          <Suspense
            fallback={
              <div className="flex h-72 items-center justify-center">
                <Spinner label="Loading chart" />
              </div>
            }
          >
            <QueueHistoryChart rows={rows} />
          </Suspense>
        </div>
        <ul aria-label="Legend" className="flex flex-wrap gap-4">
          <LegendItem color={WAITING_COLOR} label="Calls waiting (left axis)" />
          <LegendItem color={SERVICE_LEVEL_COLOR} label="Service level (right axis)" line />
        </ul>
      </figure>
    );
  }
  return (
    <SectionCard title="Today so far" description="Calls waiting and service level, sampled by the gateway every minute.">
      {body}
    </SectionCard>
  );
}
