import type { AgentState } from '@contract/agent';

/**
 * Records when the gateway first saw each agent in its current state. Vendors rarely say when a state
 * began, so "time in state" is the gateway's observation, the same for every viewer.
 */
export class StateTracker {
  private readonly seen = new Map<string, { key: string; since: number }>();

  /** Observes the agent's state at `at` and returns since when it has held it. */
  observe(agentId: string, state: AgentState, reason: string | null, at: number): number {
    const key = `${state}|${reason ?? ''}`;
    const prev = this.seen.get(agentId);
    if (prev && prev.key === key) return prev.since;
    this.seen.set(agentId, { key, since: at });
    return at;
  }

  /** Forgets agents that are no longer reported, so memory follows the floor, not its history. */
  retain(ids: Set<string>, prefix: string): void {
    for (const id of this.seen.keys()) {
      if (id.startsWith(prefix) && !ids.has(id)) this.seen.delete(id);
    }
  }
}
