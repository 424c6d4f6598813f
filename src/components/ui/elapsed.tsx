import { useLayoutEffect, useRef } from 'react';
import { cn } from '@/lib/cn';
import { formatDuration } from '@/lib/format';
import { clockNow, msSince, subscribeToClock } from '@/lib/time';

export interface ElapsedProps {
  /** ISO start; "—" when null or unparseable. */
  since: string | null | undefined;
  className?: string;
}

const TICK_MS = 1000;

function text(since: string | null | undefined): string {
  const ms = msSince(since, clockNow(TICK_MS));
  return formatDuration(ms === null ? null : ms / 1000);
}

/**
 * A duration that ticks every second from `since` on the shared clock. The tick writes the text
 * node itself instead of re-rendering: the agent grid shows 200 of these, and 200 React renders a
 * second were most of its idle-time main-thread work (bench/agent-grid.ts). React renders the
 * span and the first text; a new `since` renders again as usual.
 */
export function Elapsed({ since, className }: ElapsedProps) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const write = () => {
      const next = text(since);
      // The text node React made, changed in place: no new node, no child-list change.
      const node = el.firstChild;
      if (node?.nodeType === Node.TEXT_NODE && !node.nextSibling) {
        if (node.nodeValue !== next) node.nodeValue = next;
      } else if (el.textContent !== next) el.textContent = next;
    };
    write();
    return subscribeToClock(TICK_MS, write);
  }, [since]);
  return (
    <span ref={ref} className={cn('tabular-nums', className)}>
      {text(since)}
    </span>
  );
}
