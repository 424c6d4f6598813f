import { useQuery } from '@tanstack/react-query';
import { useTable } from '@tanstack/react-table';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { AUDIT_PAGE_SIZES, AuditOutcome } from '@contract/admin';
import { Button } from '@/components/ui/button';
import { DataTable, dataTableFeatures } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RefreshFailed } from '@/components/ui/refresh-failed';
import { SelectField, TextField, type SelectOption } from '@/components/ui/field';
import { ListIcon } from '@/components/ui/icons';
import { Spinner } from '@/components/ui/spinner';
import { formatCount } from '@/lib/format';
import { auditQueryOptions } from '../api/admin-queries';
import {
  auditFiltersOf,
  hasAuditFilters,
  isoToLocalInput,
  localInputToIso,
  type AdminSearch,
} from '../lib/admin-search';
import { AUDIT_COLUMNS, OUTCOME_LABELS, type AuditRow } from './audit-columns';

export interface AuditPanelProps {
  search: AdminSearch;
  onSearchChange: (patch: Partial<AdminSearch>) => void;
  sources: readonly { id: string; label: string }[];
}

const rowId = (r: AuditRow) => String(r.id);

/** The audit trail: who did what, when, on which source and target, and how it ended. */
export function AuditPanel({ search, onSearchChange, sources }: AuditPanelProps) {
  const headingId = useId();
  const filters = auditFiltersOf(search);
  const query = useQuery(auditQueryOptions(filters));
  const { data } = query;
  const labels = useMemo(() => new Map(sources.map((s) => [s.id, s.label])), [sources]);
  const rows = useMemo<AuditRow[]>(
    () =>
      (data?.items ?? []).map((r) => ({
        ...r,
        sourceLabel: r.sourceId ? (labels.get(r.sourceId) ?? r.sourceId) : null,
      })),
    [data?.items, labels],
  );
  const table = useTable({ features: dataTableFeatures, columns: AUDIT_COLUMNS, data: rows, getRowId: rowId });
  // A filter change starts again at the first page.
  const filter = useCallback(
    (patch: Partial<AdminSearch>) => onSearchChange({ ...patch, page: undefined }),
    [onSearchChange],
  );
  const filtering = hasAuditFilters(search);

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4">
      <h2 id={headingId} className="sr-only">
        Audit log
      </h2>
      <AuditFilters search={search} onChange={filter} sources={sources} actions={data?.actions ?? []} />

      {!data ? (
        query.isError ? (
          <ErrorPanel
            title="The audit log could not be loaded"
            message={query.error.message}
            action={
              <Button variant="secondary" onClick={() => void query.refetch()} pending={query.isRefetching}>
                Try again
              </Button>
            }
          />
        ) : (
          <div className="flex justify-center py-16">
            <Spinner label="Loading the audit log" />
          </div>
        )
      ) : (
        <div className="flex flex-col gap-3">
          {query.isError && (
            <RefreshFailed message={query.error.message} showing="records" />
          )}
          {data.items.length === 0 ? (
            <EmptyState
              title={filtering ? 'No records match these filters' : 'Nothing recorded yet'}
              icon={<ListIcon />}
              action={
                filtering ? (
                  <Button
                    variant="secondary"
                    onClick={() =>
                      filter({ from: undefined, to: undefined, user: undefined, action: undefined, source: undefined, outcome: undefined })
                    }
                  >
                    Clear filters
                  </Button>
                ) : undefined
              }
            >
              {filtering
                ? 'Widen the time range or clear a filter.'
                : 'Every action and every change to users is recorded here.'}
            </EmptyState>
          ) : (
            <DataTable table={table} caption="Audit log, newest first" className={query.isPlaceholderData ? 'opacity-60' : undefined} />
          )}
          <Pager
            page={filters.page}
            pageSize={filters.pageSize}
            total={data.total}
            onPage={(page) => onSearchChange({ page })}
            onPageSize={(pageSize) => onSearchChange({ pageSize, page: undefined })}
          />
        </div>
      )}
    </section>
  );
}

