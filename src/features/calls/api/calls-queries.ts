import { queryOptions } from '@tanstack/react-query';
import { API } from '@contract/api';
import { CallsResponse } from '@contract/call';
import { apiGetLive } from '@/lib/api-client';
import { LIVE_POLL_MS } from '@/lib/live-poll';

/** How often the Live calls page asks the gateway; an unchanged snapshot costs a 304. */
export const CALLS_POLL_MS = LIVE_POLL_MS;

export const callKeys = {
  all: ['calls'] as const,
  /** Active calls and waiting callers of every visible source; filters apply in the browser. */
  list: () => [...callKeys.all, 'list'] as const,
  pickup: () => [...callKeys.all, 'pickup'] as const,
};

/** Active calls, waiting callers and each source's freshness, polled every second. */
export const callsQueryOptions = () =>
  queryOptions({
    queryKey: callKeys.list(),
    queryFn: ({ signal }) => apiGetLive(API.calls, CallsResponse, { signal }),
    staleTime: CALLS_POLL_MS / 2,
    refetchInterval: CALLS_POLL_MS,
  });
