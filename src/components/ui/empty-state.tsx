import type { ReactNode } from 'react';
import { InboxIcon } from './icons';

export interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
}

/** Says plainly that there is nothing to show, and why or what to do. */
export function EmptyState({ title, children, icon, action }: EmptyStateProps) {
  return (
    <div className="flex flex-col items-center rounded-card border border-dashed border-line-strong bg-surface px-6 py-12 text-center">
      <div className="mb-3 text-3xl text-fg-subtle">{icon ?? <InboxIcon />}</div>
      <h2 className="text-base font-semibold text-fg">{title}</h2>
      {children && <div className="mt-1 max-w-md text-sm text-fg-muted">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}
