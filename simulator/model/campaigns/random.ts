/**
 * Deterministic randomness for the campaign world.
 *
 * Two kinds are needed. Generation walks entries in a fixed order, so a sequential PRNG is enough.
 * Lifecycles are different: an entry's outcome must not depend on how often the lead calls
 * `tick()`, so every live decision is a pure hash of (seed, entry id, attempt, purpose) instead of
 * a draw from a shared stream whose position would depend on tick granularity.
 */

/** mulberry32: tiny, fast, good enough for synthetic data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from empty list');
      return item;
    },
    chance: (p) => next() < p,
  };
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Stateless hash of up to five integers to a uniform float in [0, 1). */
export function hashUnit(seed: number, a: number, b = 0, c = 0, d = 0): number {
  // Unrolled (no array): this runs several times per generated entry.
  let h = (seed ^ 0x9e3779b9) >>> 0;
  // Fold in both halves so millisecond timestamps above 2^32 still mix.
  h = mix(h ^ (a >>> 0));
  h = mix(h ^ Math.floor(a / 4294967296));
  h = mix(h ^ (b >>> 0));
  h = mix(h ^ Math.floor(b / 4294967296));
  h = mix(h ^ (c >>> 0));
  h = mix(h ^ Math.floor(c / 4294967296));
  h = mix(h ^ (d >>> 0));
  h = mix(h ^ Math.floor(d / 4294967296));
  return h / 4294967296;
}

function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Integer in [min, max] from a unit value. */
export function unitToInt(u: number, min: number, max: number): number {
  return min + Math.floor(u * (max - min + 1));
}
