import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { API } from '@contract/api';
import { CdrsPage } from '@contract/cdr';
import { apiGet } from '@/lib/api-client';
import type { CdrsRequest } from '../lib/reports-search';

export const cdrKeys = {
  all: ['cdrs'] as const,
  pages: () => [...cdrKeys.all, 'page'] as const,
  page: (request: CdrsRequest) => [...cdrKeys.pages(), request] as const,
};

/**
 * One page of call records. Records of a past range do not change and today's grow slowly: a
 * minute's staleness is fine, and the previous page stays on screen while the next one loads.
 */
export const cdrsQueryOptions = (request: CdrsRequest) =>
  queryOptions({
    queryKey: cdrKeys.page(request),
    queryFn: ({ signal }) => apiGet(API.cdrs, CdrsPage, { signal, query: { ...request } }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    refetchInterval: 60_000,
  });

/** Fetches one page outside the cache, for the export. */
export function fetchCdrsPage(request: CdrsRequest, signal: AbortSignal) {
  return apiGet(API.cdrs, CdrsPage, { signal, query: { ...request } });
}
