import { createColumnHelper } from '@tanstack/react-table';
import type { LiveCall } from '@contract/call';
import type { DataTableFeatures } from '@/components/ui/data-table';
import { Elapsed } from '@/components/ui/elapsed';
import { formatDuration } from '@/lib/format';
import type { WaitingRow } from '../api/pickup-action';
import { msBetween } from '../lib/filter-calls';
import { CallStateBadge, PickupCell, QueueCell, SourceCell, Text } from './cells';

// Column definitions live at module scope: stable across renders, so the table never rebuilds
// its model for nothing. Cells that tick (wait, talk time) update themselves on the shared clock.

const since = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

const calls = createColumnHelper<DataTableFeatures, LiveCall>();

/** Wait of an active call: answered minus started, or still growing while unanswered. */
function callWaitMs(c: LiveCall): number | undefined {
  const done = msBetween(c.startedAt, c.answeredAt);
  if (done !== null) return done;
  const start = since(c.startedAt);
  return Number.isNaN(start) ? undefined : Date.now() - start;
}

export const CALL_COLUMNS = calls.columns([
  calls.accessor('sourceId', {
    id: 'source',
    header: 'Source',
    sortFn: 'text',
    cell: (ctx) => <SourceCell sourceId={ctx.row.original.sourceId} />,
  }),
  calls.accessor((c) => c.queueName ?? '', {
    id: 'queue',
    header: 'Queue',
    sortFn: 'text',
    cell: (ctx) => <QueueCell queueId={ctx.row.original.queueId} fallback={ctx.row.original.queueName} />,
  }),
  calls.accessor((c) => c.callerNumber ?? '', {
    id: 'number',
    header: 'Caller number',
    sortFn: 'alphanumeric',
    cell: (ctx) => <span className="tabular-nums"><Text value={ctx.row.original.callerNumber} /></span>,
  }),
  calls.accessor((c) => (c.callerName && c.callerName !== c.callerNumber ? c.callerName : ''), {
    id: 'name',
    header: 'Caller name',
    sortFn: 'text',
    cell: (ctx) => <Text value={ctx.getValue()} />,
  }),
  calls.accessor((c) => c.agentName ?? '', {
    id: 'agent',
    header: 'Agent',
    sortFn: 'text',
    cell: (ctx) => <Text value={ctx.row.original.agentName} />,
  }),
  calls.accessor('state', {
    id: 'state',
    header: 'State',
    sortFn: 'text',
    cell: (ctx) => <CallStateBadge state={ctx.row.original.state} />,
  }),
  calls.accessor(callWaitMs, {
    id: 'wait',
    header: 'Wait',
    sortFn: 'basic',
    sortUndefined: 'last',
    sortDescFirst: true,
    meta: { align: 'end' },
    cell: (ctx) => {
      const c = ctx.row.original;
      return c.answeredAt ? (
        <span className="tabular-nums">{formatDuration((msBetween(c.startedAt, c.answeredAt) ?? NaN) / 1000)}</span>
      ) : (
        <Elapsed since={c.startedAt} />
      );
    },
  }),
  // Negated answer time: ascending = shortest talk, like the wait columns.
  calls.accessor((c) => (c.answeredAt ? -since(c.answeredAt) : undefined), {
    id: 'talk',
    header: 'Talk time',
    sortFn: 'basic',
    sortUndefined: 'last',
    sortDescFirst: true,
    meta: { align: 'end' },
    cell: (ctx) => <Elapsed since={ctx.row.original.answeredAt} className="font-medium" />,
  }),
]);

export const CALL_COLUMN_IDS = ['source', 'queue', 'number', 'name', 'agent', 'state', 'wait', 'talk'] as const;

const waiting = createColumnHelper<DataTableFeatures, WaitingRow>();

const WAITING_BASE = [
  waiting.accessor('sourceId', {
    id: 'source',
    header: 'Source',
    sortFn: 'text',
    cell: (ctx) => <SourceCell sourceId={ctx.row.original.sourceId} />,
  }),
  waiting.accessor('queueId', {
    id: 'queue',
    header: 'Queue',
    sortFn: 'text',
    cell: (ctx) => <QueueCell queueId={ctx.row.original.queueId} />,
  }),
  waiting.accessor((w) => w.callerNumber ?? '', {
    id: 'number',
    header: 'Caller number',
    sortFn: 'alphanumeric',
    cell: (ctx) => <span className="tabular-nums"><Text value={ctx.row.original.callerNumber} /></span>,
  }),
  waiting.accessor((w) => (w.callerName && w.callerName !== w.callerNumber ? w.callerName : ''), {
    id: 'name',
    header: 'Caller name',
    sortFn: 'text',
    cell: (ctx) => <Text value={ctx.getValue()} />,
  }),
  // Earlier arrival = longer wait: the negated arrival time orders by wait without reading a clock.
  waiting.accessor((w) => (w.waitingSince ? -since(w.waitingSince) : undefined), {
    id: 'wait',
    header: 'Wait',
    sortFn: 'basic',
    sortUndefined: 'last',
    sortDescFirst: true,
    meta: { align: 'end' },
    cell: (ctx) => <Elapsed since={ctx.row.original.waitingSince} className="font-medium" />,
  }),
  waiting.accessor((w) => w.position ?? undefined, {
    id: 'position',
    header: 'Position',
    sortFn: 'basic',
    sortUndefined: 'last',
    meta: { align: 'end' },
    cell: (ctx) => <span className="tabular-nums"><Text value={ctx.row.original.position?.toString()} /></span>,
  }),
];

/** Waiting-caller columns without actions (viewers, sources that cannot pick up). */
export const WAITING_COLUMNS = waiting.columns(WAITING_BASE);

/** Waiting-caller columns with the "Pick up" action. */
export const WAITING_COLUMNS_WITH_PICKUP = waiting.columns([
  ...WAITING_BASE,
  waiting.display({
    id: 'actions',
    header: () => <span className="sr-only">Actions</span>,
    meta: { align: 'end' },
    cell: (ctx) => <PickupCell caller={ctx.row.original} />,
  }),
]);

export const WAITING_COLUMN_IDS = ['source', 'queue', 'number', 'name', 'wait', 'position'] as const;
