import { queryOptions } from '@tanstack/react-query';
import { AgentsResponse } from '@contract/agent';
import { API } from '@contract/api';
import { apiGetLive } from '@/lib/api-client';
import { agentsDecoder } from '@/lib/agents-list/agents-decoder';
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
