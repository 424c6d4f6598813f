import type { Freshness } from '@contract/source';
import type { WallboardSource } from '@contract/wallboard';
import { freshnessStatus, type FreshnessStatus } from '@/lib/freshness';

/**
 * One source's freshness on the wallboard, judged on the gateway's clock: stale when the gateway
 * reports a failed poll, when the data is older than two polls, or when our own last poll failed.
 */
export function sourceStatus(
  freshness: Freshness | undefined,
  source: WallboardSource | undefined,
  serverNow: number,
  clientPollMs: number,
  clientFailing: boolean,
): FreshnessStatus {
  const pollMs = Math.max(clientPollMs, (source?.pollSeconds ?? 0) * 1000);
  const status = freshnessStatus(freshness, serverNow, pollMs);
  if (clientFailing) {
    return { ...status, state: 'stale', reason: 'The wallboard cannot reach the Queuedeck gateway.' };
  }
  return status;
}
