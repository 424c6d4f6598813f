import type { Freshness } from '@contract/source';
import { msSince } from './time';

export type FreshnessState = 'fresh' | 'stale' | 'pending';

export interface FreshnessStatus {
  state: FreshnessState;
  /** Age of the data in ms, or null when the source has never delivered any. */
  ageMs: number | null;
  /** Why the data is stale, as a sentence for the badge's tooltip and screen readers. */
  reason: string | null;
}

/**
 * Judges one source's freshness at `now`: stale when the gateway reports a failed poll or marks
 * it stale, or when the data is older than two poll periods (the gateway stopped answering, or our
 * own polling stopped). `pollMs` is the slower of the source's poll and the browser's.
 */
export function freshnessStatus(
  freshness: Freshness | undefined,
  now: number,
  pollMs: number,
): FreshnessStatus {
  if (!freshness) return { state: 'pending', ageMs: null, reason: null };
  const ageMs = msSince(freshness.fetchedAt, now);
  if (freshness.error) {
    return { state: 'stale', ageMs, reason: freshness.error };
  }
  if (ageMs === null) return { state: 'pending', ageMs, reason: null };
  if (freshness.stale) {
    return { state: 'stale', ageMs, reason: 'The gateway marks this data as out of date.' };
  }
  if (ageMs > 2 * pollMs) {
    return {
      state: 'stale',
      ageMs,
      reason: `No new data for ${Math.floor(ageMs / 1000)} s.`,
    };
  }
  return { state: 'fresh', ageMs, reason: null };
}
