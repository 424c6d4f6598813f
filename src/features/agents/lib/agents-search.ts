import { z } from 'zod';
import { AgentState } from '@contract/agent';

/** "Logged in" matches every agent logged into at least one queue, whatever their state. */
export const LOGGED_IN_FILTER = 'logged_in';

export const AgentStateFilter = z.union([AgentState, z.literal(LOGGED_IN_FILTER)]);
export type AgentStateFilter = z.infer<typeof AgentStateFilter>;

export const AgentSort = z.enum(['name', 'state', 'time']);
export type AgentSort = z.infer<typeof AgentSort>;

export const AGENT_SORT_LABELS: Record<AgentSort, string> = {
  name: 'Name',
  state: 'State',
  time: 'Time in state',
};

/**
 * The Agents page's URL: filters and sort, so a view can be shared and reloaded. A mangled
 * parameter is dropped rather than failing the page.
 */
export const AgentsSearch = z.object({
  source: z.string().min(1).max(200).optional().catch(undefined),
  queue: z.string().min(1).max(400).optional().catch(undefined),
  state: AgentStateFilter.optional().catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
  sort: AgentSort.optional().catch(undefined),
});
export type AgentsSearch = z.infer<typeof AgentsSearch>;

/** Drops empty values and the default sort, so the URL carries only what differs from the default view. */
export function cleanAgentsSearch(search: AgentsSearch): AgentsSearch {
  const out: AgentsSearch = {};
  if (search.source) out.source = search.source;
  if (search.queue) out.queue = search.queue;
  if (search.state) out.state = search.state;
  if (search.q?.trim()) out.q = search.q;
  if (search.sort && search.sort !== 'name') out.sort = search.sort;
  return out;
}
