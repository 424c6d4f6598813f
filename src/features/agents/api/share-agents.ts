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
  const before = new Map(prev.items.map((a) => [a.id, a]));
  let unchanged = prev.items.length === next.items.length;
  const items = next.items.map((a, i) => {
    const old = before.get(a.id);
    // The decoder already hands back unchanged agents as the same objects: no comparison needed.
    const kept = old === a || (old && sameAgent(old, a)) ? old : a;
    if (kept !== prev.items[i]) unchanged = false;
    return kept;
  });
  const freshness = replaceEqualDeep(prev.freshness, next.freshness);
  if (unchanged && freshness === prev.freshness) return prev;
  return { ...next, items: unchanged ? prev.items : items, freshness };
}
