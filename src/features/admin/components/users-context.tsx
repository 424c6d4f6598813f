import { createContext, useContext } from 'react';
import type { Role, User } from '@contract/auth';

/** What the users table's cells need from the page; cells read it so rows can stay memoised. */
export interface UsersContextValue {
  currentUserId: string;
  sourceLabel: (id: string) => string;
  queueName: (id: string) => string;
  /** The user whose change is being saved, if any. */
  pendingId: string | null;
  onRoleChange: (user: User, role: Role) => void;
  onEditScope: (user: User) => void;
  onResetPassword: (user: User) => void;
  onToggleDisabled: (user: User) => void;
}

export const UsersContext = createContext<UsersContextValue | null>(null);

export function useUsersContext(): UsersContextValue {
  const value = useContext(UsersContext);
  if (!value) throw new Error('useUsersContext outside UsersContext');
  return value;
}
