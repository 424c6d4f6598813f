import {
  DEFAULT_THRESHOLDS,
  type WallboardQueue,
  type WallboardResponse,
} from '@contract/wallboard';

/** A queue of the wallboard with calm numbers; override what a test needs. */
export function makeBoardQueue(over: Partial<WallboardQueue> = {}): WallboardQueue {
  return {
    id: 'support:q1',
    sourceId: 'support',
    name: 'Support',
    waiting: 0,
    oldestWaitingSince: null,
    serviceLevel: 92,
    sla: { thresholdSeconds: 20, shortAbandonSeconds: 0, abandonTreatment: 'negative' },
    abandonRate: 2.5,
    answered: 120,
    abandoned: 3,
    agents: { loggedIn: 6, available: 2, onCall: 3, wrapUp: 1, notReady: 0 },
    thresholds: DEFAULT_THRESHOLDS,
    ...over,
  };
}

export function makeBoard(queues: WallboardQueue[], over: Partial<WallboardResponse> = {}): WallboardResponse {
  const now = new Date().toISOString();
  return {
    display: { id: 'd1', name: 'Floor TV' },
    layout: 'tiles',
    queues,
    totals: {
      waiting: queues.reduce((n, q) => n + q.waiting, 0),
      oldestWaitingSince: null,
      answered: 120,
      abandoned: 3,
      agents: { loggedIn: 6, available: 2, onCall: 3, wrapUp: 1, notReady: 0 },
    },
    sources: [{ id: 'support', label: 'Support', timeZone: 'Europe/Bucharest', pollSeconds: 2 }],
    freshness: [{ sourceId: 'support', fetchedAt: now, error: null, errorSince: null, stale: false }],
    timeZone: 'Europe/Bucharest',
    generatedAt: now,
    ...over,
  };
}
