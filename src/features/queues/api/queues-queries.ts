import { queryOptions } from '@tanstack/react-query';
import { AgentsResponse } from '@contract/agent';
import { API } from '@contract/api';
import { CallsResponse } from '@contract/call';
import { QueueHistoryResponse, QueuesResponse } from '@contract/queue';
import { apiGet, apiGetLive } from '@/lib/api-client';
import { agentsDecoder } from '@/lib/agents-list/agents-decoder';
import { LIVE_POLL_MS } from '@/lib/live-poll';

/** How often the Queues page asks the gateway; an unchanged snapshot costs a 304. */
export const QUEUES_POLL_MS = LIVE_POLL_MS;
/** The gateway samples queue history once a minute; asking more often only costs 304s. */
export const QUEUE_HISTORY_POLL_MS = 60_000;

export const queueKeys = {
  all: ['queues'] as const,
  list: () => [...queueKeys.all, 'list'] as const,
  /** Every visible agent, read by a queue's page for its members (filtered with `select`). */
  agents: () => [...queueKeys.all, 'agents'] as const,
  /** Every visible waiting caller, read by a queue's page for its own (filtered with `select`). */
  calls: () => [...queueKeys.all, 'calls'] as const,
  history: (queueId: string) => [...queueKeys.all, 'history', queueId] as const,
  actions: () => [...queueKeys.all, 'action'] as const,
};

/** Every queue the user may see, with each source's freshness, polled every second. */
export const queuesQueryOptions = () =>
  queryOptions({
    queryKey: queueKeys.list(),
    queryFn: ({ signal }) => apiGetLive(API.queues, QueuesResponse, { signal }),
    staleTime: QUEUES_POLL_MS / 2,
    refetchInterval: QUEUES_POLL_MS,
  });

/**
 * Every visible agent with their queue memberships, polled every second: a queue's page selects its
 * members. The shared decoder (a worker) keeps an unchanged agent the same object, so rows skip
 * re-rendering.
 */
export const queueAgentsQueryOptions = () =>
  queryOptions({
    queryKey: queueKeys.agents(),
    queryFn: ({ signal }) => apiGetLive(API.agents, AgentsResponse, { signal, decoder: agentsDecoder }),
    staleTime: QUEUES_POLL_MS / 2,
    refetchInterval: QUEUES_POLL_MS,
  });

/** Live calls and waiting callers, polled every second: a queue's page selects its waiting callers. */
export const queueCallsQueryOptions = () =>
  queryOptions({
    queryKey: queueKeys.calls(),
    queryFn: ({ signal }) => apiGetLive(API.calls, CallsResponse, { signal }),
    staleTime: QUEUES_POLL_MS / 2,
    refetchInterval: QUEUES_POLL_MS,
  });

/** Today's samples of one queue (calls waiting, service level), refreshed every minute. */
export const queueHistoryQueryOptions = (queueId: string) =>
  queryOptions({
    queryKey: queueKeys.history(queueId),
    queryFn: ({ signal }) => apiGet(API.queueHistory(queueId), QueueHistoryResponse, { signal }),
    staleTime: QUEUE_HISTORY_POLL_MS / 2,
    refetchInterval: QUEUE_HISTORY_POLL_MS,
  });
