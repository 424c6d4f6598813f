import { createColumnHelper, useTable, type SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { DataTable, dataTableFeatures, type DataTableFeatures } from '@/components/ui/data-table';
import { Elapsed } from '@/components/ui/elapsed';
import { EMPTY_VALUE, formatCount } from '@/lib/format';
import { useQueuePickupAction, type WaitingRow } from '../api/queue-actions';
import { callerLabel } from '../lib/caller';
import { useQueueDetailContext } from './queue-detail-context';

/** "Pick up" where the role and the source allow it and the vendor gave a handle for the call. */
function PickupCell({ caller }: { caller: WaitingRow }) {
  const { canPickup, queueName, affectedQueryKeys } = useQueueDetailContext();
  const pickup = useQueuePickupAction({ affectedQueryKeys });
  if (!canPickup || !caller.vendorSessionId) return null;
  const label = callerLabel(caller);
  const pending = pickup.isPending || !!caller.pickupPending;
  return (
    <Button
      size="xs"
      variant="secondary"
      pending={pending}
      aria-label={pending ? `Picking up ${label}` : `Pick up ${label}`}
      onClick={() =>
        pickup.mutate({
          queueId: caller.queueId,
          waitingId: caller.id,
          callerLabel: label,
          queueName,
        })
      }
    >
      {pending ? 'Picking up…' : 'Pick up'}
    </Button>
  );
}

const col = createColumnHelper<DataTableFeatures, WaitingRow>();
const since = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

// Module scope: stable across renders. The wait cell ticks on the shared clock by itself.
const COLUMNS = col.columns([
  col.accessor((w) => w.position ?? undefined, {
    id: 'position',
    header: 'Position',
    sortFn: 'basic',
    sortUndefined: 'last',
    meta: { align: 'end', cellClassName: 'w-24' },
    cell: (ctx) => <span className="tabular-nums">{formatCount(ctx.row.original.position)}</span>,
  }),
  col.accessor((w) => callerLabel(w), {
    id: 'caller',
    header: 'Caller',
    sortFn: 'text',
    // Vendor text as a text node: markup in a caller's name shows literally.
    cell: (ctx) => <span className="break-words">{ctx.getValue()}</span>,
  }),
  // Negated start: ascending = shortest wait, like every other duration column.
  col.accessor((w) => {
    const t = since(w.waitingSince);
    return Number.isNaN(t) ? undefined : -t;
  }, {
    id: 'wait',
    header: 'Waiting',
    sortFn: 'basic',
    sortUndefined: 'last',
    sortDescFirst: true,
    meta: { align: 'end', cellClassName: 'w-28' },
    cell: (ctx) =>
      ctx.row.original.waitingSince ? (
        <Elapsed since={ctx.row.original.waitingSince} />
      ) : (
        <span className="text-fg-subtle">{EMPTY_VALUE}</span>
      ),
  }),
]);

const COLUMNS_WITH_PICKUP = col.columns([
  ...COLUMNS,
  col.display({
    id: 'pickup',
    header: () => <span className="sr-only">Action</span>,
    meta: { align: 'end', cellClassName: 'w-36' },
    cell: (ctx) => <PickupCell caller={ctx.row.original} />,
  }),
]);

const rowId = (row: { id: string }) => row.id;
const LONGEST_WAIT_FIRST: SortingState = [{ id: 'wait', desc: true }];

export interface QueueWaitingTableProps {
  waiting: readonly WaitingRow[];
}

/** The queue's waiting callers, longest wait first, with "Pick up" where allowed. */
export function QueueWaitingTable({ waiting }: QueueWaitingTableProps) {
  const { canPickup } = useQueueDetailContext();
  const [sorting, setSorting] = useState<SortingState>(LONGEST_WAIT_FIRST);
  const table = useTable({
    features: dataTableFeatures,
    columns: canPickup ? COLUMNS_WITH_PICKUP : COLUMNS,
    data: waiting as WaitingRow[],
    getRowId: rowId,
    state: { sorting },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
  });
  return <DataTable table={table} caption="Waiting callers" />;
}
