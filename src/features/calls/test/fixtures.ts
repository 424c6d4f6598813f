import type { LiveCall, WaitingCaller } from '@contract/call';
import { makeSource, NO_CAPABILITIES } from '@/test/fixtures';

/** A source with live calls and waiting callers; `pickup` says whether it can pick up. */
export function callsSource(id: string, pickup: boolean) {
  return makeSource({
    id,
    label: pickup ? 'PortSIP' : 'FonoUC',
    capabilities: { ...NO_CAPABILITIES, queues: true, liveCalls: true, waitingCallers: true, pickup },
  });
}

/** A call answered 30 s after it started, talking since. */
export function makeCall(overrides: Partial<LiveCall> & { vendorId?: string } = {}, now = Date.now()): LiveCall {
  const { vendorId = 'c1', ...rest } = overrides;
  return {
    id: `fono:${vendorId}`,
    sourceId: 'fono',
    queueId: 'fono:q1',
    queueName: 'Sales',
    callerNumber: '+14155550100',
    callerName: 'Dana Scully',
    agentId: 'fono:1',
    agentName: 'Ann Lee',
    state: 'talking',
    startedAt: new Date(now - 150_000).toISOString(),
    answeredAt: new Date(now - 120_000).toISOString(),
    ...rest,
  };
}

/** A caller waiting 45 s in Sales, first in line. */
export function makeWaiting(overrides: Partial<WaitingCaller> & { vendorId?: string } = {}, now = Date.now()): WaitingCaller {
  const { vendorId = 'w1', ...rest } = overrides;
  return {
    id: `fono:${vendorId}`,
    sourceId: 'fono',
    queueId: 'fono:q1',
    vendorSessionId: `session-${vendorId}`,
    callerNumber: '+442079460000',
    callerName: null,
    waitingSince: new Date(now - 45_000).toISOString(),
    position: 1,
    ...rest,
  };
}
