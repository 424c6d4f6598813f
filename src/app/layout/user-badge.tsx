import { ROLE_LABELS, type User } from '@contract/auth';
import { ChevronDownIcon } from '@/components/ui/icons';

/** Initials, username and role: the face of the user menu's trigger. */
export function UserBadge({ user }: { user: User }) {
  return (
    <>
      <span
        aria-hidden="true"
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-accent-soft text-xs font-semibold text-accent-text"
      >
        {user.username.slice(0, 2).toUpperCase()}
      </span>
      <span className="hidden min-w-0 flex-1 flex-col md:flex">
        <span className="truncate text-sm font-medium text-fg">{user.username}</span>
        <span className="truncate text-xs text-fg-muted">{ROLE_LABELS[user.role]}</span>
      </span>
      <ChevronDownIcon className="hidden shrink-0 text-fg-muted md:block" />
    </>
  );
}

export const userTriggerClasses =
  'flex w-full min-w-0 items-center gap-3 rounded-lg px-2 py-2 text-left hover:bg-surface-muted data-[state=open]:bg-surface-muted';
