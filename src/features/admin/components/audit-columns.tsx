import { createColumnHelper } from '@tanstack/react-table';
import type { AuditOutcome, AuditRecord } from '@contract/admin';
import type { DataTableFeatures } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { StatusBadge, type BadgeTone } from '@/components/ui/status-badge';
import { EMPTY_VALUE } from '@/lib/format';

/** An audit record with its source's label resolved, as the table shows it. */
export type AuditRow = AuditRecord & { sourceLabel: string | null };

export const OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: 'Success',
  failure: 'Failed',
  denied: 'Denied',
};

const OUTCOME_TONES: Record<AuditOutcome, BadgeTone> = {
  success: 'ok',
  failure: 'breach',
  denied: 'warn',
};

/** Recorded text as a text node, or "—". */
function Text({ value }: { value: string | null | undefined }) {
  return value ? <>{value}</> : <span className="text-fg-subtle">{EMPTY_VALUE}</span>;
}

const col = createColumnHelper<DataTableFeatures, AuditRow>();

// The gateway orders the log (newest first) and pages it, so no column sorts on the client.
export const AUDIT_COLUMNS = col.columns([
  col.accessor('at', {
    header: 'Time',
    enableSorting: false,
    meta: { cellClassName: 'whitespace-nowrap tabular-nums' },
    cell: (ctx) => <DateTime iso={ctx.row.original.at} withSeconds />,
  }),
  col.accessor('username', {
    header: 'User',
    enableSorting: false,
    meta: { cellClassName: 'whitespace-nowrap' },
    cell: (ctx) => <Text value={ctx.row.original.username} />,
  }),
  col.accessor('action', {
    header: 'Action',
    enableSorting: false,
    meta: { cellClassName: 'whitespace-nowrap font-mono text-xs' },
    cell: (ctx) => ctx.row.original.action,
  }),
  col.accessor('sourceLabel', {
    header: 'Source',
    enableSorting: false,
    meta: { cellClassName: 'whitespace-nowrap text-fg-muted' },
    cell: (ctx) => <Text value={ctx.row.original.sourceLabel} />,
  }),
  col.accessor('target', {
    header: 'Target',
    enableSorting: false,
    meta: { cellClassName: 'max-w-64 break-words' },
    cell: (ctx) => <Text value={ctx.row.original.target} />,
  }),
  col.accessor('outcome', {
    header: 'Outcome',
    enableSorting: false,
    cell: (ctx) => (
      <StatusBadge tone={OUTCOME_TONES[ctx.row.original.outcome]}>{OUTCOME_LABELS[ctx.row.original.outcome]}</StatusBadge>
    ),
  }),
  col.accessor((r) => r.message ?? '', {
    id: 'message',
    header: 'Message',
    enableSorting: false,
    meta: { cellClassName: 'min-w-56 break-words text-fg-muted' },
    cell: (ctx) => {
      const r = ctx.row.original;
      return (
        <>
          <Text value={r.message} />
          {r.vendorCode && <span className="ml-1 text-xs text-fg-subtle">(vendor code {r.vendorCode})</span>}
        </>
      );
    },
  }),
]);
