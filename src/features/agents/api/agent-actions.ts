import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import {
  ActionResult,
  type AgentQueueAction,
  type AgentQueueRequest,
  type AgentStateRequest,
} from '@contract/actions';
import { AGENT_STATE_LABELS, type Agent, type AgentState, type AgentsResponse } from '@contract/agent';
import { API } from '@contract/api';
import { apiPost, isApiError } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { mapPool } from '../lib/map-pool';
import { agentKeys } from './agents-queries';

/** Requests in flight at once during a bulk action. */
export const BULK_CONCURRENCY = 3;

export const agentActionKeys = {
  queue: () => [...agentKeys.actions(), 'queue'] as const,
  bulkQueue: () => [...agentKeys.actions(), 'bulk-queue'] as const,
  state: () => [...agentKeys.actions(), 'state'] as const,
};

export interface ActionOptions {
  /** Other live queries an agent action changes (the Queues page's counts), refreshed afterwards. */
  affectedQueryKeys?: readonly QueryKey[];
}

async function post(path: string, body: AgentQueueRequest | AgentStateRequest): Promise<ActionResult> {
  const result = await apiPost(path, body, ActionResult);
  // The gateway answers failures with an error status; an ok:false body is treated the same.
  if (!result.ok) throw new Error(result.message);
  return result;
}

/** Replaces one agent in the cached list; returns the agent as it was before, for a rollback. */
function patchAgent(qc: QueryClient, agentId: string, patch: (agent: Agent) => Agent): Agent | undefined {
  let before: Agent | undefined;
  qc.setQueryData<AgentsResponse>(agentKeys.list(), (old) => {
    if (!old) return old;
    const i = old.items.findIndex((a) => a.id === agentId);
    const agent = old.items[i];
    if (!agent) return old;
    before = agent;
    const items = old.items.slice();
    items[i] = patch(agent);
    return { ...old, items };
  });
  return before;
}

function withMembership(agent: Agent, queueId: string, loggedIn: boolean): Agent {
  return {
    ...agent,
    queues: agent.queues.map((m) => (m.queueId === queueId ? { ...m, loggedIn } : m)),
  };
}

/**
 * Shows the queue login/logout at once in the cache and returns how to undo exactly that change.
 * The undo touches only this one membership, so a concurrent poll or action elsewhere survives.
 */
function optimisticMembership(qc: QueryClient, agentId: string, queueId: string, loggedIn: boolean) {
  const before = patchAgent(qc, agentId, (a) => withMembership(a, queueId, loggedIn));
  const was = before?.queues.find((m) => m.queueId === queueId)?.loggedIn;
  return () => {
    if (was !== undefined) patchAgent(qc, agentId, (a) => withMembership(a, queueId, was));
  };
}

function refresh(qc: QueryClient, affected: readonly QueryKey[] = []) {
  return Promise.all(
    [agentKeys.all, ...affected].map((queryKey) => qc.invalidateQueries({ queryKey })),
  );
}

const verb = (action: AgentQueueAction) => (action === 'login' ? 'into' : 'out of');

export interface AgentQueueVariables {
  agentId: string;
  agentName: string;
  queueId: string;
  queueName: string;
  action: AgentQueueAction;
}

/**
 * Logs one agent into or out of one queue: optimistic in the cache, rolled back on failure, the
 * outcome in a toast (the vendor's own words on failure), then agents and queues refetched.
 */
export function useAgentQueueAction({ affectedQueryKeys }: ActionOptions = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: agentActionKeys.queue(),
    mutationFn: (v: AgentQueueVariables) =>
      post(API.agentQueue, { agentId: v.agentId, queueId: v.queueId, action: v.action }),
    onMutate: async (v) => {
      await qc.cancelQueries({ queryKey: agentKeys.list() });
      return { rollback: optimisticMembership(qc, v.agentId, v.queueId, v.action === 'login') };
    },
    onError: (error, v, context) => {
      context?.rollback();
      notify.error(`Could not log ${v.agentName} ${verb(v.action)} ${v.queueName}: ${error.message}`);
    },
    onSuccess: (_result, v) => {
      notify.success(`Logged ${v.agentName} ${verb(v.action)} ${v.queueName}.`);
    },
    onSettled: () => refresh(qc, affectedQueryKeys),
  });
}

