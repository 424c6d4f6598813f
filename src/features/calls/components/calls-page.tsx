import { useQuery, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RefreshFailed } from '@/components/ui/refresh-failed';
import { SelectField, TextField, type SelectOption } from '@/components/ui/field';
import { PhoneIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { SourceFreshnessList } from '@/components/ui/source-freshness';
import { Spinner } from '@/components/ui/spinner';
import { formatCount } from '@/lib/format';
import { useDocumentTitle } from '@/lib/use-document-title';
import { CALLS_POLL_MS, callsQueryOptions } from '../api/calls-queries';
import type { CallsSearch } from '../lib/calls-search';
import { filterCalls, filterWaiting } from '../lib/filter-calls';
import { CallsContext, type CallsContextValue } from './calls-context';
import { ActiveCallsTable, WaitingTable } from './calls-tables';

export interface CallsPageProps {
  /** Sources from /api/v1/sources: labels, poll periods and capabilities. */
  sources?: readonly Source[] | undefined;
  /** Queue names by id (from the queues the user can see); waiting callers carry only ids. */
  queueNames?: ReadonlyMap<string, string> | undefined;
  search: CallsSearch;
  onSearchChange: (patch: Partial<CallsSearch>) => void;
  /** The role may pick up waiting calls (contract/auth can(role, 'pickup')). */
  canPickup: boolean;
  /** Other live queries a pickup changes, refreshed afterwards. */
  affectedQueryKeys?: readonly QueryKey[];
}

const NO_KEYS: readonly QueryKey[] = [];

/** Active calls and waiting callers in two sortable, filterable tables, polled every second. */
export function CallsPage({
  sources,
  queueNames,
  search,
  onSearchChange,
  canPickup,
  affectedQueryKeys = NO_KEYS,
}: CallsPageProps) {
  useDocumentTitle('Live calls');
  const query = useQuery(callsQueryOptions());
  const { data } = query;
  const { source, queue, q } = search;

  const calls = useMemo(() => filterCalls(data?.calls ?? [], { source, queue, q }), [data?.calls, source, queue, q]);
  const waiting = useMemo(
    () => filterWaiting(data?.waiting ?? [], { source, queue, q }),
    [data?.waiting, source, queue, q],
  );

  // Names of queues from the queues list, then from the calls themselves; ids as the last resort.
  const names = useMemo(() => {
    const map = new Map(queueNames ?? []);
    for (const c of data?.calls ?? []) if (c.queueId && c.queueName && !map.has(c.queueId)) map.set(c.queueId, c.queueName);
    return map;
  }, [queueNames, data?.calls]);

  const context = useMemo<CallsContextValue>(() => {
    const byId = new Map((sources ?? []).map((s) => [s.id, s]));
    return {
      sourceLabel: (id) => byId.get(id)?.label ?? id,
      queueName: (id, fallback) => names.get(id) ?? fallback ?? id,
      canPickup: (id) => canPickup && !!byId.get(id)?.capabilities.pickup,
      affectedQueryKeys,
    };
  }, [sources, names, canPickup, affectedQueryKeys]);

  const pickupColumn = canPickup && (sources ?? []).some((s) => s.capabilities.pickup);
  // Without sources we cannot tell, so the section shows; otherwise only where a source reports waiting callers.
  const showWaiting =
    !sources || sources.some((s) => s.capabilities.waitingCallers) || (data?.waiting.length ?? 0) > 0;
  const filtering = !!(source || queue || q?.trim());
  const clear = () => onSearchChange({ source: undefined, queue: undefined, q: undefined });

  const onSort = useCallback((sort: string | undefined) => onSearchChange({ sort }), [onSearchChange]);
  const onWaitingSort = useCallback((wsort: string | undefined) => onSearchChange({ wsort }), [onSearchChange]);

  return (
    <CallsContext.Provider value={context}>
      <div className="flex flex-col">
        <PageHeader
          title="Live calls"
          description="Calls in progress and callers waiting, live. Refreshed every second."
        />
        {!data ? (
          query.isError ? (
            <ErrorPanel
              title="Live calls could not be loaded"
              message={query.error.message}
              action={
                <Button variant="secondary" onClick={() => void query.refetch()} pending={query.isRefetching}>
                  Try again
                </Button>
              }
            />
          ) : (
            <div className="flex justify-center py-16">
              <Spinner label="Loading live calls" />
            </div>
          )
        ) : (
          <div className="flex flex-col gap-6">
            {query.isError && (
              <RefreshFailed message={query.error.message} />
            )}
            <div className="flex flex-col gap-4">
              <SourceFreshnessList freshness={data.freshness} sources={sources} clientPollMs={CALLS_POLL_MS} />
              <CallFilters search={search} onChange={onSearchChange} sources={sources} queueNames={names} />
            </div>

            {showWaiting && (
              <CallsSection title="Waiting callers" count={waiting.length}>
                {waiting.length === 0 ? (
                  <QuietEmpty>
                    {filtering && data.waiting.length > 0
                      ? 'No waiting caller matches these filters.'
                      : 'Nobody is waiting right now.'}
                  </QuietEmpty>
                ) : (
                  <WaitingTable waiting={waiting} withPickup={pickupColumn} sort={search.wsort} onSortChange={onWaitingSort} />
                )}
              </CallsSection>
            )}

            <CallsSection title="Active calls" count={calls.length}>
              {calls.length === 0 ? (
                filtering && data.calls.length > 0 ? (
                  <EmptyState
                    title="No calls match these filters"
                    icon={<PhoneIcon />}
                    action={
                      <Button variant="secondary" onClick={clear}>
                        Clear filters
                      </Button>
                    }
                  >
                    {formatCount(data.calls.length)} active call{data.calls.length === 1 ? ' is' : 's are'} hidden by
                    the filters.
                  </EmptyState>
                ) : (
                  <EmptyState title="No calls right now" icon={<PhoneIcon />}>
                    Calls appear here as soon as a source reports them.
                  </EmptyState>
                )
              ) : (
                <ActiveCallsTable calls={calls} sort={search.sort} onSortChange={onSort} />
              )}
            </CallsSection>
          </div>
        )}
      </div>
    </CallsContext.Provider>
  );
}

function CallsSection({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3">
      <h2 id={id} className="flex items-baseline gap-2 text-base font-semibold text-fg">
        {title}
        <span className="rounded-full bg-surface-muted px-2 py-0.5 text-xs font-semibold tabular-nums text-fg-muted">
          {formatCount(count)}
        </span>
      </h2>
      {children}
    </section>
  );
}

function QuietEmpty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-card border border-dashed border-line-strong bg-surface px-4 py-5 text-center text-sm text-fg-muted">
      {children}
    </p>
  );
}