function AuditFilters({
  search,
  onChange,
  sources,
  actions,
}: {
  search: AdminSearch;
  onChange: (patch: Partial<AdminSearch>) => void;
  sources: readonly { id: string; label: string }[];
  actions: readonly string[];
}) {
  // The user filter is typed: it reaches the URL after a short pause, not on every key.
  const [user, setUser] = useState(search.user ?? '');
  const [lastUser, setLastUser] = useState(search.user);
  if (search.user !== lastUser) {
    setLastUser(search.user);
    setUser(search.user ?? '');
  }
  useEffect(() => {
    if ((search.user ?? '') === user.trim()) return;
    const t = setTimeout(() => onChange({ user: user.trim() || undefined }), 300);
    return () => clearTimeout(t);
  }, [user, search.user, onChange]);

  const actionOptions: SelectOption[] = [
    { value: '', label: 'All actions' },
    ...(actions.some((a) => a.startsWith('user.')) ? [{ value: 'user.*', label: 'Any user change' }] : []),
    ...actions.map((a) => ({ value: a, label: a })),
  ];
  if (search.action && !actionOptions.some((o) => o.value === search.action)) {
    actionOptions.push({ value: search.action, label: search.action });
  }
  const sourceOptions: SelectOption[] = [
    { value: '', label: 'All sources' },
    ...sources.map((s) => ({ value: s.id, label: s.label })),
  ];
  if (search.source && !sourceOptions.some((o) => o.value === search.source)) {
    sourceOptions.push({ value: search.source, label: search.source });
  }
  const outcomeOptions: SelectOption[] = [
    { value: '', label: 'Any outcome' },
    ...AuditOutcome.options.map((o) => ({ value: o, label: OUTCOME_LABELS[o] })),
  ];

  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
      <TextField
        label="From"
        type="datetime-local"
        value={isoToLocalInput(search.from)}
        onChange={(e) => onChange({ from: localInputToIso(e.target.value) })}
      />
      <TextField
        label="To"
        type="datetime-local"
        value={isoToLocalInput(search.to)}
        onChange={(e) => onChange({ to: localInputToIso(e.target.value) })}
      />
      <TextField
        label="User"
        search
        placeholder="Username"
        spellCheck={false}
        value={user}
        onChange={(e) => setUser(e.target.value)}
      />
      <SelectField
        label="Action"
        value={search.action ?? ''}
        options={actionOptions}
        onValueChange={(v) => onChange({ action: v || undefined })}
      />
      <SelectField
        label="Source"
        value={search.source ?? ''}
        options={sourceOptions}
        onValueChange={(v) => onChange({ source: v || undefined })}
      />
      <SelectField
        label="Outcome"
        value={search.outcome ?? ''}
        options={outcomeOptions}
        onValueChange={(v) => onChange({ outcome: (v || undefined) as AdminSearch['outcome'] })}
      />
    </div>
  );
}

const PAGE_SIZE_OPTIONS: SelectOption[] = AUDIT_PAGE_SIZES.map((n) => ({ value: String(n), label: `${n} per page` }));

function Pager({
  page,
  pageSize,
  total,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Audit log pages" className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm tabular-nums text-fg-muted" aria-live="polite">
        {total === 0
          ? 'No records'
          : first > total
            ? `Past the last page: ${formatCount(total)} record${total === 1 ? '' : 's'} in all`
            : `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`}
      </p>
      <div className="flex items-center gap-2">
        <SelectField
          label="Records per page"
          hideLabel
          value={String(pageSize)}
          options={PAGE_SIZE_OPTIONS}
          onValueChange={(v) => onPageSize(Number(v))}
          className="w-36"
        />
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(Math.min(page - 1, pages))}>
          Previous
        </Button>
        <span className="text-sm tabular-nums text-fg-muted">
          Page {formatCount(Math.min(page, pages))} of {formatCount(pages)}
        </span>
        <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
