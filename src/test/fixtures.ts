import type { Role, User } from '@contract/auth';
import type { Queue } from '@contract/queue';
import type { Capabilities, Freshness, Source } from '@contract/source';

/** A user of `role`. */
export function makeUser(role: Role = 'supervisor', username = 'sam'): User {
  return {
    id: `u-${username}`,
    username,
    role,
    disabled: false,
    scope: { sources: null, queues: null },
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

export const NO_CAPABILITIES: Capabilities = {
  queues: false,
  agents: false,
  liveCalls: false,
  waitingCallers: false,
  entries: null,
  campaigns: false,
  cdrs: false,
  agentQueueLogin: false,
  agentStates: [],
  pickup: false,
  initiateCall: false,
  scheduleCallback: false,
};

/** A source; capabilities default to queues only. */
export function makeSource(overrides: Partial<Source> & { id: string }): Source {
  return {
    kind: 'fonouc',
    label: overrides.id,
    timeZone: 'UTC',
    pollSeconds: 1,
    capabilities: { ...NO_CAPABILITIES, queues: true },
    health: {
      status: 'ok',
      lastPollAt: null,
      lastSuccessAt: null,
      lastError: null,
      latencyMs: null,
      requestsLastMinute: 0,
      budgetPerMinute: null,
    },
    ...overrides,
  };
}

/** A queue with nobody waiting unless `live` says otherwise. */
export function makeQueue(
  overrides: Partial<Omit<Queue, 'live'>> & { live?: Partial<Queue['live']> } = {},
): Queue {
  const { live, ...rest } = overrides;
  const sourceId = rest.sourceId ?? 'fono';
  const vendorId = rest.vendorId ?? '100';
  return {
    id: `${sourceId}:${vendorId}`,
    sourceId,
    vendorId,
    name: 'Sales',
    strategy: null,
    metrics: null,
    sla: { thresholdSeconds: 20, shortAbandonSeconds: 0, abandonTreatment: 'negative' },
    ...rest,
    live: {
      waiting: 0,
      oldestWaitingSince: null,
      agentsTotal: 5,
      agentsLoggedIn: 4,
      agentsAvailable: 2,
      agentsOnCall: 2,
      agentsWrapUp: 0,
      agentsNotReady: 0,
      ...live,
    },
  };
}

/** Freshness fetched `ageMs` before `now`. */
export function makeFreshness(
  sourceId: string,
  now: number,
  ageMs = 500,
  error: string | null = null,
): Freshness {
  return {
    sourceId,
    fetchedAt: new Date(now - ageMs).toISOString(),
    error,
    errorSince: error ? new Date(now - ageMs).toISOString() : null,
    stale: false,
  };
}
