import { createColumnHelper } from '@tanstack/react-table';
import { createContext, useContext } from 'react';
import type { Cdr, CdrDisposition } from '@contract/cdr';
import type { DataTableFeatures } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';
import { EMPTY_VALUE, formatDuration } from '@/lib/format';

const DISPOSITION: Record<CdrDisposition, { label: string; tone: BadgeTone }> = {
  answered: { label: 'Answered', tone: 'ok' },
  abandoned: { label: 'Abandoned', tone: 'breach' },
  other: { label: 'Other', tone: 'neutral' },
};

export const DISPOSITION_LABELS: Record<CdrDisposition, string> = {
  answered: 'Answered',
  abandoned: 'Abandoned',
  other: 'Other',
};

/** Source id → label, provided by the page so module-scope columns can name sources. */
export const SourceLabels = createContext<ReadonlyMap<string, string>>(new Map());

function SourceCell({ sourceId }: { sourceId: string }) {
  return <>{useContext(SourceLabels).get(sourceId) ?? sourceId}</>;
}

const col = createColumnHelper<DataTableFeatures, Cdr>();
const text = (v: string | null) => v || EMPTY_VALUE;

// Module scope: stable across renders. The gateway sorts newest first; columns do not re-sort a page.
export const CDR_COLUMNS = col.columns([
  col.accessor('enteredAt', {
    header: 'Entered',
    enableSorting: false,
    meta: { cellClassName: 'whitespace-nowrap tabular-nums' },
    cell: (ctx) => <DateTime iso={ctx.getValue()} withSeconds compact />,
  }),
  col.accessor((c) => c.queueName ?? c.queueId ?? '', {
    id: 'queue',
    header: 'Queue',
    enableSorting: false,
    cell: (ctx) => text(ctx.getValue()),
  }),
  col.accessor('callerNumber', {
    header: 'Caller',
    enableSorting: false,
    meta: { cellClassName: 'whitespace-nowrap tabular-nums' },
    cell: (ctx) => {
      const c = ctx.row.original;
      return (
        <>
          {text(c.callerNumber)}
          {c.callerName && c.callerName !== c.callerNumber && (
            <span className="block text-xs text-fg-muted">{c.callerName}</span>
          )}
        </>
      );
    },
  }),
  col.accessor('agentName', {
    header: 'Agent',
    enableSorting: false,
    cell: (ctx) => text(ctx.getValue()),
  }),
  col.accessor('disposition', {
    header: 'Disposition',
    enableSorting: false,
    cell: (ctx) => {
      const d = DISPOSITION[ctx.getValue()];
      const raw = ctx.row.original.rawDisposition;
      return (
        <StatusBadge tone={d.tone} title={raw ? `Vendor: ${raw}` : undefined}>
          {d.label}
        </StatusBadge>
      );
    },
  }),
  col.accessor('waitSeconds', {
    header: 'Wait',
    enableSorting: false,
    meta: { align: 'end', cellClassName: 'tabular-nums' },
    cell: (ctx) => formatDuration(ctx.getValue()),
  }),
  col.accessor('talkSeconds', {
    header: 'Talk',
    enableSorting: false,
    meta: { align: 'end', cellClassName: 'tabular-nums' },
    cell: (ctx) => formatDuration(ctx.getValue()),
  }),
  col.accessor('sourceId', {
    header: 'Source',
    enableSorting: false,
    cell: (ctx) => <SourceCell sourceId={ctx.getValue()} />,
  }),
]);
