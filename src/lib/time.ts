import { useCallback, useSyncExternalStore } from 'react';

/**
 * One interval per distinct period, shared by every subscriber: a wallboard with 200 ticking
 * counters runs one timer, not 200, and all of them change in the same frame. The timer stops when
 * the last subscriber leaves, so nothing keeps running after a view unmounts.
 */
interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

const clocks = new Map<number, Clock>();

function getClock(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set(), timer: undefined };
    clocks.set(intervalMs, clock);
  }
  return clock;
}

/**
 * Calls `listener` on every tick of the shared `intervalMs` clock (see useNow); returns the
 * unsubscribe. For components that write ticking text straight into the DOM.
 */
export function subscribeToClock(intervalMs: number, listener: () => void): () => void {
  return subscribe(intervalMs, listener);
}

/** The shared clock's time as of its last tick; now when it is not running. */
export function clockNow(intervalMs: number): number {
  const clock = clocks.get(intervalMs);
  return clock?.timer !== undefined ? clock.now : Date.now();
}

function subscribe(intervalMs: number, listener: () => void): () => void {
  const clock = getClock(intervalMs);
  clock.listeners.add(listener);
  if (clock.timer === undefined) {
    clock.now = Date.now();
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      for (const l of clock.listeners) l();
    }, intervalMs);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer !== undefined) {
      clearInterval(clock.timer);
      clock.timer = undefined;
      clocks.delete(intervalMs);
    }
  };
}

/** Current time in ms, re-rendering every `intervalMs` from a clock shared by all callers. */
export function useNow(intervalMs = 1000): number {
  // A stable subscribe: a new one each render would resubscribe after every commit, and a lone
  // subscriber would then recreate its clock with a new "now" and re-render forever.
  const sub = useCallback((listener: () => void) => subscribe(intervalMs, listener), [intervalMs]);
  return useSyncExternalStore(
    sub,
    () => getClock(intervalMs).now,
    () => getClock(intervalMs).now,
  );
}

/** Milliseconds since an ISO timestamp, or null when there is none or it cannot be parsed. */
export function msSince(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  // Clock skew between gateway and browser can make a fresh timestamp look like the future.
  return Math.max(0, now - t);
}
