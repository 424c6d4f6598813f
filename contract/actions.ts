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

/** The header that makes initiate-call and schedule-callback safe to retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

const E164 = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number, such as +14155550123');

const KeyValues = z.record(z.string().min(1).max(64), z.string().max(500)).default({});

/** Queue an outbound call (Iqra). */
export const InitiateCallRequest = z.object({
  source: z.string().min(1),
  recipientNumber: E164,
  numberId: z.string().min(1, 'choose the number to call from'),
  agentId: z.string().min(1, 'choose an agent'),
  campaignId: z.string().min(1).optional(),
  scheduledAt: z.iso.datetime({ offset: true, error: 'must be a date and time' }).optional(),
  dynamicVariables: KeyValues,
  metadata: KeyValues,
});
export type InitiateCallRequest = z.infer<typeof InitiateCallRequest>;

/** Schedule a callback (While1 call-queue save). */
export const ScheduleCallbackRequest = z.object({
  source: z.string().min(1),
  phoneNumber: E164,
  callerName: z.string().max(100).optional(),
  campaign: z.string().max(100).optional(),
  scheduledAt: z.iso.datetime({ offset: true, error: 'must be a date and time' }),
  maxRetries: z.number().int().min(0).max(10).default(3),
  externalId: z.string().max(100).optional(),
});
export type ScheduleCallbackRequest = z.infer<typeof ScheduleCallbackRequest>;

export const CallPlacedResult = ActionResult.extend({
  /** Contract ids of the queue entries the vendor created (`<source>:<vendor id>`). */
  entryIds: z.array(z.string()),
});
export type CallPlacedResult = z.infer<typeof CallPlacedResult>;
