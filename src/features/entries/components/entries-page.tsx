import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, type ReactNode } from 'react';
import type { EntryDirection, QueueEntry } from '@contract/entry';
import type { EntrySort, Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { entryStatusLabel, orderStatusCounts } from '@/components/ui/entry-status-badge';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RefreshFailed } from '@/components/ui/refresh-failed';
import { SelectField } from '@/components/ui/field';
import { AlertIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { Spinner } from '@/components/ui/spinner';
import { formatCount } from '@/lib/format';
import { useDocumentTitle } from '@/lib/use-document-title';
import { entriesQueryOptions } from '../api/entries-queries';
import {
  clearedFilters,
  DEFAULT_PAGE_SIZE,
  entriesSources,
  hasActiveFilters,
  resolveEntriesView,
  toEntriesRequest,
  type EntriesSearch,
  type EntriesView,
  type FilterField,
} from '../lib/entries-search';
import { EntriesFilters, EntriesSort, type CampaignOption } from './entries-filters';
import { EntriesPagination } from './entries-pagination';
import { EntriesTable } from './entries-table';
import { EntryDrawer } from './entry-drawer';
import { ExportEntriesButton } from './export-entries-button';

const DIRECTION_LABELS: Record<EntryDirection, string> = {
  outbound: 'Outbound',
  inbound: 'Inbound',
  callback: 'Callback',
};

const FILTER_NAMES: Record<FilterField, string> = {
  status: 'status',
  campaign: 'campaign',
  agent: 'agent',
  phone: 'phone',
  createdFrom: 'created from',
  createdTo: 'created to',
  scheduledFrom: 'scheduled from',
  scheduledTo: 'scheduled to',
  completedFrom: 'completed from',
  completedTo: 'completed to',
};

export type EntriesSearchChange = (patch: Partial<EntriesSearch>, options?: { replace?: boolean }) => void;

export interface EntriesPageProps {
  /** From /api/v1/sources; undefined while loading. */
  sources: readonly Source[] | undefined;
  /** Why sources are missing, when they failed to load. */
  sourcesError?: Error | null | undefined;
  search: EntriesSearch;
  onSearchChange: EntriesSearchChange;
  /** Campaigns per source, for the campaign filter's named choices. */
  campaigns?: readonly (CampaignOption & { sourceId: string })[] | undefined;
}

/** Queue entries of one source and direction: server-side filters, sort and paging, all in the URL. */
export function EntriesPage({ sources, sourcesError, search, onSearchChange, campaigns }: EntriesPageProps) {
  useDocumentTitle('Entries');
  const view = useMemo(() => resolveEntriesView(search, sources), [search, sources]);

  let body: ReactNode;
  if (!sources) {
    body = sourcesError ? (
      <ErrorPanel title="Entries cannot be shown" message={sourcesError.message} />
    ) : (
      <div className="flex justify-center py-16">
        <Spinner label="Loading sources" />
      </div>
    );
  } else if (!view) {
    body = (
      <EmptyState title="No source offers queue entries">
        None of the sources you can see lists queue entries. Entries appear here when a source such
        as an outbound dialer or a callback queue is connected.
      </EmptyState>
    );
  } else {
    body = (
      <EntriesView
        view={view}
        sources={sources}
        search={search}
        onSearchChange={onSearchChange}
        campaigns={campaigns}
      />
    );
  }

  return (
    <div className="flex flex-col">
      <PageHeader
        title="Entries"
        description="Outbound, inbound and callback queue entries, page by page. Filters and sort live in the address, so a view can be shared."
      />
      {body}
    </div>
  );
}

interface EntriesViewProps {
  view: EntriesView;
  sources: readonly Source[];
  search: EntriesSearch;
  onSearchChange: EntriesSearchChange;
  campaigns: EntriesPageProps['campaigns'];
}

function EntriesView({ view, sources, search, onSearchChange, campaigns }: EntriesViewProps) {
  const request = useMemo(() => toEntriesRequest(search, view), [search, view]);
  const query = useQuery(entriesQueryOptions(request));
  const { data, isPlaceholderData, isFetching, isError, error, refetch, isRefetching } = query;
  const pickable = entriesSources(sources);
  const { source, direction } = view;
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? DEFAULT_PAGE_SIZE;
  const filtered = hasActiveFilters(search, view);
  const sourceCampaigns = useMemo(
    () => campaigns?.filter((c) => c.sourceId === source.id),
    [campaigns, source.id],
  );

  const onOpen = useCallback((entry: QueueEntry) => onSearchChange({ entry: entry.vendorId }), [onSearchChange]);
  const onSortChange = useCallback(
    (sort: EntrySort, order: 'asc' | 'desc') => onSearchChange({ sort, order, page: undefined }),
    [onSearchChange],
  );
  const clear = () => onSearchChange(clearedFilters());
  const openEntry = search.entry
    ? data?.items.find((e) => e.vendorId === search.entry)
    : undefined;

  let results: ReactNode;
  if (!data) {
    results = isError ? (
      <ErrorPanel
        title="Entries could not be loaded"
        message={error.message}
        action={
          <Button variant="secondary" onClick={() => void refetch()} pending={isRefetching}>
            Try again
          </Button>
        }
      />
    ) : (
      <div className="flex justify-center py-16">
        <Spinner label="Loading entries" />
      </div>
    );
  } else if (data.items.length === 0 && !isPlaceholderData) {
    results =
      page > 1 ? (
        <EmptyState
          title="Nothing on this page"
          action={
            <Button variant="secondary" onClick={() => onSearchChange({ page: undefined })}>
              Go to the first page
            </Button>
          }
        >
          The list is shorter than page {formatCount(page)}. It may have shrunk since the link was
          made.
        </EmptyState>
      ) : filtered ? (
        <EmptyState
          title="No entries match these filters"
          action={
            <Button variant="secondary" onClick={clear}>
              Clear filters
            </Button>
          }
        >
          {source.label} has {DIRECTION_LABELS[direction].toLowerCase()} entries, but none match
          the filters you chose.
        </EmptyState>
      ) : (
        <EmptyState title="No entries yet">
          {source.label} has no {DIRECTION_LABELS[direction].toLowerCase()} entries right now.
        </EmptyState>
      );
  } else {
    results = (
      <div className="flex flex-col gap-3">
        <EntriesTable
          entries={data.items}
          sorts={view.sorts}
          sort={search.sort}
          order={search.order}
          onSortChange={onSortChange}
          onOpen={onOpen}
          busy={isPlaceholderData}
          caption={`${source.label}: ${DIRECTION_LABELS[direction].toLowerCase()} entries, page ${page}`}
        />
        <EntriesPagination
          page={page}
          pageSize={pageSize}
          total={data.total}
          hasNextPage={data.hasNextPage}
          shown={data.items.length}
          onPageChange={(p) => onSearchChange({ page: p > 1 ? p : undefined })}
          onPageSizeChange={(size) => onSearchChange({ pageSize: size, page: undefined })}
        />
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label="Source"
          className="w-56"
          value={source.id}
          options={pickable.map((s) => ({ value: s.id, label: s.label }))}
          onValueChange={(id) =>
            onSearchChange({
              ...clearedFilters(),
              source: id,
              direction: undefined,
              sort: undefined,
              order: undefined,
            })
          }
        />
        {(source.capabilities.entries?.directions.length ?? 0) > 1 && (
          <div className="flex flex-col gap-1">
            <span aria-hidden="true" className="text-xs font-medium text-fg-muted">
              Direction
            </span>
            <SegmentedControl
              label="Direction"
              value={direction}
              options={(source.capabilities.entries?.directions ?? []).map((d) => ({
                value: d,
                label: DIRECTION_LABELS[d],
              }))}
              onChange={(d) => onSearchChange({ ...clearedFilters(), direction: d })}
            />
          </div>
        )}
        <p className="ml-auto text-sm text-fg-muted" aria-live="polite">
          {isFetching && data ? 'Updating…' : ''}
        </p>
      </div>

      {(view.sourceFallback || view.ignored.length > 0) && (
        <p
          role="status"
          className="flex items-start gap-2 rounded-lg border border-threshold-warn/40 bg-threshold-warn-soft px-3 py-2 text-sm text-fg"
        >
          <AlertIcon className="mt-0.5 shrink-0 text-threshold-warn" />
          <span>
            {view.sourceFallback && `The source in the link does not list entries; showing ${source.label}. `}
            {view.ignored.length > 0 &&
              `${source.label} cannot filter by ${view.ignored.map((f) => FILTER_NAMES[f]).join(', ')}; those filters are not applied.`}
          </span>
        </p>
      )}

      <EntriesFilters
        search={search}
        view={view}
        campaigns={sourceCampaigns}
        onChange={onSearchChange}
        onClear={clear}
      />

      {data && isError && (
        <RefreshFailed message={error.message} showing="page" />
      )}

      <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
        {data ? (
          <EntriesSummary total={data.total} counts={data.countsByStatus} hasTotal={view.hasTotal} />
        ) : (
          <span />
        )}
        <div className="flex flex-wrap items-end gap-3">
          <EntriesSort search={search} view={view} onChange={onSearchChange} />
          <ExportEntriesButton
            request={request}
            sourceId={source.id}
            sourceLabel={source.label}
            budgetPerMinute={source.health.budgetPerMinute}
          />
        </div>
      </div>

      {results}

      {search.entry && (
        <EntryDrawer
          key={`${source.id}:${search.entry}`}
          sourceId={source.id}
          sourceLabel={source.label}
          vendorId={search.entry}
          summary={openEntry}
          onClose={() => onSearchChange({ entry: undefined }, { replace: true })}
        />
      )}
    </div>
  );
}

function EntriesSummary({
  total,
  counts,
  hasTotal,
}: {
  total: number | null;
  counts: Record<string, number> | null;
  hasTotal: boolean;
}) {
  const ordered = counts ? orderStatusCounts(counts) : [];
  return (
    <div className="flex flex-wrap items-baseline gap-x-6 gap-y-2">
      <p className="text-sm text-fg">
        {total !== null ? (
          <>
            <span className="text-lg font-semibold tabular-nums">{formatCount(total)}</span>{' '}
            {total === 1 ? 'entry' : 'entries'}
          </>
        ) : (
          <span className="text-fg-muted">
            {hasTotal ? 'Total not available for this query' : 'This source does not report a total'}
          </span>
        )}
      </p>
      {ordered.length > 0 && (
        <dl aria-label="Entries per status" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {ordered.map(([status, n]) => (
            <div key={status} className="flex items-baseline gap-1.5">
              <dt className="text-fg-muted">
                {entryStatusLabel(status)}
              </dt>
              <dd className="font-medium tabular-nums text-fg">{formatCount(n)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
