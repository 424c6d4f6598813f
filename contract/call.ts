import { z } from 'zod';
import { IsoTime } from './common';
import { Freshness } from './source';

export const CallState = z.enum(['waiting', 'ringing', 'talking', 'hold', 'unknown']);
export type CallState = z.infer<typeof CallState>;

export const LiveCall = z.object({
  id: z.string(),
  sourceId: z.string(),
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  callerNumber: z.string().nullable(),
  callerName: z.string().nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  state: CallState,
  startedAt: IsoTime.nullable(),
  answeredAt: IsoTime.nullable(),
});
export type LiveCall = z.infer<typeof LiveCall>;

export const WaitingCaller = z.object({
  id: z.string(),
  sourceId: z.string(),
  queueId: z.string(),
  /** The vendor's handle for pickup (PortSIP session id). */
  vendorSessionId: z.string().nullable(),
  callerNumber: z.string().nullable(),
  callerName: z.string().nullable(),
  waitingSince: IsoTime.nullable(),
  position: z.number().int().nullable(),
});
export type WaitingCaller = z.infer<typeof WaitingCaller>;

export const CallsResponse = z.object({
  calls: z.array(LiveCall),
  waiting: z.array(WaitingCaller),
  freshness: z.array(Freshness),
});
export type CallsResponse = z.infer<typeof CallsResponse>;
