import { useQuery } from '@tanstack/react-query';
import { useTable } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import type { User } from '@contract/auth';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable, dataTableFeatures } from '@/components/ui/data-table';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Spinner } from '@/components/ui/spinner';
import { formatCount } from '@/lib/format';
import { usersQueryOptions } from '../api/admin-queries';
import { useUpdateUser } from '../api/user-mutations';
import { USER_COLUMNS } from './user-columns';
import { CreateUserDialog, EditScopeDialog, ResetPasswordDialog, type ScopeChoices } from './user-dialogs';
import { UsersContext, type UsersContextValue } from './users-context';

const rowId = (u: User) => u.id;

export interface UsersPanelProps {
  currentUser: User;
  choices: ScopeChoices;
}

type Dialog = { kind: 'scope' | 'password' | 'toggle'; user: User } | { kind: 'create' } | null;

/** Every user with their role, scope and status, and the changes an admin can make to them. */
export function UsersPanel({ currentUser, choices }: UsersPanelProps) {
  const query = useQuery(usersQueryOptions());
  const update = useUpdateUser();
  const { mutate } = update;
  const pendingId = update.isPending ? (update.variables?.id ?? null) : null;
  const headingId = useId();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const users = query.data;

  const context = useMemo<UsersContextValue>(() => {
    const labels = new Map(choices.sources.map((s) => [s.id, s.label]));
    const names = new Map(choices.queues.map((q) => [q.id, q.name]));
    return {
      currentUserId: currentUser.id,
      sourceLabel: (id) => labels.get(id) ?? id,
      queueName: (id) => names.get(id) ?? id,
      pendingId,
      onRoleChange: (user, role) => mutate({ id: user.id, patch: { role } }),
      onEditScope: (user) => setDialog({ kind: 'scope', user }),
      onResetPassword: (user) => setDialog({ kind: 'password', user }),
      onToggleDisabled: (user) => setDialog({ kind: 'toggle', user }),
    };
  }, [choices, currentUser.id, mutate, pendingId]);

  const table = useTable({
    features: dataTableFeatures,
    columns: USER_COLUMNS,
    data: (users ?? []) as User[],
    getRowId: rowId,
  });

  const toggling = dialog?.kind === 'toggle' ? dialog.user : null;

  return (
    <UsersContext.Provider value={context}>
      <section aria-labelledby={headingId} className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id={headingId} className="flex items-baseline gap-2 text-base font-semibold text-fg">
            Users
            {users && (
              <span className="rounded-full bg-surface-muted px-2 py-0.5 text-xs font-semibold tabular-nums text-fg-muted">
                {formatCount(users.length)}
              </span>
            )}
          </h2>
          <Button onClick={() => setDialog({ kind: 'create' })}>Create user</Button>
        </div>

        {!users ? (
          query.isError ? (
            <ErrorPanel
              title="Users could not be loaded"
              message={query.error.message}
              action={
                <Button variant="secondary" onClick={() => void query.refetch()} pending={query.isRefetching}>
                  Try again
                </Button>
              }
            />
          ) : (
            <div className="flex justify-center py-16">
              <Spinner label="Loading users" />
            </div>
          )
        ) : (
          <DataTable table={table} caption="Users" />
        )}
      </section>

      <CreateUserDialog open={dialog?.kind === 'create'} onOpenChange={(open) => !open && close()} choices={choices} />
      <EditScopeDialog user={dialog?.kind === 'scope' ? dialog.user : null} onClose={close} choices={choices} />
      <ResetPasswordDialog user={dialog?.kind === 'password' ? dialog.user : null} onClose={close} />
      <ConfirmDialog
        open={toggling !== null}
        onOpenChange={(open) => !open && close()}
        title={toggling ? `${toggling.disabled ? 'Enable' : 'Disable'} ${toggling.username}?` : ''}
        description={
          toggling?.disabled
            ? 'They can sign in again with their current password.'
            : 'They are signed out at once, everywhere, and cannot sign in until enabled again.'
        }
        confirmLabel={toggling?.disabled ? 'Enable user' : 'Disable user'}
        variant={toggling?.disabled ? 'primary' : 'danger'}
        onConfirm={() => {
          if (toggling) mutate({ id: toggling.id, patch: { disabled: !toggling.disabled } });
        }}
      />
    </UsersContext.Provider>
  );
}
