import type { Agent } from '@contract/agent';

/** Whether the agent is logged into this queue. */
export function isLoggedInto(agent: Agent, queueId: string): boolean {
  return agent.queues.some((m) => m.queueId === queueId && m.loggedIn);
}

/** Agents that are members of the queue (logged in or not), in the order the gateway sent them. */
export function membersOf(agents: readonly Agent[], queueId: string): Agent[] {
  return agents.filter((a) => a.queues.some((m) => m.queueId === queueId));
}
