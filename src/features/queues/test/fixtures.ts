import type { Agent } from '@contract/agent';
import type { WaitingCaller } from '@contract/call';
import type { QueueMetrics } from '@contract/queue';
import { makeSource, NO_CAPABILITIES } from '@/test/fixtures';

/** The queue every fixture here belongs to (makeQueue's default id). */
export const QUEUE_ID = 'pbx:100';

/** An available agent of source `pbx`, logged into QUEUE_ID (Sales) and out of Support. */
export function makeAgent(overrides: Partial<Agent> & { vendorId?: string } = {}): Agent {
  const sourceId = overrides.sourceId ?? 'pbx';
  const vendorId = overrides.vendorId ?? '1';
  return {
    id: `${sourceId}:a${vendorId}`,
    sourceId,
    vendorId,
    name: 'Ann Lee',
    extension: '1001',
    state: 'ready',
    rawState: 'idle',
    reason: null,
    stateSince: null,
    queues: [
      { queueId: QUEUE_ID, queueName: 'Sales', loggedIn: true },
      { queueId: `${sourceId}:200`, queueName: 'Support', loggedIn: false },
    ],
    currentCall: null,
    ...overrides,
  };
}

/** A caller waiting in QUEUE_ID with a pickup handle. */
export function makeWaiting(overrides: Partial<WaitingCaller> = {}): WaitingCaller {
  return {
    id: 'pbx:w1',
    sourceId: 'pbx',
    queueId: QUEUE_ID,
    vendorSessionId: 's-1',
    callerNumber: '+14155550123',
    callerName: 'Bo Chen',
    waitingSince: null,
    position: 1,
    ...overrides,
  };
}

/** Today's metrics with every figure derivable. */
export function makeMetrics(overrides: Partial<QueueMetrics> = {}): QueueMetrics {
  return {
    offered: 120,
    answered: 100,
    abandoned: 20,
    serviceLevel: 87.5,
    abandonRate: 16.666,
    asaSeconds: 7,
    avgAbandonSeconds: 45,
    ahtSeconds: 245,
    maxQueuedSeconds: 3725,
    since: '2026-03-02T00:00:00.000Z',
    ...overrides,
  };
}

/** A PortSIP-like source: agents, waiting callers, queue login/logout and pickup. */
export const pbxSource = (overrides: Partial<Parameters<typeof makeSource>[0]> = {}) =>
  makeSource({
    id: 'pbx',
    kind: 'portsip',
    label: 'PortSIP Berlin',
    capabilities: {
      ...NO_CAPABILITIES,
      queues: true,
      agents: true,
      liveCalls: true,
      waitingCallers: true,
      agentQueueLogin: true,
      pickup: true,
    },
    ...overrides,
  });
