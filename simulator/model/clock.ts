/**
 * Simulated time in Unix seconds (float). Shared by all tenants of one simulator so that an
 * advance() moves every call centre together.
 *
 * - real: sim time = start + (wall elapsed) × speed. speed 1 tracks the wall clock.
 * - manual: time stands still until advance(seconds) is called; used by tests and demos that
 *   must be reproducible.
 */
export type ClockMode = 'real' | 'manual';

export interface SimClock {
  readonly mode: ClockMode;
  readonly speed: number;
  /** Current simulated time, Unix seconds (float). */
  now(): number;
  /** Manual mode only: moves simulated time forward. */
  advance(seconds: number): void;
}

export interface ClockOptions {
  mode?: ClockMode;
  speed?: number;
  /** Simulated time at creation, Unix seconds; defaults to the wall clock. */
  startAt?: number;
  /** Injectable wall clock in ms, for tests of real mode. */
  wallNow?: () => number;
}

export function createClock(opts: ClockOptions = {}): SimClock {
  const mode = opts.mode ?? 'real';
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be > 0, got ${speed}`);
  const wallNow = opts.wallNow ?? Date.now;
  const wallStart = wallNow();
  const simStart = opts.startAt ?? wallStart / 1000;
  let manualNow = simStart;

  return {
    mode,
    speed,
    now() {
      if (mode === 'manual') return manualNow;
      return simStart + ((wallNow() - wallStart) / 1000) * speed;
    },
    advance(seconds: number) {
      if (mode !== 'manual') throw new Error('advance() needs clock "manual"');
      if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new Error(`advance needs seconds >= 0, got ${seconds}`);
      manualNow += seconds;
    },
  };
}
