import { z } from 'zod';

// Tolerant readers of Iqra AI's wire shapes (docs/vendors.md#iqra-ai). The documented pages
// and the open-source server disagree: `success/data` vs `Success/Data`, string vs integer enums,
// page-style vs cursor-style lists, `id` vs `queueId`. Keys are matched case-insensitively (every
// object is read through `lowerKeys`), numbers may be strings, unknown fields pass through.

/** An object with its keys lower-cased (the first spelling wins); anything else unchanged. */
export function lowerKeys(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const lk = k.toLowerCase();
    if (!(lk in out)) out[lk] = x;
  }
  return out;
}

const num = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number(),
);
const optNum = num.nullish().catch(null);
const str = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());
const optStr = str.nullish().catch(null);
const bool = z.preprocess(
  (v) =>
    v === 'true' || v === 1 || v === '1' ? true : v === 'false' || v === 0 || v === '0' ? false : v,
  z.boolean(),
);

/** `{success, data, code, message}` in any casing; also the 401 `{detail}` and 400 ProblemDetails. */
export const Envelope = z.preprocess(
  lowerKeys,
  z
    .object({
      success: bool.nullish().catch(null),
      data: z.unknown().optional(),
      code: optStr,
      message: optStr,
      detail: optStr,
      title: optStr,
      errors: z.unknown().optional(),
    })
    .passthrough(),
);

/**
 * A list answer of either flavor: docs `{items, page, pageSize, totalCount, totalPages, hasNextPage}`
 * or server `{items, nextCursor, previousCursor, hasNextPage, hasPreviousPage, pageSize, totalCount}`;
 * a bare array is read as the items.
 */
export const ListData = z.preprocess(
  (v) => (Array.isArray(v) ? { items: v } : lowerKeys(v)),
  z
    .object({
      items: z.preprocess((v) => (v == null ? [] : v), z.array(z.unknown())),
      totalcount: optNum,
      hasnextpage: bool.nullish().catch(null),
      nextcursor: optStr,
      page: optNum,
      pagesize: optNum,
    })
    .passthrough(),
);

/** One queue entry of either flavor, inbound or outbound. */
export const Entry = z.preprocess(
  lowerKeys,
  z
    .object({
      id: optStr,
      queueid: optStr,
      // A string (docs) or an integer CallQueueStatusEnum (server).
      status: z.union([z.number(), z.string()]).nullish().catch(null),
      sessionstatus: z.union([z.number(), z.string()]).nullish().catch(null),
      sessionendtype: z.union([z.number(), z.string()]).nullish().catch(null),
      campaignid: optStr,
      routeid: optStr,
      agentid: optStr,
      numberid: optStr,
      phonenumber: optStr,
      recipientnumber: optStr,
      callernumber: optStr,
      scheduledtime: optStr,
      scheduledat: optStr,
      startedat: optStr,
      processingstartedat: optStr,
      completedat: optStr,
      createdat: optStr,
      enqueuedat: optStr,
      updatedat: optStr,
      retrycount: optNum,
      lasterror: optStr,
    })
    .passthrough()
    .refine((e) => Boolean(e.id ?? e.queueid), { message: 'an entry needs an id or a queueId' }),
);

export type Envelope = z.infer<typeof Envelope>;
export type ListData = z.infer<typeof ListData>;
export type Entry = z.infer<typeof Entry>;
