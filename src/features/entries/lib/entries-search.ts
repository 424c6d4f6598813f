import { z } from 'zod';
import { EntryDirection, EntryStatus } from '@contract/entry';
import { EntrySort, type EntryFilter, type Source } from '@contract/source';

export const ENTRY_PAGE_SIZES = [25, 50, 100] as const;
export type EntryPageSize = (typeof ENTRY_PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: EntryPageSize = 25;

/** Numbers in a URL are parsed as numbers by the router; ids and phone numbers are text. */
const asText = (v: unknown) => (typeof v === 'number' ? String(v) : v);

const text = (max: number) =>
  z.preprocess(asText, z.string().trim().min(1).max(max).optional()).catch(undefined);

/** A calendar day from a date input, `YYYY-MM-DD`. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** Keeps the known statuses of a comma list, once each, in lifecycle order. */
export function parseStatuses(value: unknown): EntryStatus[] {
  if (typeof value !== 'string' && !Array.isArray(value)) return [];
  const parts: unknown[] = typeof value === 'string' ? value.split(',') : value;
  const wanted = new Set(parts.map((p) => String(p).trim()));
  return EntryStatus.options.filter((s) => wanted.has(s));
}

/** A status list as the URL and the gateway want it: comma-separated, or nothing. */
export function formatStatuses(statuses: readonly EntryStatus[]): string | undefined {
  return statuses.length > 0 ? statuses.join(',') : undefined;
}

/**
 * The Entries page's URL: source, direction, filters, sort, page and the open entry, so a view
 * can be shared and reloaded. A mangled parameter is dropped rather than failing the page.
 */
export const EntriesSearch = z.object({
  source: text(200),
  direction: EntryDirection.optional().catch(undefined),
  status: z.preprocess((v) => formatStatuses(parseStatuses(v)), z.string().optional()).catch(undefined),
  campaign: text(400),
  agent: text(200),
  phone: text(50),
  createdFrom: day,
  createdTo: day,
  scheduledFrom: day,
  scheduledTo: day,
  completedFrom: day,
  completedTo: day,
  sort: EntrySort.optional().catch(undefined),
  order: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).optional().catch(undefined),
  pageSize: z
    .preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.union([z.literal(25), z.literal(50), z.literal(100)]))
    .optional()
    .catch(undefined),
  /** The vendor id of the entry open in the detail drawer. */
  entry: text(400),
});
export type EntriesSearch = z.infer<typeof EntriesSearch>;

/** The filter fields of the URL, each with the source capability that must allow it. */
export const FILTER_FIELDS = {
  status: 'status',
  campaign: 'campaign',
  agent: 'agent',
  phone: 'phone',
  createdFrom: 'createdAt',
  createdTo: 'createdAt',
  scheduledFrom: 'scheduledAt',
  scheduledTo: 'scheduledAt',
  completedFrom: 'completedAt',
  completedTo: 'completedAt',
} as const satisfies Partial<Record<keyof EntriesSearch, EntryFilter>>;
export type FilterField = keyof typeof FILTER_FIELDS;
const FILTER_KEYS = Object.keys(FILTER_FIELDS) as FilterField[];

/** Drops empty values and defaults, so the URL carries only what differs from the default view. */
export function cleanEntriesSearch(search: EntriesSearch): EntriesSearch {
  const out: EntriesSearch = {};
  for (const [key, value] of Object.entries(search) as Array<[keyof EntriesSearch, unknown]>) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === DEFAULT_PAGE_SIZE) continue;
    if (key === 'order' && (value === 'desc' || !search.sort)) continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** A patch that clears every filter (source, direction, sort and page size stay). */
export function clearedFilters(): Partial<EntriesSearch> {
  return Object.fromEntries([...FILTER_KEYS, 'page', 'entry'].map((k) => [k, undefined]));
}

/** Sources that can list entries in at least one direction. */
export function entriesSources(sources: readonly Source[] | undefined): Source[] {
  return (sources ?? []).filter((s) => (s.capabilities.entries?.directions.length ?? 0) > 0);
}

export interface EntriesView {
  source: Source;
  direction: EntryDirection;
  filters: ReadonlySet<EntryFilter>;
  sorts: ReadonlySet<EntrySort>;
  /** The vendor gives a total count. */
  hasTotal: boolean;
  /** URL filters this source cannot apply: left out of the request, and said so on screen. */
  ignored: FilterField[];
  /** The URL named a source that is unknown or has no entries; the first one is shown instead. */
  sourceFallback: boolean;
}

/** What the URL asks for, resolved against what the sources can do; null when none has entries. */
export function resolveEntriesView(
  search: EntriesSearch,
  sources: readonly Source[] | undefined,
): EntriesView | null {
  const candidates = entriesSources(sources);
  const named = candidates.find((s) => s.id === search.source);
  const source = named ?? candidates[0];
  const caps = source?.capabilities.entries;
  if (!source || !caps) return null;
  const direction =
    search.direction && caps.directions.includes(search.direction)
      ? search.direction
      : (caps.directions[0] as EntryDirection);
  const filters = new Set(caps.filters);
  const ignored = FILTER_KEYS.filter((k) => search[k] !== undefined && !filters.has(FILTER_FIELDS[k]));
  return {
    source,
    direction,
    filters,
    sorts: new Set(caps.sorts),
    hasTotal: caps.total,
    ignored: [...new Set(ignored)],
    sourceFallback: search.source !== undefined && !named,
  };
}

function parseDay(value: string): [number, number, number] {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return [y, m - 1, d];
}

/** The first instant of a calendar day in the browser's zone, as ISO. */
export function dayStartIso(value: string): string {
  const [y, m, d] = parseDay(value);
  return new Date(y, m, d).toISOString();
}

/** The last millisecond of a calendar day in the browser's zone, as ISO: "to" days are inclusive. */
export function dayEndIso(value: string): string {
  const [y, m, d] = parseDay(value);
  return new Date(new Date(y, m, d + 1).getTime() - 1).toISOString();
}

export type EntriesRequest = Record<string, string | number>;

/**
 * The `/api/v1/entries` query for a view: only what the source supports is sent, dates become
 * whole local days, and `order` goes only with a `sort`.
 */
export function toEntriesRequest(search: EntriesSearch, view: EntriesView): EntriesRequest {
  const q: EntriesRequest = { source: view.source.id, direction: view.direction };
  const allowed = (k: FilterField) => view.filters.has(FILTER_FIELDS[k]);
  if (search.status && allowed('status')) q.status = search.status;
  for (const k of ['campaign', 'agent', 'phone'] as const) {
    const v = search[k];
    if (v && allowed(k)) q[k] = v;
  }
  for (const k of ['createdFrom', 'scheduledFrom', 'completedFrom'] as const) {
    const v = search[k];
    if (v && allowed(k)) q[k] = dayStartIso(v);
  }
  for (const k of ['createdTo', 'scheduledTo', 'completedTo'] as const) {
    const v = search[k];
    if (v && allowed(k)) q[k] = dayEndIso(v);
  }
  if (search.sort && view.sorts.has(search.sort)) {
    q.sort = search.sort;
    q.order = search.order ?? 'desc';
  }
  q.page = search.page ?? 1;
  q.pageSize = search.pageSize ?? DEFAULT_PAGE_SIZE;
  return q;
}

/** True when the URL holds a filter the current source applies (for "no match" vs "empty"). */
export function hasActiveFilters(search: EntriesSearch, view: EntriesView): boolean {
  return FILTER_KEYS.some((k) => search[k] !== undefined && view.filters.has(FILTER_FIELDS[k]));
}
