import type { Agent } from '@contract/agent';
import { makeSource, NO_CAPABILITIES } from '@/test/fixtures';

/** An available agent of source `fono`, member of Sales (logged in) and Support (logged out). */
export function makeAgent(overrides: Partial<Agent> & { vendorId?: string } = {}): Agent {
  const sourceId = overrides.sourceId ?? 'fono';
  const vendorId = overrides.vendorId ?? '1';
  return {
    id: `${sourceId}:${vendorId}`,
    sourceId,
    vendorId,
    name: 'Ann Lee',
    extension: '1001',
    state: 'ready',
    rawState: 'idle',
    reason: null,
    stateSince: null,
    queues: [
      { queueId: `${sourceId}:q1`, queueName: 'Sales', loggedIn: true },
      { queueId: `${sourceId}:q2`, queueName: 'Support', loggedIn: false },
    ],
    currentCall: null,
    ...overrides,
  };
}

/** A FonoUC-like source: agents, queue login/logout, no state change, no pickup. */
export const fonoSource = (overrides: Parameters<typeof makeSource>[0] = { id: 'fono' }) =>
  makeSource({
    label: 'FonoUC',
    capabilities: {
      ...NO_CAPABILITIES,
      queues: true,
      agents: true,
      liveCalls: true,
      waitingCallers: true,
      agentQueueLogin: true,
    },
    ...overrides,
  });

/** A PortSIP-like source: also state change and pickup. */
export const portsipSource = (overrides: Parameters<typeof makeSource>[0] = { id: 'pbx' }) =>
  makeSource({
    kind: 'portsip',
    label: 'PortSIP',
    capabilities: {
      ...NO_CAPABILITIES,
      queues: true,
      agents: true,
      liveCalls: true,
      waitingCallers: true,
      agentQueueLogin: true,
      agentStates: ['ready', 'not_ready', 'break'],
      pickup: true,
    },
    ...overrides,
  });
