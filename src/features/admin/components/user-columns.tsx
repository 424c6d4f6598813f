import { createColumnHelper } from '@tanstack/react-table';
import type { User } from '@contract/auth';
import type { DataTableFeatures } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { RoleCell, ScopeCell, StatusCell, UserActionsCell, UsernameCell } from './user-cells';

const col = createColumnHelper<DataTableFeatures, User>();

// Module scope: stable across renders. Cells take what they need from UsersContext.
export const USER_COLUMNS = col.columns([
  col.accessor('username', {
    header: 'Username',
    enableSorting: false,
    cell: (ctx) => <UsernameCell user={ctx.row.original} />,
  }),
  col.accessor('role', {
    header: 'Role',
    enableSorting: false,
    cell: (ctx) => <RoleCell user={ctx.row.original} />,
  }),
  col.display({
    id: 'scope',
    header: 'Scope',
    meta: { cellClassName: 'min-w-72' },
    cell: (ctx) => <ScopeCell user={ctx.row.original} />,
  }),
  col.accessor('disabled', {
    header: 'Status',
    enableSorting: false,
    cell: (ctx) => <StatusCell user={ctx.row.original} />,
  }),
  col.accessor('createdAt', {
    header: 'Created',
    enableSorting: false,
    meta: { cellClassName: 'whitespace-nowrap text-fg-muted' },
    cell: (ctx) => <DateTime iso={ctx.row.original.createdAt} />,
  }),
  col.display({
    id: 'actions',
    // `relative`: the hidden text must stay inside the table's scroll box on narrow screens.
    header: () => (
      <span className="relative">
        <span className="sr-only">Actions</span>
      </span>
    ),
    meta: { align: 'end', cellClassName: 'whitespace-nowrap' },
    cell: (ctx) => <UserActionsCell user={ctx.row.original} />,
  }),
]);
