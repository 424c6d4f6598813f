import { useTable, type SortingState, type Updater } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { LiveCall } from '@contract/call';
import {
  DataTable,
  dataTableFeatures,
  sortingFromParam,
  sortingToParam,
} from '@/components/ui/data-table';
import type { WaitingRow } from '../api/pickup-action';
import {
  CALL_COLUMNS,
  CALL_COLUMN_IDS,
  WAITING_COLUMNS,
  WAITING_COLUMNS_WITH_PICKUP,
  WAITING_COLUMN_IDS,
} from './columns';

const rowId = (row: { id: string }) => row.id;

function useUrlSorting(param: string | undefined, ids: readonly string[], fallback: SortingState, onChange: (param: string | undefined) => void) {
  const sorting = useMemo(() => {
    const parsed = sortingFromParam(param, ids);
    return parsed.length > 0 ? parsed : fallback;
  }, [param, ids, fallback]);
  const onSortingChange = (updater: Updater<SortingState>) =>
    onChange(sortingToParam(typeof updater === 'function' ? updater(sorting) : updater));
  return { sorting, onSortingChange };
}

const NO_SORT: SortingState = [];
const LONGEST_WAIT_FIRST: SortingState = [{ id: 'wait', desc: true }];

export interface ActiveCallsTableProps {
  calls: readonly LiveCall[];
  sort: string | undefined;
  onSortChange: (sort: string | undefined) => void;
}

/** Active calls, sortable by any column; the sort lives in the URL. */
export function ActiveCallsTable({ calls, sort, onSortChange }: ActiveCallsTableProps) {
  const { sorting, onSortingChange } = useUrlSorting(sort, CALL_COLUMN_IDS, NO_SORT, onSortChange);
  const table = useTable({
    features: dataTableFeatures,
    columns: CALL_COLUMNS,
    data: calls as LiveCall[],
    getRowId: rowId,
    state: { sorting },
    onSortingChange,
    enableSortingRemoval: false,
  });
  return <DataTable table={table} caption="Active calls" />;
}

export interface WaitingTableProps {
  waiting: readonly WaitingRow[];
  withPickup: boolean;
  sort: string | undefined;
  onSortChange: (sort: string | undefined) => void;
}

/** Waiting callers, longest wait first unless the URL says otherwise. */
export function WaitingTable({ waiting, withPickup, sort, onSortChange }: WaitingTableProps) {
  const { sorting, onSortingChange } = useUrlSorting(sort, WAITING_COLUMN_IDS, LONGEST_WAIT_FIRST, onSortChange);
  const table = useTable({
    features: dataTableFeatures,
    columns: withPickup ? WAITING_COLUMNS_WITH_PICKUP : WAITING_COLUMNS,
    data: waiting as WaitingRow[],
    getRowId: rowId,
    state: { sorting },
    onSortingChange,
    enableSortingRemoval: false,
  });
  return <DataTable table={table} caption="Waiting callers" />;
}
