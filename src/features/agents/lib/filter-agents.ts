import type { Agent, AgentState } from '@contract/agent';
import { AGENT_STATE_ORDER, AWAY_STATES } from './agent-state-style';
import { LOGGED_IN_FILTER, type AgentSort, type AgentStateFilter, type AgentsSearch } from './agents-search';

const STATE_RANK = new Map(AGENT_STATE_ORDER.map((s, i) => [s, i]));
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Agents matching source, queue and the name/extension search; the state filter is separate (see filterByState). */
export function filterAgents(
  agents: readonly Agent[],
  { source, queue, q }: Pick<AgentsSearch, 'source' | 'queue' | 'q'>,
): Agent[] {
  const needle = q?.trim().toLocaleLowerCase() ?? '';
  return agents.filter(
    (a) =>
      (!source || a.sourceId === source) &&
      (!queue || a.queues.some((m) => m.queueId === queue)) &&
      (!needle ||
        a.name.toLocaleLowerCase().includes(needle) ||
        (a.extension ?? '').toLocaleLowerCase().includes(needle)),
  );
}

/** True when the agent matches the state filter ("logged_in" = any state but logged out or offline). */
export function matchesState(agent: Agent, state: AgentStateFilter | undefined): boolean {
  if (!state) return true;
  if (state === LOGGED_IN_FILTER) return !AWAY_STATES.has(agent.state);
  return agent.state === state;
}

function sinceMs(agent: Agent): number {
  const t = agent.stateSince ? Date.parse(agent.stateSince) : NaN;
  // Unknown start sorts last: we cannot say they have been in the state long.
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

const byName = (a: Agent, b: Agent) =>
  collator.compare(a.name, b.name) || collator.compare(a.extension ?? '', b.extension ?? '') || a.id.localeCompare(b.id);

const COMPARATORS: Record<AgentSort, (a: Agent, b: Agent) => number> = {
  name: byName,
  state: (a, b) => (STATE_RANK.get(a.state) ?? 99) - (STATE_RANK.get(b.state) ?? 99) || byName(a, b),
  // Longest in state first: that is who a supervisor looks for.
  time: (a, b) => sinceMs(a) - sinceMs(b) || byName(a, b),
};

/** A sorted copy. Every order ends in the agent id, so equal agents never swap places between polls. */
export function sortAgents(agents: readonly Agent[], sort: AgentSort): Agent[] {
  return [...agents].sort(COMPARATORS[sort]);
}

export interface StateCounts {
  total: number;
  loggedIn: number;
  byState: Partial<Record<AgentState, number>>;
}

/** Counts per state for the summary header. */
export function countStates(agents: readonly Agent[]): StateCounts {
  const byState: Partial<Record<AgentState, number>> = {};
  let loggedIn = 0;
  for (const a of agents) {
    byState[a.state] = (byState[a.state] ?? 0) + 1;
    if (!AWAY_STATES.has(a.state)) loggedIn += 1;
  }
  return { total: agents.length, loggedIn, byState };
}

export interface QueueOption {
  queueId: string;
  queueName: string;
  sourceId: string;
}

/** Every queue any agent belongs to, by name, for the queue filter and bulk actions. */
export function queuesOf(agents: readonly Agent[]): QueueOption[] {
  const seen = new Map<string, QueueOption>();
  for (const a of agents) {
    for (const m of a.queues) {
      if (!seen.has(m.queueId)) seen.set(m.queueId, { queueId: m.queueId, queueName: m.queueName, sourceId: a.sourceId });
    }
  }
  return [...seen.values()].sort((x, y) => collator.compare(x.queueName, y.queueName));
}
