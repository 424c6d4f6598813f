import {
  createColumnHelper,
  flexRender,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type Header,
  type Row,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { memo, useMemo } from 'react';
import type { QueueEntry } from '@contract/entry';
import type { EntrySort } from '@contract/source';
import { DateTime } from '@/components/ui/date-time';
import { EntryStatusBadge } from '@/components/ui/entry-status-badge';
import { SortIcon } from '@/components/ui/icons';
import { cn } from '@/lib/cn';
import { EMPTY_VALUE } from '@/lib/format';

interface EntryColumnMeta {
  align?: 'start' | 'end';
  cellClassName?: string;
}

/** Server-side sorting only: the gateway sorts, the table shows the order it was given. */
const entriesFeatures = tableFeatures({
  rowSortingFeature,
  columnMeta: {} as EntryColumnMeta,
});
type EntriesFeatures = typeof entriesFeatures;

const col = createColumnHelper<EntriesFeatures, QueueEntry>();

/** Columns a source may sort by; "updated" has no column and is chosen from the Sort select. */
const SORTABLE_COLUMNS = ['createdAt', 'scheduledAt'] as const satisfies readonly EntrySort[];
type SortableColumn = (typeof SORTABLE_COLUMNS)[number];
const isSortableColumn = (id: string): id is SortableColumn =>
  (SORTABLE_COLUMNS as readonly string[]).includes(id);

function text(value: string | null | undefined) {
  return value ? value : <span className="text-fg-subtle">{EMPTY_VALUE}</span>;
}

/**
 * Column definitions per set of sortable columns, built once per set and kept at module scope, so a
 * re-render never hands the table new columns.
 */
const columnCache = new Map<string, ColumnDef<EntriesFeatures, QueueEntry, unknown>[]>();
function columnsFor(sortable: readonly SortableColumn[]) {
  const key = sortable.join(',');
  const cached = columnCache.get(key);
  if (cached) return cached;
  const canSort = (id: SortableColumn) => sortable.includes(id);
  const columns = [
    col.accessor('phoneNumber', {
      id: 'phone',
      header: 'Phone',
      enableSorting: false,
      meta: { cellClassName: 'whitespace-nowrap font-medium' },
      cell: () => null, // rendered by EntryRow as the row's open button
    }),
    col.accessor('status', {
      header: 'Status',
      enableSorting: false,
      cell: (info) => <EntryStatusBadge status={info.getValue()} rawStatus={info.row.original.rawStatus} />,
    }),
    col.accessor((e) => e.campaignName ?? e.campaignId, {
      id: 'campaign',
      header: 'Campaign',
      enableSorting: false,
      meta: { cellClassName: 'max-w-48 truncate' },
      cell: (info) => {
        const v = info.getValue();
        return v ? <span title={v}>{v}</span> : text(null);
      },
    }),
    col.accessor('agentId', {
      id: 'agent',
      header: 'Agent',
      enableSorting: false,
      meta: { cellClassName: 'max-w-36 truncate' },
      cell: (info) => {
        const v = info.getValue();
        return v ? <span title={v}>{v}</span> : text(null);
      },
    }),
    col.accessor('createdAt', {
      header: 'Created',
      enableSorting: canSort('createdAt'),
      meta: { cellClassName: 'whitespace-nowrap tabular-nums' },
      cell: (info) => <DateTime iso={info.getValue()} compact />,
    }),
    col.accessor('scheduledAt', {
      header: 'Scheduled',
      enableSorting: canSort('scheduledAt'),
      meta: { cellClassName: 'whitespace-nowrap tabular-nums' },
      cell: (info) => <DateTime iso={info.getValue()} compact />,
    }),
    col.accessor('completedAt', {
      header: 'Completed',
      enableSorting: false,
      meta: { cellClassName: 'whitespace-nowrap tabular-nums' },
      cell: (info) => <DateTime iso={info.getValue()} compact />,
    }),
    col.accessor('retryCount', {
      header: 'Retries',
      enableSorting: false,
      meta: { align: 'end', cellClassName: 'tabular-nums' },
      cell: (info) => {
        const v = info.getValue();
        return v === null ? text(null) : String(v);
      },
    }),
    col.accessor('lastError', {
      header: 'Last error',
      enableSorting: false,
      meta: { cellClassName: 'max-w-64 truncate' },
      cell: (info) => {
        const v = info.getValue();
        return v ? <span title={v}>{v}</span> : text(null);
      },
    }),
  ] as ColumnDef<EntriesFeatures, QueueEntry, unknown>[];
  columnCache.set(key, columns);
  return columns;
}

const ALIGN = { start: 'text-left', end: 'text-right' } as const;

function HeaderCell({ header }: { header: Header<EntriesFeatures, QueueEntry> }) {
  const { column } = header;
  const sorted = column.getIsSorted();
  const meta = column.columnDef.meta;
  const content = flexRender(column.columnDef.header, header.getContext());
  return (
    <th
      scope="col"
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
      className={cn(
        'whitespace-nowrap border-b border-line px-3 py-2 text-xs font-semibold text-fg-muted',
        ALIGN[meta?.align ?? 'start'],
      )}
    >
      {column.getCanSort() ? (
        <button
          type="button"
          onClick={column.getToggleSortingHandler()}
          className={cn('-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-fg', sorted && 'text-fg')}
        >
          {content}
          <SortIcon sorted={sorted} className={cn('text-sm', !sorted && 'opacity-60')} />
          <span className="sr-only">
            {sorted === 'desc' ? ', newest first' : sorted === 'asc' ? ', oldest first' : ', sort'}
          </span>
        </button>
      ) : (
        content
      )}
    </th>
  );
}

interface EntryRowProps {
  entry: QueueEntry;
  cells: Row<EntriesFeatures, QueueEntry>;
  onOpen: (entry: QueueEntry) => void;
}

/**
 * One entry. The phone cell holds the row's only focusable control; its click area is stretched
 * over the whole row, so a click anywhere opens the entry and the keyboard has one stop per row.
 */
const EntryRow = memo(
  function EntryRow({ entry, cells, onOpen }: EntryRowProps) {
    return (
      <tr data-entry-id={entry.id} className="relative border-b border-line last:border-b-0 hover:bg-surface-muted/60">
        {cells.getAllCells().map((cell) => {
          const meta = cell.column.columnDef.meta;
          return (
            <td
              key={cell.id}
              className={cn('px-3 py-2 align-middle text-sm text-fg', ALIGN[meta?.align ?? 'start'], meta?.cellClassName)}
            >
              {cell.column.id === 'phone' ? (
                <button
                  type="button"
                  onClick={() => onOpen(entry)}
                  className="rounded text-left text-fg underline-offset-4 after:absolute after:inset-0 after:content-[''] hover:underline"
                >
                  {entry.phoneNumber ?? <span className="italic text-fg-muted">No number</span>}
                  <span className="sr-only">, open entry {entry.vendorId}</span>
                </button>
              ) : (
                flexRender(cell.column.columnDef.cell, cell.getContext())
              )}
            </td>
          );
        })}
      </tr>
    );
  },
  (a, b) => a.entry === b.entry && a.onOpen === b.onOpen && a.cells.getAllCells().length === b.cells.getAllCells().length,
);

export interface EntriesTableProps {
  entries: readonly QueueEntry[];
  /** Sorts the source offers; only createdAt and scheduledAt have a column header to click. */
  sorts: ReadonlySet<EntrySort>;
  sort: EntrySort | undefined;
  order: 'asc' | 'desc' | undefined;
  onSortChange: (sort: EntrySort, order: 'asc' | 'desc') => void;
  onOpen: (entry: QueueEntry) => void;
  /** The rows shown are the previous page while the next one loads. */
  busy: boolean;
  caption: string;
}

/** A page of entries as a table (TanStack Table v9, manual sorting: the gateway sorts). */
export function EntriesTable({ entries, sorts, sort, order, onSortChange, onOpen, busy, caption }: EntriesTableProps) {
  const sortable = useMemo(() => SORTABLE_COLUMNS.filter((c) => sorts.has(c)), [sorts]);
  const columns = columnsFor(sortable);
  const sorting: SortingState = useMemo(
    () => (sort && isSortableColumn(sort) && sorts.has(sort) ? [{ id: sort, desc: order !== 'asc' }] : []),
    [sort, order, sorts],
  );

  const table = useTable({
    features: entriesFeatures,
    columns,
    data: entries,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    sortDescFirst: true,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first && isSortableColumn(first.id)) onSortChange(first.id, first.desc ? 'desc' : 'asc');
    },
  });

  return (
    <div className="overflow-x-auto rounded-card border border-line bg-surface">
      <table aria-busy={busy || undefined} className={cn('w-full border-collapse transition-opacity', busy && 'opacity-60')}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted/60">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <EntryRow key={row.id} entry={row.original} cells={row} onOpen={onOpen} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
