import { z } from 'zod';

// Tolerant readers of PortSIP PBX v22's `GET /api/cdrs` (OpenAPI 22 `listCDRs`, docs/vendors.md#portsip-cdrs):
// times are RFC 3339 UTC strings (a Unix number is taken too), numbers may come as strings, blank
// fields are explicit nulls and enums are plain strings so a value not seen yet never fails a poll.
// Rows are parsed one by one so a single odd row never costs the whole page; unknown fields pass.

const num = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number().finite(),
);
const optNum = num.nullish().catch(null);
const str = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const optStr = str.nullish().catch(null);
/** An RFC 3339 string, or a Unix time in seconds or milliseconds; read into ms by `portsipTimeMs`. */
const optTime = z.union([z.string(), z.number().finite()]).nullish().catch(null);

export const CdrRow = z
  .object({
    id: optStr,
    call_id: optStr,
    caller: optStr,
    caller_display_name: optStr,
    callee: optStr,
    callee_display_name: optStr,
    started_at: optTime,
    rang_at: optTime,
    answered_at: optTime,
    ended_at: optTime,
    direction: optStr,
    end_reason: optStr,
    reroute_reason: optStr,
    status_code: optNum,
    destination: optStr,
    /** "The total talk time for a session (in seconds)". */
    duration: optNum,
    service_number: optStr,
  })
  .passthrough();

/** One `{count, items}` page; `items` null or missing when empty. Rows are checked one by one later. */
export const CdrPage = z
  .object({
    count: optNum,
    items: z.preprocess((v) => (v == null ? [] : v), z.array(z.unknown())),
  })
  .passthrough();

export type CdrRow = z.infer<typeof CdrRow>;
