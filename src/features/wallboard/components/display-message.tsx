import type { ReactNode } from 'react';

export interface DisplayMessageProps {
  title: string;
  /** Announce the message (a revoked or invalid link), not a transient "Connecting…". */
  alert?: boolean;
  children?: ReactNode;
}

/**
 * A full-screen sentence in place of the board: revoked, not a valid link, not reachable yet. A TV
 * never shows a sign-in page; it says what happened, large enough to read across the room.
 */
export function DisplayMessage({ title, alert = false, children }: DisplayMessageProps) {
  return (
    <div
      data-theme="wallboard"
      className="wb-root fixed inset-0 flex flex-col items-center justify-center gap-[2vh] bg-canvas p-[5vw] text-center text-fg"
    >
      <main className="flex flex-col items-center gap-[2vh]">
        <div role={alert ? 'alert' : undefined} className="flex flex-col items-center gap-[2vh]">
          <h1 className="wb-clock font-bold">{title}</h1>
          {children && <p className="wb-title max-w-[60vw] text-fg-muted">{children}</p>}
        </div>
      </main>
    </div>
  );
}
