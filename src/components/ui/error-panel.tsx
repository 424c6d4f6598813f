import type { ReactNode } from 'react';
import { AlertIcon } from './icons';

export interface ErrorPanelProps {
  title: string;
  /** The cause in plain words; vendor or gateway text is rendered as text, never as HTML. */
  message?: string | undefined;
  action?: ReactNode;
}

/** Shown only when there is no data at all; with data, views show it with a stale badge instead. */
export function ErrorPanel({ title, message, action }: ErrorPanelProps) {
  return (
    <div
      role="alert"
      className="flex flex-col items-center rounded-card border border-threshold-breach/40 bg-threshold-breach-soft px-6 py-10 text-center"
    >
      <AlertIcon className="mb-3 text-3xl text-threshold-breach" />
      <h2 className="text-base font-semibold text-fg">{title}</h2>
      {message && <p className="mt-1 max-w-md text-sm text-fg-muted">{message}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}
