import { z } from 'zod';

const SortParam = z.string().regex(/^-?[a-z]{1,20}$/);

/**
 * The Live calls page's URL: filters and each table's sort (`talk` ascending, `-talk`
 * descending), so a view can be shared and reloaded. A mangled parameter is dropped.
 */
export const CallsSearch = z.object({
  source: z.string().min(1).max(200).optional().catch(undefined),
  queue: z.string().min(1).max(400).optional().catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
  sort: SortParam.optional().catch(undefined),
  wsort: SortParam.optional().catch(undefined),
});
export type CallsSearch = z.infer<typeof CallsSearch>;

/** Drops empty values, so the URL carries only what differs from the default view. */
export function cleanCallsSearch(search: CallsSearch): CallsSearch {
  const out: CallsSearch = {};
  for (const key of ['source', 'queue', 'sort', 'wsort'] as const) {
    const value = search[key];
    if (value) out[key] = value;
  }
  if (search.q?.trim()) out.q = search.q;
  return out;
}
