import {
  createSortedRowModel,
  flexRender,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  type Header,
  type ReactTable,
  type Row,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { cn } from '@/lib/cn';
import { SortIcon } from './icons';
import { useElementMetrics } from './use-element-metrics';

/** Per-column presentation, read by DataTable. */
export interface DataColumnMeta {
  /** Numbers and durations align to the end, so their digits line up. */
  align?: 'start' | 'end';
  /** Extra classes on the column's `<td>`s (width, wrapping). */
  cellClassName?: string;
}

/**
 * The features every DataTable uses: client-side sorting with named comparators. Module scope, so
 * the object is stable and column helpers can be typed against it.
 */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, basic: sortFn_basic },
  columnMeta: {} as DataColumnMeta,
});
export type DataTableFeatures = typeof dataTableFeatures;

/** Sort state as a URL-friendly string: `talk` ascending, `-talk` descending. */
export function sortingToParam(sorting: SortingState): string | undefined {
  const first = sorting[0];
  if (!first) return undefined;
  return `${first.desc ? '-' : ''}${first.id}`;
}

/** Parses `sortingToParam`'s string; unknown column ids give no sorting. */
export function sortingFromParam(
  param: string | undefined,
  columnIds: readonly string[],
): SortingState {
  if (!param) return [];
  const desc = param.startsWith('-');
  const id = desc ? param.slice(1) : param;
  return columnIds.includes(id) ? [{ id, desc }] : [];
}

type AnyTable<TData extends RowData> = ReactTable<DataTableFeatures, TData, unknown>;

export interface DataTableProps<TData extends RowData> {
  table: AnyTable<TData>;
  /** Names the table for screen readers (a visually hidden caption). */
  caption: string;
  className?: string;
}

const ALIGN: Record<NonNullable<DataColumnMeta['align']>, string> = {
  start: 'text-left',
  end: 'text-right',
};

function HeaderCell<TData extends RowData>({ header }: { header: Header<DataTableFeatures, TData> }) {
  const { column } = header;
  const sorted = column.getIsSorted();
  const meta = column.columnDef.meta;
  const content = header.isPlaceholder ? null : flexRender(column.columnDef.header, header.getContext());
  return (
    <th
      scope="col"
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
      className={cn(
        'whitespace-nowrap border-b border-line px-3 py-2 align-middle text-xs font-semibold text-fg-muted',
        ALIGN[meta?.align ?? 'start'],
      )}
    >
      {column.getCanSort() ? (
        <button
          type="button"
          onClick={column.getToggleSortingHandler()}
          className={cn(
            '-mx-1 inline-flex items-center gap-1 rounded px-1 align-middle hover:text-fg',
            meta?.align === 'end' && 'flex-row-reverse',
            sorted && 'text-fg',
          )}
        >
          {content}
          <SortIcon sorted={sorted} className={cn('text-sm', !sorted && 'opacity-50')} />
        </button>
      ) : (
        content
      )}
    </th>
  );
}

interface DataRowProps<TData extends RowData> {
  row: Row<DataTableFeatures, TData>;
  /** Compared by identity: structural sharing keeps an unchanged row's data the same object. */
  original: TData;
  /** Position in the sorted rows, set only when the body is virtualised (for measuring and aria-rowindex). */
  index?: number | undefined;
  measureRef?: ((el: HTMLTableRowElement | null) => void) | undefined;
}

function DataRowImpl<TData extends RowData>({ row, index, measureRef }: DataRowProps<TData>) {
  return (
    <tr
      ref={measureRef}
      data-index={index}
      // Header row is 1, so body rows start at 2.
      aria-rowindex={index === undefined ? undefined : index + 2}
      className="border-b border-line last:border-b-0 hover:bg-surface-muted/60"
    >
      {row.getAllCells().map((cell) => {
        const meta = cell.column.columnDef.meta;
        return (
          <td
            key={cell.id}
            className={cn(
              'px-3 py-2 align-middle text-sm text-fg',
              ALIGN[meta?.align ?? 'start'],
              meta?.cellClassName,
            )}
          >
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </td>
        );
      })}
    </tr>
  );
}

// Re-renders a row only when its data object changed; ticking cells update themselves.
const DataRow = memo(
  DataRowImpl,
  (a, b) =>
    a.original === b.original &&
    a.index === b.index &&
    a.row.getAllCells().length === b.row.getAllCells().length,
) as typeof DataRowImpl;

/** From this many rows on, only the rows near the viewport are in the DOM. */
export const VIRTUALIZE_FROM = 150;
const ROW_ESTIMATE_PX = 41;

/**
 * Renders a TanStack Table (v9) built with `dataTableFeatures`: sortable headers are buttons with
 * `aria-sort` on their `<th>`, rows are memoised by data identity, and from VIRTUALIZE_FROM rows on
 * the body is virtualised against the window scroll. Column definitions belong at module scope
 * and `getRowId` should be set, so rows keep their identity across polls.
 */
export function DataTable<TData extends RowData>({ table, caption, className }: DataTableProps<TData>) {
  const rows = table.getRowModel().rows;
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const { top } = useElementMetrics(bodyRef);
  const virtual = rows.length >= VIRTUALIZE_FROM;
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 10,
    scrollMargin: top,
    enabled: virtual,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  const items = virtual ? virtualizer.getVirtualItems() : [];
  const columns = table.getAllLeafColumns().length;
  const before = items[0] ? items[0].start - virtualizer.options.scrollMargin : 0;
  const after = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]!.end - virtualizer.options.scrollMargin) : 0;

  return (
    <div className={cn('overflow-x-auto rounded-card border border-line bg-surface', className)}>
      <table className="w-full border-collapse" aria-rowcount={virtual ? rows.length + 1 : undefined}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted/60">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={virtual ? 1 : undefined}>
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody ref={bodyRef}>
          {virtual ? (
            <>
              {before > 0 && <Spacer height={before} columns={columns} />}
              {items.map((item) => {
                const row = rows[item.index]!;
                return (
                  <DataRow
                    key={row.id}
                    row={row}
                    original={row.original}
                    index={item.index}
                    measureRef={virtualizer.measureElement}
                  />
                );
              })}
              {after > 0 && <Spacer height={after} columns={columns} />}
            </>
          ) : (
            rows.map((row) => <DataRow key={row.id} row={row} original={row.original} />)
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Stands in for the rows above or below the rendered window, so the scrollbar stays true. */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr aria-hidden="true">
      <td colSpan={columns} style={{ height, padding: 0, border: 0 }} />
    </tr>
  );
}
