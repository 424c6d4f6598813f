import type { LiveCall, WaitingCaller } from '@contract/call';
import type { CallsSearch } from './calls-search';

type Filters = Pick<CallsSearch, 'source' | 'queue' | 'q'>;

const has = (value: string | null | undefined, needle: string) =>
  !!value && value.toLocaleLowerCase().includes(needle);

/** Active calls matching source, queue and a search over caller number, caller name and agent. */
export function filterCalls(calls: readonly LiveCall[], { source, queue, q }: Filters): LiveCall[] {
  const needle = q?.trim().toLocaleLowerCase() ?? '';
  return calls.filter(
    (c) =>
      (!source || c.sourceId === source) &&
      (!queue || c.queueId === queue) &&
      (!needle || has(c.callerNumber, needle) || has(c.callerName, needle) || has(c.agentName, needle)),
  );
}

/** Waiting callers matching source, queue and a search over caller number and name. */
export function filterWaiting<W extends WaitingCaller>(waiting: readonly W[], { source, queue, q }: Filters): W[] {
  const needle = q?.trim().toLocaleLowerCase() ?? '';
  return waiting.filter(
    (w) =>
      (!source || w.sourceId === source) &&
      (!queue || w.queueId === queue) &&
      (!needle || has(w.callerNumber, needle) || has(w.callerName, needle)),
  );
}

/** Who is calling, as text: the name, and the number when it says something more. */
export function callerLabel(c: Pick<WaitingCaller, 'callerName' | 'callerNumber'>): string {
  const { callerName, callerNumber } = c;
  if (callerName && callerNumber && callerName !== callerNumber) return `${callerName} (${callerNumber})`;
  return callerName || callerNumber || 'Unknown caller';
}

/** Milliseconds between two ISO times, or null when either is missing. */
export function msBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}
