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
