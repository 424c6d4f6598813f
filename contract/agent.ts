import { z } from 'zod';
import { IsoTime } from './common';
import { Freshness } from './source';

/** Canonical agent states; every vendor state maps onto one of these and keeps its raw value. */
export const AgentState = z.enum([
  'logged_out',
  'ready',
  'ringing',
  'on_queue_call',
  'on_other_call',
  'wrap_up',
  'not_ready',
  'break',
  'lunch',
  'offline',
  'unknown',
]);
export type AgentState = z.infer<typeof AgentState>;

export const AGENT_STATE_LABELS: Record<AgentState, string> = {
  logged_out: 'Logged out',
  ready: 'Available',
  ringing: 'Ringing',
  on_queue_call: 'On queue call',
  on_other_call: 'On other call',
  wrap_up: 'Wrap-up',
  not_ready: 'Not ready',
  break: 'Break',
  lunch: 'Lunch',
  offline: 'Offline',
  unknown: 'Unknown',
};

export const AgentCall = z.object({
  callerNumber: z.string().nullable(),
  callerName: z.string().nullable(),
  queueId: z.string().nullable(),
  startedAt: IsoTime.nullable(),
});
export type AgentCall = z.infer<typeof AgentCall>;

export const QueueMembership = z.object({
  queueId: z.string(),
  queueName: z.string(),
  loggedIn: z.boolean(),
});
export type QueueMembership = z.infer<typeof QueueMembership>;

export const Agent = z.object({
  id: z.string(),
  sourceId: z.string(),
  vendorId: z.string(),
  name: z.string(),
  extension: z.string().nullable(),
  state: AgentState,
  rawState: z.string().nullable(),
  reason: z.string().nullable(),
  /** When the gateway first saw the agent in this state (the gateway's clock, never the browser's). */
  stateSince: IsoTime.nullable(),
  queues: z.array(QueueMembership),
  currentCall: AgentCall.nullable(),
});
export type Agent = z.infer<typeof Agent>;

export const AgentsResponse = z.object({ items: z.array(Agent), freshness: z.array(Freshness) });
export type AgentsResponse = z.infer<typeof AgentsResponse>;
