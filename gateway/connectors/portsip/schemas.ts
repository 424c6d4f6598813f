import { z } from 'zod';

// Tolerant readers of PortSIP PBX v22's wire shapes (docs/vendors.md#portsip, the OpenAPI 22
// document): numbers may come as strings, ids as numbers, blank fields as null ("Blank fields are
// explicitly included as null values"). Enums are read as plain strings so a value this gateway has
// not seen (v22.3 drops BREAK/LUNCH, the prose names TRANSFER/ON_HOLD) never fails a poll.
// Unknown fields pass through untouched.

const num = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number(),
);
const optNum = num.nullish().catch(null);
const str = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const optStr = str.nullish().catch(null);
/** A list body whose `items` may be null or missing when empty. */
const items = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v == null ? [] : v), z.array(item));

export const LoginAnswer = z
  .object({
    access_token: z.string().min(1),
    expires_in: optNum,
    token_type: optStr,
  })
  .passthrough();

/** `{"errors":[{code, message}]}`, the documented 4XX body; read loosely, it only words messages. */
export const ErrorAnswer = z
  .object({
    errors: z
      .array(z.object({ code: optStr, message: optStr }).passthrough())
      .nullish()
      .catch(null),
  })
  .passthrough();

export const CallQueueSummary = z
  .object({
    id: str,
    name: optStr,
    extension_number: optStr,
    ring_time: optNum,
    polling_strategy: optStr,
  })
  .passthrough();

export const CallQueuePage = z
  .object({
    count: optNum,
    items: items(CallQueueSummary),
  })
  .passthrough();

export const WaitingItem = z
  .object({
    session_id: str,
    extension_number: optStr,
    display_name: optStr,
    waiting_time: optNum,
  })
  .passthrough();

export const WaitingList = z.object({ items: items(WaitingItem) }).passthrough();

export const QueueAgent = z
  .object({
    extension_number: str,
    display_name: optStr,
    skill_level: optNum,
  })
  .passthrough();

export const QueueAgentList = z.object({ items: items(QueueAgent) }).passthrough();

export const AgentStatus = z
  .object({
    extension_number: optStr,
    display_name: optStr,
    skill_level: optNum,
    status: optStr,
    /** v22.5+. */
    reason: optStr,
  })
  .passthrough();

export const SessionCall = z
  .object({
    caller: optStr,
    caller_display_name: optStr,
    callee: optStr,
    trunk: optStr,
    started_at: optStr,
    talking_time: optNum,
  })
  .passthrough();

export const Session = z
  .object({
    id: str,
    calls: items(SessionCall),
  })
  .passthrough();

export const SessionList = z
  .object({
    count: optNum,
    items: items(Session),
  })
  .passthrough();

export type CallQueueSummary = z.infer<typeof CallQueueSummary>;
export type WaitingItem = z.infer<typeof WaitingItem>;
export type QueueAgent = z.infer<typeof QueueAgent>;
export type AgentStatus = z.infer<typeof AgentStatus>;
export type Session = z.infer<typeof Session>;
export type SessionCall = z.infer<typeof SessionCall>;
