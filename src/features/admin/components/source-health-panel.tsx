import { createColumnHelper, useTable } from '@tanstack/react-table';
import { useId } from 'react';
import type { HealthStatus, Source, SourceKind } from '@contract/source';
import { Button } from '@/components/ui/button';
import { DataTable, dataTableFeatures, type DataTableFeatures } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RefreshFailed } from '@/components/ui/refresh-failed';
import { AlertIcon } from '@/components/ui/icons';
import { Meter } from '@/components/ui/progress-bar';
import { Spinner } from '@/components/ui/spinner';
import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';
import { EMPTY_VALUE, formatCount, formatUpdatedAgo } from '@/lib/format';
import { msSince, useNow } from '@/lib/time';

/** The sources query as the page holds it: last good data first, the error beside it. */
export interface SourcesState {
  data: readonly Source[] | undefined;
  error: Error | null;
  isRefetching: boolean;
  refetch: () => unknown;
}

const KIND_LABELS: Record<SourceKind, string> = {
  fonouc: 'FonoUC',
  portsip: 'PortSIP PBX',
  iqra: 'Iqra AI',
  while1: 'While1 Voice',
};

const HEALTH: Record<HealthStatus, { label: string; tone: BadgeTone; description: string }> = {
  ok: { label: 'OK', tone: 'ok', description: 'The last poll succeeded.' },
  degraded: { label: 'Degraded', tone: 'warn', description: 'The last poll failed; the last good data is still shown.' },
  down: { label: 'Down', tone: 'breach', description: 'The last poll failed and there is no good data to show.' },
  unknown: { label: 'Unknown', tone: 'neutral', description: 'Not polled yet.' },
};

function Ago({ iso }: { iso: string | null }) {
  const now = useNow(1000);
  const ms = msSince(iso, now);
  return <span className="text-xs text-fg-muted">{ms === null ? 'never' : formatUpdatedAgo(ms).replace('updated ', '')}</span>;
}

function When({ iso }: { iso: string | null }) {
  if (!iso) return <span className="text-fg-subtle">never</span>;
  return (
    <span className="flex flex-col">
      <DateTime iso={iso} withSeconds className="tabular-nums" />
      <Ago iso={iso} />
    </span>
  );
}

function Budget({ source }: { source: Source }) {
  const { requestsLastMinute: used, budgetPerMinute: budget } = source.health;
  if (budget === null) {
    return <span className="tabular-nums">{formatCount(used)} / min <span className="text-fg-muted">(no budget)</span></span>;
  }
  const share = budget > 0 ? used / budget : 0;
  const tone = share >= 0.9 ? 'breach' : share >= 0.7 ? 'warn' : 'ok';
  return (
    <span className="flex w-40 flex-col gap-1">
      <span className="tabular-nums">
        {formatCount(used)} of {formatCount(budget)} / min
      </span>
      <Meter
        label={`${source.label}: vendor requests in the last minute`}
        value={used}
        max={budget}
        valueText={`${used} of ${budget} requests per minute`}
        tone={tone}
      />
    </span>
  );
}

const col = createColumnHelper<DataTableFeatures, Source>();

const HEALTH_COLUMNS = col.columns([
  col.accessor('label', {
    header: 'Source',
    enableSorting: false,
    cell: (ctx) => {
      const s = ctx.row.original;
      return (
        <span className="flex flex-col">
          <span className="font-medium">{s.label}</span>
          <span className="text-xs text-fg-muted">
            {KIND_LABELS[s.kind]} · every {s.pollSeconds} s
          </span>
        </span>
      );
    },
  }),
  col.accessor((s) => s.health.status, {
    id: 'status',
    header: 'Status',
    enableSorting: false,
    cell: (ctx) => {
      const h = HEALTH[ctx.row.original.health.status];
      return (
        <StatusBadge tone={h.tone} title={h.description}>
          {h.label}
        </StatusBadge>
      );
    },
  }),
  col.accessor((s) => s.health.lastPollAt, {
    id: 'lastPoll',
    header: 'Last poll',
    enableSorting: false,
    meta: { cellClassName: 'whitespace-nowrap' },
    cell: (ctx) => <When iso={ctx.row.original.health.lastPollAt} />,
  }),
  col.accessor((s) => s.health.lastSuccessAt, {
    id: 'lastSuccess',
    header: 'Last success',
    enableSorting: false,
    meta: { cellClassName: 'whitespace-nowrap' },
    cell: (ctx) => <When iso={ctx.row.original.health.lastSuccessAt} />,
  }),
  col.accessor((s) => s.health.latencyMs, {
    id: 'latency',
    header: 'Latency',
    enableSorting: false,
    meta: { align: 'end', cellClassName: 'whitespace-nowrap tabular-nums' },
    cell: (ctx) => {
      const ms = ctx.row.original.health.latencyMs;
      return ms === null ? EMPTY_VALUE : `${formatCount(Math.round(ms))} ms`;
    },
  }),
  col.accessor((s) => s.health.requestsLastMinute, {
    id: 'budget',
    header: 'Budget used',
    enableSorting: false,
    cell: (ctx) => <Budget source={ctx.row.original} />,
  }),
  col.accessor((s) => s.health.lastError ?? '', {
    id: 'error',
    header: 'Last error',
    enableSorting: false,
    meta: { cellClassName: 'min-w-56 max-w-96 break-words' },
    cell: (ctx) => {
      const error = ctx.row.original.health.lastError;
      return error ? (
        <span className="flex items-start gap-1.5 text-fg">
          <AlertIcon className="mt-0.5 shrink-0 text-threshold-breach" />
          <span>{error}</span>
        </span>
      ) : (
        <span className="text-fg-muted">None</span>
      );
    },
  }),
]);

const rowId = (s: Source) => s.id;

/** Every source's connection health: status, polls, latency, errors and the vendor budget. */
export function SourceHealthPanel({ sources }: { sources: SourcesState }) {
  const headingId = useId();
  const { data, error } = sources;
  const table = useTable({
    features: dataTableFeatures,
    columns: HEALTH_COLUMNS,
    data: (data ?? []) as Source[],
    getRowId: rowId,
  });

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4">
      <h2 id={headingId} className="sr-only">
        Source health
      </h2>
      {!data ? (
        error ? (
          <ErrorPanel
            title="Source health could not be loaded"
            message={error.message}
            action={
              <Button variant="secondary" onClick={() => void sources.refetch()} pending={sources.isRefetching}>
                Try again
              </Button>
            }
          />
        ) : (
          <div className="flex justify-center py-16">
            <Spinner label="Loading source health" />
          </div>
        )
      ) : data.length === 0 ? (
        <EmptyState title="No sources configured">Sources are added in the gateway configuration.</EmptyState>
      ) : (
        <>
          {error && (
            <RefreshFailed message={error.message} showing="health" />
          )}
          <p className="text-sm text-fg-muted">Refreshed every few seconds.</p>
          <DataTable table={table} caption="Source health" />
        </>
      )}
    </section>
  );
}
