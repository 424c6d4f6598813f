import { z } from 'zod';
import { CdrDisposition } from '@contract/cdr';

export const CDR_PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_CDR_PAGE_SIZE = 50;
/** The gateway answers at most 31 days at a time. */
export const MAX_RANGE_DAYS = 31;

const asText = (v: unknown) => (typeof v === 'number' ? String(v) : v);
const text = (max: number) =>
  z.preprocess(asText, z.string().trim().min(1).max(max).optional()).catch(undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/**
 * The Call records page's URL: the range as calendar days in the browser's zone (default today),
 * source, queue, disposition and page, so a view can be shared and reloaded.
 */
export const ReportsSearch = z.object({
  from: day,
  to: day,
  source: text(200),
  queue: text(400),
  disposition: CdrDisposition.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  pageSize: z
    .preprocess(
      (v) => (typeof v === 'string' ? Number(v) : v),
      z.union([z.literal(25), z.literal(50), z.literal(100)]),
    )
    .optional()
    .catch(undefined),
});
export type ReportsSearch = z.infer<typeof ReportsSearch>;

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as `YYYY-MM-DD` in the browser's zone. */
export function toDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function parseDay(value: string): Date {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** A calendar day `n` days after `value`. */
export function addDays(value: string, n: number): string {
  const d = parseDay(value);
  return toDay(new Date(d.getFullYear(), d.getMonth(), d.getDate() + n));
}

/** Drops empty values and defaults, so the URL carries only what differs from the default view. */
export function cleanReportsSearch(
  search: ReportsSearch,
  today = toDay(new Date()),
): ReportsSearch {
  const out: ReportsSearch = {};
  for (const [key, value] of Object.entries(search) as Array<[keyof ReportsSearch, unknown]>) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === DEFAULT_CDR_PAGE_SIZE) continue;
    if (
      (key === 'from' || key === 'to') &&
      value === today &&
      (search.from ?? today) === (search.to ?? today)
    )
      continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

export interface CdrsRequest {
  from: string;
  to: string;
  source?: string;
  queue?: string;
  disposition?: CdrDisposition;
  page: number;
  pageSize: number;
}

export interface ResolvedRange {
  from: string;
  to: string;
  /** Why the range cannot be asked for, in plain words. */
  problem: string | null;
}

/** The days of the URL, defaulting to today; `to` is inclusive. */
export function resolveRange(search: ReportsSearch, today = toDay(new Date())): ResolvedRange {
  const from = search.from ?? search.to ?? today;
  const to = search.to ?? from;
  let problem: string | null = null;
  if (to < from) problem = 'The end of the range is before its start.';
  else if (
    parseDay(addDays(to, 1)).getTime() - parseDay(from).getTime() >
    MAX_RANGE_DAYS * 86_400_000 + 3_600_000
  ) {
    problem = `Choose at most ${MAX_RANGE_DAYS} days at a time.`;
  }
  return { from, to, problem };
}

/** The `/api/v1/cdrs` query: whole local days, `to` up to the next midnight. */
export function toCdrsRequest(search: ReportsSearch, range: ResolvedRange): CdrsRequest {
  return {
    from: parseDay(range.from).toISOString(),
    to: parseDay(addDays(range.to, 1)).toISOString(),
    ...(search.source ? { source: search.source } : {}),
    ...(search.queue ? { queue: search.queue } : {}),
    ...(search.disposition ? { disposition: search.disposition } : {}),
    page: search.page ?? 1,
    pageSize: search.pageSize ?? DEFAULT_CDR_PAGE_SIZE,
  };
}
