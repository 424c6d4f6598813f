import { z } from 'zod';

// Tolerant readers of FonoUC's wire shapes (docs/vendors.md#fonouc): numbers may come as strings,
// ids as numbers, optional parts as null or missing. Unknown fields pass through untouched.

const num = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number(),
);
const optNum = num.nullish().catch(null);
const str = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const optStr = str.nullish().catch(null);
const bool = z.preprocess(
  (v) => (v === 'true' || v === 1 ? true : v === 'false' || v === 0 ? false : v),
  z.boolean(),
);

export const LoginAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().nullish(),
});

const Party = z.object({ name: optStr, number: optStr, duration: optNum }).passthrough();

export const Conference = z
  .object({
    id: optStr,
    answered: bool.nullish(),
    duration: optNum,
    agent: z.object({ duration: optNum }).passthrough().nullish(),
    caller: Party.nullish(),
  })
  .passthrough();

export const StatusAgent = z
  .object({
    id: str,
    name: optStr,
    extension: optStr,
    logged_in: bool.nullish(),
    status: optStr,
    registered: bool.nullish(),
    conference: Conference.nullish(),
  })
  .passthrough();

export const QueueStatus = z
  .object({
    id: str,
    name: str,
    strategy: optStr,
    max_time_caller_in_queue: optNum,
    agents: z.array(StatusAgent).nullish(),
    total_agents: optNum,
    logged_in_agents: optNum,
    logged_out_agents: optNum,
  })
  .passthrough();

/** The seed shows one object where a list is meant: accept both (docs/vendors.md#fonouc-live-data). */
export const QueueStatusList = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && 'id' in v ? [v] : v),
  z.array(QueueStatus),
);

export const QueueCall = z
  .object({
    id: optStr,
    name: optStr,
    answered: bool.nullish(),
    duration: optNum,
    agent: z
      .object({ id: optStr, agent_name: optStr, ext: optStr, duration: optNum })
      .passthrough()
      .nullish(),
    caller: Party.nullish(),
  })
  .passthrough();

export const QueueCallList = z.array(QueueCall);

export type QueueStatus = z.infer<typeof QueueStatus>;
export type StatusAgent = z.infer<typeof StatusAgent>;
export type QueueCall = z.infer<typeof QueueCall>;
