import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { API } from '@contract/api';
import { EntriesPage, QueueEntryDetail } from '@contract/entry';
import { apiGet } from '@/lib/api-client';
import type { EntriesRequest } from '../lib/entries-search';

/**
 * Entries change as campaigns run, but a list that reshuffles under the reader is worse than one
 * that is 30 s old: refresh on focus and every 30 s, never faster.
 */
export const ENTRIES_STALE_MS = 15_000;
export const ENTRIES_POLL_MS = 30_000;

export const entryKeys = {
  all: ['entries'] as const,
  lists: () => [...entryKeys.all, 'list'] as const,
  list: (request: EntriesRequest) => [...entryKeys.lists(), request] as const,
  detail: (sourceId: string, vendorId: string) =>
    [...entryKeys.all, 'detail', sourceId, vendorId] as const,
};

/**
 * One page of entries for a view. The previous page stays on screen while the next one loads
 * (`placeholderData`), so paging, sorting and filtering never flash an empty table.
 */
export const entriesQueryOptions = (request: EntriesRequest) =>
  queryOptions({
    queryKey: entryKeys.list(request),
    queryFn: ({ signal }) => apiGet(API.entries, EntriesPage, { signal, query: request }),
    placeholderData: keepPreviousData,
    staleTime: ENTRIES_STALE_MS,
    refetchInterval: ENTRIES_POLL_MS,
  });

/** One entry with its raw vendor fields and attempts, for the detail drawer. */
export const entryDetailQueryOptions = (sourceId: string, vendorId: string) =>
  queryOptions({
    queryKey: entryKeys.detail(sourceId, vendorId),
    queryFn: ({ signal }) => apiGet(API.entry(sourceId, vendorId), QueueEntryDetail, { signal }),
    staleTime: ENTRIES_STALE_MS,
  });
