import { queryOptions } from '@tanstack/react-query';
import { AgentsResponse } from '@contract/agent';
import { API } from '@contract/api';
import { apiGetLive } from '@/lib/api-client';
import { KeyedListClient, startWorker } from '@/lib/keyed-list/keyed-list-client';
import { LIVE_POLL_MS } from '@/lib/live-poll';
import { shareAgents } from './share-agents';

/** How often the Agents page asks the gateway; an unchanged snapshot costs a 304. */
export const AGENTS_POLL_MS = LIVE_POLL_MS;

export const agentKeys = {
  all: ['agents'] as const,
  /** Every agent the user may see; filters and sort are applied in the browser, so they are not in the key. */
  list: () => [...agentKeys.all, 'list'] as const,
  actions: () => [...agentKeys.all, 'action'] as const,
};

/**
 * The whole floor each second is up to a megabyte of JSON of which a fifth changes: a worker parses
 * it and hands over only the changed agents (see KeyedListClient), so the main thread keeps time
 * for rendering. One per page load, shared by every poll of the list.
 */
const agentsDecoder = new KeyedListClient(AgentsResponse, `GET ${API.agents}`, () =>
  startWorker(() => new Worker(new URL('./agents-list.worker.ts', import.meta.url), { type: 'module', name: 'agents-list' })),
);

/**
 * Every visible agent with each source's freshness, polled every second. The decoder keeps an
 * unchanged agent the same object across polls, and structural sharing (by agent id, see
 * shareAgents) keeps an unchanged list the same array, so memoised tiles skip re-rendering.
 */
export const agentsQueryOptions = () =>
  queryOptions({
    queryKey: agentKeys.list(),
    queryFn: ({ signal }) => apiGetLive(API.agents, AgentsResponse, { signal, decoder: agentsDecoder }),
    staleTime: AGENTS_POLL_MS / 2,
    refetchInterval: AGENTS_POLL_MS,
    structuralSharing: shareAgents,
  });
