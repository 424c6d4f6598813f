import { ROLE_LABELS, Role, type User } from '@contract/auth';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { StatusBadge } from '@/components/ui/status-badge';
import { scopeSummary } from '../lib/scope';
import { useUsersContext } from './users-context';

const ROLE_OPTIONS = Role.options.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function UsernameCell({ user }: { user: User }) {
  const { currentUserId } = useUsersContext();
  const self = user.id === currentUserId;
  return (
    // `relative` keeps the visually hidden text inside the table's scroll box on narrow screens.
    <span className="relative flex items-center gap-2 whitespace-nowrap font-medium">
      <span>
        {user.username}
        {self && (
          <>
            {' '}
            <span className="sr-only">(you)</span>
          </>
        )}
      </span>
      {self && (
        <StatusBadge tone="accent" dot={false} aria-hidden="true">
          You
        </StatusBadge>
      )}
    </span>
  );
}

/** The role as a select; your own is fixed, so an admin cannot lock themselves out. */
export function RoleCell({ user }: { user: User }) {
  const { currentUserId, pendingId, onRoleChange } = useUsersContext();
  const self = user.id === currentUserId;
  return (
    <SelectField
      label={`Role of ${user.username}`}
      hideLabel
      value={user.role}
      options={ROLE_OPTIONS}
      disabled={self || pendingId === user.id}
      title={self ? 'You cannot change your own role' : undefined}
      onValueChange={(role) => onRoleChange(user, role as Role)}
      className="relative w-48"
    />
  );
}

export function ScopeCell({ user }: { user: User }) {
  const { sourceLabel, queueName, onEditScope, pendingId } = useUsersContext();
  const summary = scopeSummary(user.scope, sourceLabel, queueName);
  return (
    <div className="flex min-w-0 items-center justify-between gap-3">
      <span className={user.scope.sources || user.scope.queues ? 'text-fg' : 'text-fg-muted'}>{summary}</span>
      <Button
        variant="ghost"
        size="xs"
        aria-label={`Edit scope of ${user.username}`}
        className="shrink-0 whitespace-nowrap"
        disabled={pendingId === user.id}
        onClick={() => onEditScope(user)}
      >
        Edit scope
      </Button>
    </div>
  );
}

export function StatusCell({ user }: { user: User }) {
  return user.disabled ? (
    <StatusBadge tone="breach">Disabled</StatusBadge>
  ) : (
    <StatusBadge tone="ok">Active</StatusBadge>
  );
}

export function UserActionsCell({ user }: { user: User }) {
  const { currentUserId, pendingId, onResetPassword, onToggleDisabled } = useUsersContext();
  const self = user.id === currentUserId;
  return (
    <div className="flex justify-end gap-2">
      <Button
        variant="secondary"
        size="xs"
        aria-label={`Reset password of ${user.username}`}
        onClick={() => onResetPassword(user)}
      >
        Reset password
      </Button>
      {!self && (
        <Button
          variant={user.disabled ? 'secondary' : 'danger'}
          size="xs"
          className="w-16"
          aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.username}`}
          pending={pendingId === user.id}
          onClick={() => onToggleDisabled(user)}
        >
          {user.disabled ? 'Enable' : 'Disable'}
        </Button>
      )}
    </div>
  );
}