function CallFilters({
  search,
  onChange,
  sources,
  queueNames,
}: {
  search: CallsSearch;
  onChange: (patch: Partial<CallsSearch>) => void;
  sources: readonly Source[] | undefined;
  queueNames: ReadonlyMap<string, string>;
}) {
  const [text, setText] = useState(search.q ?? '');
  const [lastQ, setLastQ] = useState(search.q);
  if (search.q !== lastQ) {
    setLastQ(search.q);
    setText(search.q ?? '');
  }
  useEffect(() => {
    if ((search.q ?? '') === text) return;
    const t = setTimeout(() => onChange({ q: text || undefined }), 150);
    return () => clearTimeout(t);
  }, [text, search.q, onChange]);

  const sourceOptions: SelectOption[] = [
    { value: '', label: 'All sources' },
    ...(sources ?? []).filter((s) => s.capabilities.liveCalls || s.capabilities.waitingCallers).map((s) => ({ value: s.id, label: s.label })),
  ];
  if (search.source && !sourceOptions.some((o) => o.value === search.source)) {
    sourceOptions.push({ value: search.source, label: search.source });
  }
  const queueOptions: SelectOption[] = [
    { value: '', label: 'All queues' },
    ...[...queueNames]
      .filter(([id]) => !search.source || id.startsWith(`${search.source}:`))
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  ];
  if (search.queue && !queueOptions.some((o) => o.value === search.queue)) {
    queueOptions.push({ value: search.queue, label: 'Unknown queue' });
  }

  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-[minmax(14rem,2fr)_minmax(9rem,1fr)_minmax(9rem,1fr)]">
      <TextField
        label="Search calls"
        search
        placeholder="Caller number, name or agent"
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="col-span-2 md:col-span-1"
      />
      <SelectField
        label="Source"
        value={search.source ?? ''}
        onValueChange={(v) => onChange({ source: v || undefined, queue: undefined })}
        options={sourceOptions}
      />
      <SelectField
        label="Queue"
        value={search.queue ?? ''}
        onValueChange={(v) => onChange({ queue: v || undefined })}
        options={queueOptions}
      />
    </div>
  );
}
