import { memo, type ReactNode } from 'react';
import type { WallboardTotals } from '@contract/wallboard';
import { formatCount, formatDuration } from '@/lib/format';
import { msSince } from '@/lib/time';
import { useServerNow } from '../lib/server-clock';

function Clock({ timeZone }: { timeZone: string }) {
  const now = useServerNow(1000);
  const d = new Date(now);
  let time: string;
  let date: string;
  try {
    time = d.toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' });
    date = d.toLocaleDateString('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
  } catch {
    time = d.toLocaleTimeString('en-GB');
    date = '';
  }
  return (
    <div className="flex shrink-0 flex-col items-end">
      <time dateTime={d.toISOString()} className="wb-clock font-bold tabular-nums text-fg">
        {time}
      </time>
      <span className="wb-small text-fg-muted">
        {date} · {timeZone}
      </span>
    </div>
  );
}

function TotalLongestWait({ since, waiting }: { since: string | null; waiting: number }) {
  const now = useServerNow(1000);
  const ms = waiting > 0 ? msSince(since, now) : null;
  return <>{formatDuration(ms === null ? null : ms / 1000)}</>;
}

function Total({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col">
      <dt className="wb-small truncate font-semibold uppercase tracking-wide text-fg-muted">{label}</dt>
      <dd className="wb-num-lg font-bold tabular-nums text-fg">{children}</dd>
    </div>
  );
}

export interface WallboardHeaderProps {
  title: string;
  totals: WallboardTotals;
  timeZone: string;
}

/** The board's name, totals across its queues (each agent once) and the source's clock. */
export const WallboardHeader = memo(function WallboardHeader({ title, totals, timeZone }: WallboardHeaderProps) {
  return (
    <header className="flex items-center justify-between wb-gap">
      <h1 className="wb-title min-w-0 max-w-[22%] truncate font-bold text-fg">{title}</h1>
      <section aria-label="Totals across queues" className="min-w-0 flex-1">
        <dl className="flex flex-wrap items-end justify-center gap-x-[2.5vw] gap-y-[0.5vh]">
          <Total label="Waiting">{formatCount(totals.waiting)}</Total>
          <Total label="Longest wait">
            <TotalLongestWait since={totals.oldestWaitingSince} waiting={totals.waiting} />
          </Total>
          <Total label="Answered today">{formatCount(totals.answered)}</Total>
          <Total label="Available">{formatCount(totals.agents.available)}</Total>
          <Total label="On call">{formatCount(totals.agents.onCall)}</Total>
          <Total label="Wrap-up">{formatCount(totals.agents.wrapUp)}</Total>
          <Total label="Not ready">{formatCount(totals.agents.notReady)}</Total>
        </dl>
      </section>
      <Clock timeZone={timeZone} />
    </header>
  );
});
