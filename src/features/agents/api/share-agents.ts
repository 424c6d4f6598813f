import { replaceEqualDeep } from '@tanstack/react-query';
import type { Agent, AgentCall, AgentsResponse, QueueMembership } from '@contract/agent';

const sameCall = (a: AgentCall | null, b: AgentCall | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.callerNumber === b.callerNumber &&
    a.callerName === b.callerName &&
    a.queueId === b.queueId &&
    a.startedAt === b.startedAt);

const sameQueues = (a: readonly QueueMembership[], b: readonly QueueMembership[]) =>
  a.length === b.length &&
  a.every((m, i) => {
    const n = b[i] as QueueMembership;
    return m.queueId === n.queueId && m.queueName === n.queueName && m.loggedIn === n.loggedIn;
  });

/** Field-by-field equality of two agents (the contract's fields; nothing allocated). */
export function sameAgent(a: Agent, b: Agent): boolean {
  return (
    a.id === b.id &&
    a.sourceId === b.sourceId &&
    a.vendorId === b.vendorId &&
    a.name === b.name &&
    a.extension === b.extension &&
    a.state === b.state &&
    a.rawState === b.rawState &&
    a.reason === b.reason &&
    a.stateSince === b.stateSince &&
    sameCall(a.currentCall, b.currentCall) &&
    sameQueues(a.queues, b.queues)
  );
}

const isAgents = (v: unknown): v is AgentsResponse =>
  typeof v === 'object' && v !== null && Array.isArray((v as AgentsResponse).items);

/**
 * Structural sharing for the agents list: an unchanged agent (matched by id) stays the previous
 * object, so its memoised tile skips rendering, and an unchanged list stays the previous array.
 * TanStack Query's generic `replaceEqualDeep` walks and copies every object of a 5,000-agent
 * answer each poll; this compares fields without allocating per agent.
 */
export function shareAgents(prev: unknown, next: unknown): unknown {
  if (!isAgents(prev) || !isAgents(next)) return next;
  const items = sameOrderShared(prev.items, next.items) ?? sharedById(prev.items, next.items);
  const freshness = replaceEqualDeep(prev.freshness, next.freshness);
  if (items === prev.items && freshness === prev.freshness) return prev;
  return { ...next, items, freshness };
}

const kept = (old: Agent | undefined, a: Agent) => (old !== undefined && (old === a || sameAgent(old, a)) ? old : a);

/**
 * The usual poll: the same agents in the same order, compared position by position without a
 * lookup table (each poll's allocations are garbage the grid's updates pay for). Null when the
 * ids or their order differ.
 */
function sameOrderShared(prev: readonly Agent[], next: readonly Agent[]): readonly Agent[] | null {
  if (prev.length !== next.length) return null;
  let items: Agent[] | null = null;
  for (let i = 0; i < next.length; i++) {
    const old = prev[i] as Agent;
    const a = next[i] as Agent;
    if (old.id !== a.id) return null;
    const k = kept(old, a);
    if (k !== old) (items ??= prev.slice())[i] = k;
  }
  return items ?? prev;
}

function sharedById(prev: readonly Agent[], next: readonly Agent[]): readonly Agent[] {
  const before = new Map(prev.map((a) => [a.id, a]));
  return next.map((a) => kept(before.get(a.id), a));
}
