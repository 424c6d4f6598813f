import { queryOptions } from '@tanstack/react-query';
import { API } from '@contract/api';
import { QueuesResponse } from '@contract/queue';
import { apiGet } from '@/lib/api-client';

/** How often the Queues page asks the gateway; an unchanged snapshot costs a 304. */
export const QUEUES_POLL_MS = 2000;

export const queueKeys = {
  all: ['queues'] as const,
  list: () => [...queueKeys.all, 'list'] as const,
};

/** Every queue the user may see, with each source's freshness, polled every 2 s. */
export const queuesQueryOptions = () =>
  queryOptions({
    queryKey: queueKeys.list(),
    queryFn: ({ signal }) => apiGet(API.queues, QueuesResponse, { signal }),
    staleTime: QUEUES_POLL_MS / 2,
    refetchInterval: QUEUES_POLL_MS,
  });
