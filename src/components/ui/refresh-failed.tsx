import { AlertIcon } from './icons';

export interface RefreshFailedProps {
  /** The failed refresh's message, in plain words. */
  message: string;
  /** What stays on screen: "data", "records", … */
  showing?: string;
}

/**
 * Said above data that is still shown after a background refresh failed: the screen keeps the last
 * good answer rather than going blank, and says so.
 */
export function RefreshFailed({ message, showing = 'data' }: RefreshFailedProps) {
  return (
    <p
      role="status"
      className="flex items-center gap-2 rounded-lg border border-threshold-warn/40 bg-threshold-warn-soft px-3 py-2 text-sm text-fg"
    >
      <AlertIcon className="shrink-0 text-threshold-warn" />
      <span>
        The last refresh failed ({message}). Showing the most recent {showing}.
      </span>
    </p>
  );
}
