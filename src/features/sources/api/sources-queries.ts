import { queryOptions } from '@tanstack/react-query';
import { API } from '@contract/api';
import { SourcesResponse } from '@contract/source';
import { apiGet } from '@/lib/api-client';

export const sourceKeys = {
  all: ['sources'] as const,
  list: () => [...sourceKeys.all, 'list'] as const,
};

/** Sources with their capabilities and health; capabilities rarely change, health every minute is enough here. */
export const sourcesQueryOptions = () =>
  queryOptions({
    queryKey: sourceKeys.list(),
    queryFn: ({ signal }) => apiGet(API.sources, SourcesResponse, { signal }).then((r) => r.items),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });

/** How often the Sources page refreshes health; the gateway answers from memory, so this is cheap. */
export const SOURCES_HEALTH_POLL_MS = 5000;

/**
 * The same query as `sourcesQueryOptions` (one cache entry, so the navigation sees fresh health
 * too), polled every 5 s while the Sources page is open.
 */
export const sourcesHealthQueryOptions = () =>
  queryOptions({
    ...sourcesQueryOptions(),
    staleTime: SOURCES_HEALTH_POLL_MS / 2,
    refetchInterval: SOURCES_HEALTH_POLL_MS,
  });
