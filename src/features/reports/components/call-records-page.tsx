import { useQuery } from '@tanstack/react-query';
import { useTable } from '@tanstack/react-table';
import { useCallback, useId, useMemo } from 'react';
import { CdrDisposition, type Cdr } from '@contract/cdr';
import type { Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { DataTable, dataTableFeatures } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { SelectField } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { ProgressBar, shareOf } from '@/components/ui/progress-bar';
import { Spinner } from '@/components/ui/spinner';
import { downloadText } from '@/lib/download';
import { formatCount } from '@/lib/format';
import { cdrsQueryOptions, fetchCdrsPage } from '../api/cdrs-queries';
import { cdrsCsv } from '../lib/cdr-csv';
import {
  addDays,
  CDR_PAGE_SIZES,
  DEFAULT_CDR_PAGE_SIZE,
  resolveRange,
  toCdrsRequest,
  toDay,
  type ReportsSearch,
} from '../lib/reports-search';
import { useCdrExport } from '../lib/use-cdr-export';
import { CDR_COLUMNS, DISPOSITION_LABELS, SourceLabels } from './cdr-columns';

export interface QueueOption {
  id: string;
  name: string;
  sourceId: string;
}

export interface CallRecordsPageProps {
  search: ReportsSearch;
  onSearchChange: (patch: Partial<ReportsSearch>) => void;
  sources: readonly Source[] | undefined;
  queues: readonly QueueOption[] | undefined;
}

const rowId = (c: Cdr) => c.id;

/** Call records for a range of days, by source, queue and disposition, paged by the gateway. */
export function CallRecordsPage({ search, onSearchChange, sources, queues }: CallRecordsPageProps) {
  const id = useId();
  const today = toDay(new Date());
  const range = resolveRange(search, today);
  const request = toCdrsRequest(search, range);
  const cdrSources = useMemo(() => (sources ?? []).filter((s) => s.capabilities.cdrs), [sources]);
  const queueOptions = useMemo(
    () =>
      (queues ?? [])
        .filter(
          (q) =>
            cdrSources.some((s) => s.id === q.sourceId) &&
            (!search.source || q.sourceId === search.source),
        )
        .sort((a, b) => a.name.localeCompare(b.name)),
    [queues, cdrSources, search.source],
  );
  const sourceLabels = useMemo(
    () => new Map((sources ?? []).map((s) => [s.id, s.label])),
    [sources],
  );
  const query = useQuery({ ...cdrsQueryOptions(request), enabled: !range.problem });
  const page = query.data;

  const table = useTable({
    features: dataTableFeatures,
    columns: CDR_COLUMNS,
    data: (page?.items ?? []) as Cdr[],
    getRowId: rowId,
  });

  const onExported = useCallback(
    (cdrs: Cdr[]) =>
      downloadText(
        `call-records-${range.from}${range.to !== range.from ? `-to-${range.to}` : ''}.csv`,
        cdrsCsv(cdrs),
      ),
    [range.from, range.to],
  );
  const exporter = useCdrExport(fetchCdrsPage, onExported);
  const exporting = exporter.state.status === 'running';

  const set = (patch: Partial<ReportsSearch>) => onSearchChange({ page: undefined, ...patch });
  const pageSize = search.pageSize ?? DEFAULT_CDR_PAGE_SIZE;
  const pageNo = search.page ?? 1;
  const pages = page?.total != null ? Math.max(1, Math.ceil(page.total / pageSize)) : null;
  const filtered = !!(search.source || search.queue || search.disposition);

  return (
    <>
      <PageHeader
        title="Call records"
        description="Finished queue calls by the time they entered the queue, newest first."
        actions={
          exporting ? (
            <Button variant="secondary" onClick={exporter.cancel}>
              Cancel export
            </Button>
          ) : (
            <Button
              variant="secondary"
              disabled={!!range.problem || page?.total === 0}
              onClick={() => void exporter.start(request)}
            >
              Export CSV
            </Button>
          )
        }
      />

      <section aria-label="Filters" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-from`} className="text-xs font-medium text-fg-muted">
            From
          </label>
          <input
            id={`${id}-from`}
            type="date"
            value={range.from}
            max={today}
            onChange={(e) =>
              e.target.value &&
              set({
                from: e.target.value,
                ...(range.to < e.target.value ? { to: e.target.value } : {}),
              })
            }
            className="h-9 rounded-lg border border-line-strong bg-surface px-3 text-sm text-fg tabular-nums"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-to`} className="text-xs font-medium text-fg-muted">
            To
          </label>
          <input
            id={`${id}-to`}
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) => e.target.value && set({ to: e.target.value })}
            className="h-9 rounded-lg border border-line-strong bg-surface px-3 text-sm text-fg tabular-nums"
          />
        </div>
        <div className="flex h-9 items-center gap-1" role="group" aria-label="Quick ranges">
          {(
            [
              ['Today', undefined, undefined],
              ['Yesterday', addDays(today, -1), addDays(today, -1)],
              ['Last 7 days', addDays(today, -6), today],
            ] as const
          ).map(([label, from, to]) => (
            <Button key={label} variant="secondary" size="xs" onClick={() => set({ from, to })}>
              {label}
            </Button>
          ))}
        </div>
        <SelectField
          label="Source"
          className="w-40"
          value={search.source ?? ''}
          onValueChange={(v) => set({ source: v || undefined, queue: undefined })}
          options={[
            { value: '', label: 'All sources' },
            ...cdrSources.map((s) => ({ value: s.id, label: s.label })),
          ]}
        />
        <SelectField
          label="Queue"
          className="w-48"
          value={search.queue ?? ''}
          onValueChange={(v) => set({ queue: v || undefined })}
          options={[
            { value: '', label: 'All queues' },
            ...queueOptions.map((q) => ({ value: q.id, label: q.name })),
          ]}
        />
        <SelectField
          label="Disposition"
          className="w-36"
          value={search.disposition ?? ''}
          onValueChange={(v) =>
            set({ disposition: (v || undefined) as CdrDisposition | undefined })
          }
          options={[
            { value: '', label: 'All' },
            ...CdrDisposition.options.map((d) => ({ value: d, label: DISPOSITION_LABELS[d] })),
          ]}
        />
      </section>

      {exporter.state.status !== 'idle' && (
        <div
          className="mb-4 flex flex-col gap-2 rounded-card border border-line bg-surface p-4"
          aria-live="polite"
        >
          {exporter.state.status === 'running' && (
            <>
              <ProgressBar
                label="Export progress"
                percent={
                  exporter.state.total
                    ? shareOf(exporter.state.fetched, exporter.state.total)
                    : null
                }
                valueText={`${exporter.state.fetched} of ${exporter.state.total ?? 'unknown'} records`}
              />
              <p className="text-sm tabular-nums text-fg">
                Exporting: {formatCount(exporter.state.fetched)}
                {exporter.state.total != null && ` of ${formatCount(exporter.state.total)}`} records
                read
              </p>
            </>
          )}
          {exporter.state.status === 'done' && (
            <p className="text-sm text-fg">Exported {formatCount(exporter.state.count)} records.</p>
          )}
          {exporter.state.status === 'cancelled' && (
            <p className="text-sm text-fg-muted">Export cancelled: nothing was saved.</p>
          )}
          {exporter.state.status === 'error' && (
            <p role="alert" className="text-sm text-threshold-breach">
              Export failed: {exporter.state.message}
            </p>
          )}
        </div>
      )}

      {range.problem ? (
        <ErrorPanel title="Check the range" message={range.problem} />
      ) : query.error && !page ? (
        <ErrorPanel
          title="Call records could not be loaded"
          message={query.error.message}
          action={
            <Button variant="secondary" onClick={() => void query.refetch()}>
              Try again
            </Button>
          }
        />
      ) : !page ? (
        <div className="flex justify-center py-12">
          <Spinner label="Loading call records" />
        </div>
      ) : page.items.length === 0 ? (
        <EmptyState title={filtered ? 'No call records match' : 'No call records in this range'}>
          {filtered
            ? 'Try another queue or disposition, or a wider range.'
            : 'Calls show here once they have ended.'}
        </EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-fg-muted" role="status">
            {page.total != null ? `${formatCount(page.total)} records` : 'Records'}
            {query.isFetching && (
              <span className="ml-2 inline-flex align-middle">
                <Spinner size="sm" label="Updating" />
              </span>
            )}
            {query.error && (
              <span className="ml-2 text-threshold-warn">
                Last refresh failed: {query.error.message}
              </span>
            )}
          </p>
          <SourceLabels.Provider value={sourceLabels}>
            <DataTable
              table={table}
              caption="Call records"
              className={query.isPlaceholderData ? 'opacity-70' : undefined}
            />
          </SourceLabels.Provider>
          <nav
            aria-label="Pages"
            className="mt-3 flex flex-wrap items-center justify-between gap-3"
          >
            <SelectField
              label="Rows per page"
              className="w-36"
              value={String(pageSize)}
              onValueChange={(v) => set({ pageSize: Number(v) as ReportsSearch['pageSize'] })}
              options={CDR_PAGE_SIZES.map((n) => ({ value: String(n), label: String(n) }))}
            />
            <div className="flex items-center gap-2">
              <Button
                variant="secondary"
                size="sm"
                disabled={pageNo <= 1}
                onClick={() => onSearchChange({ page: pageNo - 1 })}
              >
                Previous
              </Button>
              <span className="text-sm tabular-nums text-fg">
                Page {pageNo}
                {pages !== null && ` of ${pages}`}
              </span>
              <Button
                variant="secondary"
                size="sm"
                disabled={!page.hasNextPage}
                onClick={() => onSearchChange({ page: pageNo + 1 })}
              >
                Next
              </Button>
            </div>
          </nav>
        </>
      )}
    </>
  );
}
