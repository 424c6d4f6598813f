import { z } from 'zod';
import { AgentState } from './agent';

export const AgentQueueAction = z.enum(['login', 'logout']);
export type AgentQueueAction = z.infer<typeof AgentQueueAction>;

export const AgentQueueRequest = z.object({
  agentId: z.string().min(1),
  queueId: z.string().min(1),
  action: AgentQueueAction,
});
export type AgentQueueRequest = z.infer<typeof AgentQueueRequest>;

export const AgentStateRequest = z.object({
  agentId: z.string().min(1),
  queueId: z.string().min(1),
  state: AgentState,
  reason: z.string().max(200).optional(),
});
export type AgentStateRequest = z.infer<typeof AgentStateRequest>;

export const PickupRequest = z.object({
  queueId: z.string().min(1),
  waitingId: z.string().min(1),
});
export type PickupRequest = z.infer<typeof PickupRequest>;

export const ActionResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  vendorCode: z.string().nullable(),
  auditId: z.number().int().nullable(),
});
export type ActionResult = z.infer<typeof ActionResult>;
