import { z } from 'zod';

// Tolerant readers of FonoUC's queue CDR report (docs/vendors.md#fonouc-cdrs): times are floats
// or ints in seconds (sometimes milliseconds), `billing_seconds` is a string, keys may be missing.
// Rows are parsed one by one so a single odd row never costs the whole page.

const num = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number().finite(),
);
const optNum = num.nullish().catch(null);
const str = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const optStr = str.nullish().catch(null);
const optBool = z
  .preprocess(
    (v) => (v === 'true' || v === 1 ? true : v === 'false' || v === 0 ? false : v),
    z.boolean(),
  )
  .nullish()
  .catch(null);

export const AgentLeg = z
  .object({
    endpoint: optStr,
    type: optStr,
    event: optStr,
    ext: optStr,
    last_attempt: optNum,
    connected: optBool,
    queue_name: optStr,
    total_talk_time: optNum,
    first_name: optStr,
    last_name: optStr,
  })
  .passthrough();

export const CdrRow = z
  .object({
    callid: optStr,
    interaction_id: optStr,
    queue_name: optStr,
    state: optNum,
    called_time: optNum,
    hangup_time: optNum,
    timestamp: optNum,
    queue_history: z
      .array(z.object({ queue_name: optStr, ts: optNum }).passthrough())
      .nullish()
      .catch(null),
    agent_history: z.array(AgentLeg.catch({})).nullish().catch(null),
    disposition: optStr,
    caller_id_number: optStr,
    caller_id_name: optStr,
    billing_seconds: optNum,
    agent_answered_name: optStr,
    agent_answered_ext: optStr,
    // Columns of the other queue-CDR report integrators use (docs/vendors.md#fonouc-cdrs); taken when present.
    answered_time: optNum,
    wait_duration: optNum,
    talked_duration: optNum,
    abandoned: optBool,
  })
  .passthrough();

/** One Kazoo-style page: `{data, next_start_key ("" or absent on the last page), page_size}`. */
export const CdrPage = z
  .object({
    data: z.array(z.unknown()).nullish().catch(null),
    next_start_key: z
      .union([z.string(), z.number()])
      .nullish()
      .catch(null)
      .transform((v) => (v === null || v === undefined || v === '' ? null : String(v))),
    page_size: optNum,
  })
  .passthrough();

/** `config/queues`: only id and name matter here (to find a CDR's queue by its name). */
export const ConfigQueueList = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && 'id' in v ? [v] : v),
  z.array(z.object({ id: str, name: str }).passthrough().nullable().catch(null)),
);

export type CdrRow = z.infer<typeof CdrRow>;
export type AgentLeg = z.infer<typeof AgentLeg>;