export interface BulkQueueVariables {
  agents: readonly Pick<Agent, 'id' | 'name'>[];
  queueId: string;
  queueName: string;
  action: AgentQueueAction;
}

export interface BulkOutcome {
  agent: Pick<Agent, 'id' | 'name'>;
  error: string | null;
}

function summarise(outcomes: readonly BulkOutcome[], v: BulkQueueVariables): void {
  const failed = outcomes.filter((o) => o.error !== null);
  const done = outcomes.length - failed.length;
  const agents = (n: number) => `${n} agent${n === 1 ? '' : 's'}`;
  if (failed.length === 0) {
    notify.success(`Logged ${agents(done)} ${verb(v.action)} ${v.queueName}.`);
    return;
  }
  const first = failed[0]!;
  const more = failed.length > 1 ? ` and ${failed.length - 1} more` : '';
  notify.error(
    `Logged ${done} of ${agents(outcomes.length)} ${verb(v.action)} ${v.queueName}. ` +
      `Not done for ${first.agent.name}${more}: ${first.error}`,
  );
}

/**
 * Logs several agents into or out of one queue: one request per agent, a few at a time, each
 * optimistic and rolled back on its own failure, then one summary toast.
 */
export function useBulkAgentQueueAction({ affectedQueryKeys }: ActionOptions = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: agentActionKeys.bulkQueue(),
    mutationFn: async (v: BulkQueueVariables): Promise<BulkOutcome[]> => {
      await qc.cancelQueries({ queryKey: agentKeys.list() });
      let sessionEnded: unknown = null;
      const outcomes = await mapPool(v.agents, BULK_CONCURRENCY, async (agent) => {
        if (sessionEnded) return { agent, error: 'not attempted: the session ended' };
        const rollback = optimisticMembership(qc, agent.id, v.queueId, v.action === 'login');
        try {
          await post(API.agentQueue, { agentId: agent.id, queueId: v.queueId, action: v.action });
          return { agent, error: null };
        } catch (error) {
          rollback();
          if (isApiError(error, 401)) sessionEnded = error;
          return { agent, error: error instanceof Error ? error.message : String(error) };
        }
      });
      // Let the app's 401 handling see an ended session (it sends the user to sign in).
      if (sessionEnded) throw sessionEnded;
      return outcomes;
    },
    onSuccess: summarise,
    onError: (error) => notify.error(`The bulk action stopped: ${error.message}`),
    onSettled: () => refresh(qc, affectedQueryKeys),
  });
}

export interface AgentStateVariables {
  agentId: string;
  agentName: string;
  queueId: string;
  state: AgentState;
  reason?: string | undefined;
}

/** Puts an agent into a state (where the source can): optimistic, rolled back on failure, toasted. */
export function useAgentStateAction({ affectedQueryKeys }: ActionOptions = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: agentActionKeys.state(),
    mutationFn: (v: AgentStateVariables) =>
      post(API.agentState, {
        agentId: v.agentId,
        queueId: v.queueId,
        state: v.state,
        ...(v.reason ? { reason: v.reason } : {}),
      }),
    onMutate: async (v) => {
      await qc.cancelQueries({ queryKey: agentKeys.list() });
      const before = patchAgent(qc, v.agentId, (a) => ({
        ...a,
        state: v.state,
        reason: v.reason || null,
        stateSince: new Date().toISOString(),
      }));
      return {
        rollback: () => {
          if (!before) return;
          const { state, reason, stateSince, rawState } = before;
          patchAgent(qc, v.agentId, (a) => ({ ...a, state, reason, stateSince, rawState }));
        },
      };
    },
    onError: (error, v, context) => {
      context?.rollback();
      notify.error(
        `Could not set ${v.agentName} to ${AGENT_STATE_LABELS[v.state]}: ${error.message}`,
      );
    },
    onSuccess: (_r, v) => notify.success(`${v.agentName} is now ${AGENT_STATE_LABELS[v.state]}.`),
    onSettled: () => refresh(qc, affectedQueryKeys),
  });
}
