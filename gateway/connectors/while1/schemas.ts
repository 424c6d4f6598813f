import { z } from 'zod';

// Tolerant readers of While1 Voice's CallQueue Read answer (docs/vendors.md#while1-voice): the result
// item schema is undocumented, so every field is optional, numbers may be strings and ids numbers.
// `pagination` is an object on success but a PHP empty array (`[]`) on error. Unknown fields pass
// through untouched (the detail view shows them all).

const num = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number(),
);
const optNum = num.nullish().catch(null);
const str = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const optStr = str.nullish().catch(null);
const bool = z.preprocess(
  (v) =>
    v === 1 || v === '1' || v === 'true'
      ? true
      : v === 0 || v === '0' || v === 'false' || v === ''
        ? false
        : v,
  z.boolean(),
);

export const Pagination = z
  .object({
    row_count: optNum,
    page_size: optNum,
    current_page: optNum,
    max_page: optNum,
  })
  .passthrough();

export const ResultRow = z
  .object({
    id: str,
    project_id: optStr,
    campaign: optStr,
    campaign_info: optStr,
    type: optStr,
    destination: optStr,
    assign_type: optStr,
    caller_id: optStr,
    caller_id_name: optStr,
    schedule: optStr,
    external_id: optStr,
    status: optStr,
    retries: optNum,
    max_retries: optNum,
    last_error: optStr,
    last_attempt: optStr,
    completed_date: optStr,
    date_added: optStr,
    date_modified: optStr,
  })
  .passthrough();

export const Envelope = z
  .object({
    has_error: bool.catch(true),
    messages: z
      .array(z.unknown())
      .nullish()
      .catch(null)
      .transform((m) => (m ?? []).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))),
    // An object on success, `[]` (PHP's empty array) otherwise.
    pagination: z
      .union([Pagination, z.array(z.unknown())])
      .nullish()
      .catch(null),
    results: z.array(z.unknown()).nullish().catch(null),
  })
  .passthrough();

export type ResultRow = z.infer<typeof ResultRow>;
export type Pagination = z.infer<typeof Pagination>;
