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

interface NameOrder {
  /** The name and extension each rank was computed from, by agent id. */
  keys: Map<string, string>;
  rank: Map<string, number>;
}
let nameOrder: NameOrder = { keys: new Map(), rank: new Map() };
const nameKey = (a: Agent) => `${a.name}\u0000${a.extension ?? ''}`;

/**
 * Each agent's position in name order. Collator comparisons are the costly part of a sort and
 * names hardly ever change between polls while states do, so the ranks are kept from the previous
 * call and recomputed only when an agent, a name or an extension differs.
 */
function nameRanks(agents: readonly Agent[]): Map<string, number> {
  const { keys, rank } = nameOrder;
  if (agents.every((a) => keys.get(a.id) === nameKey(a))) return rank;
  const sorted = [...agents].sort(byName);
  nameOrder = {
    keys: new Map(agents.map((a) => [a.id, nameKey(a)])),
    rank: new Map(sorted.map((a, i) => [a.id, i])),
  };
  return nameOrder.rank;
}

const stateRank = (a: Agent) => STATE_RANK.get(a.state) ?? 99;
// Longest in state first: that is who a supervisor looks for.
const FIRST_KEY: Record<Exclude<AgentSort, 'name'>, (a: Agent) => number> = { state: stateRank, time: sinceMs };

/** A sorted copy. Every order ends in name, extension and agent id, so equal agents never swap places between polls. */
export function sortAgents(agents: readonly Agent[], sort: AgentSort): Agent[] {
  const ranks = nameRanks(agents);
  const rankOf = (a: Agent) => ranks.get(a.id) ?? 0;
  if (sort === 'name') {
    // Ranks are distinct positions: place each agent in its slot instead of comparing.
    const slots: (Agent | undefined)[] = new Array(ranks.size);
    for (const a of agents) slots[rankOf(a)] = a;
    return slots.filter((a): a is Agent => a !== undefined);
  }
  const key = FIRST_KEY[sort];
  return agents
    .map((a) => ({ a, k: key(a), r: rankOf(a) }))
    .sort((x, y) => x.k - y.k || x.r - y.r)
    .map((x) => x.a);
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
