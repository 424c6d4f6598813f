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
  /** The agents each rank was computed from, by id. */
  agents: Map<string, Agent>;
  rank: Map<string, number>;
}
let nameOrder: NameOrder = { agents: new Map(), rank: new Map() };

/** Same place in name order: the same object (the decoder keeps unchanged agents), or the same name and extension. */
const sameNameKey = (before: Agent | undefined, a: Agent) =>
  before === a || (before !== undefined && before.name === a.name && before.extension === a.extension);

/**
 * Each agent's position in name order. Collator comparisons are the costly part of a sort and
 * names hardly ever change between polls while states do, so the ranks are kept from the previous
 * call and recomputed only when an agent, a name or an extension differs. The check allocates
 * nothing: at 2,000 agents a key string per agent per poll was 1–2 ms of every update.
 */
function nameRanks(agents: readonly Agent[]): Map<string, number> {
  const before = nameOrder.agents;
  if (agents.length === before.size && agents.every((a) => sameNameKey(before.get(a.id), a))) {
    // Keep the newest objects so the identity check holds on the next poll.
    for (const a of agents) before.set(a.id, a);
    return nameOrder.rank;
  }
  const sorted = [...agents].sort(byName);
  nameOrder = {
    agents: new Map(agents.map((a) => [a.id, a])),
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

const sameMemberships = (a: Agent['queues'], b: Agent['queues']) =>
  a === b ||
  (a.length === b.length && a.every((m, i) => m.queueId === b[i]?.queueId && m.queueName === b[i]?.queueName));

let lastQueues: QueueOption[] = [];
/** Each agent's memberships and source as of the last call, by id. */
let lastMemberships = new Map<string, { sourceId: string; queues: Agent['queues'] }>();

/**
 * Every queue any agent belongs to, by name, for the queue filter and bulk actions. The previous
 * array when no agent's memberships changed (the usual poll: states change, memberships do not),
 * so the memoised filter bar does not re-render; checking that is one lookup per agent, where
 * rebuilding the set walked every membership of the floor each second.
 */
export function queuesOf(agents: readonly Agent[]): QueueOption[] {
  const unchanged =
    agents.length === lastMemberships.size &&
    agents.every((a) => {
      const before = lastMemberships.get(a.id);
      if (before === undefined || before.sourceId !== a.sourceId || !sameMemberships(before.queues, a.queues)) return false;
      // The newest array, so the next poll's identity check holds for this agent.
      before.queues = a.queues;
      return true;
    });
  if (unchanged) return lastQueues;
  lastMemberships = new Map(agents.map((a) => [a.id, { sourceId: a.sourceId, queues: a.queues }]));
  const seen = new Map<string, QueueOption>();
  for (const a of agents) {
    for (const m of a.queues) {
      if (!seen.has(m.queueId)) seen.set(m.queueId, { queueId: m.queueId, queueName: m.queueName, sourceId: a.sourceId });
    }
  }
  const next = [...seen.values()].sort((x, y) => collator.compare(x.queueName, y.queueName));
  const same =
    next.length === lastQueues.length &&
    next.every((o, i) => o.queueId === lastQueues[i]?.queueId && o.queueName === lastQueues[i]?.queueName);
  if (!same) lastQueues = next;
  return lastQueues;
}
