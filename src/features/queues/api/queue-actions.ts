import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { ActionResult, type AgentQueueAction } from '@contract/actions';
import type { Agent, AgentsResponse } from '@contract/agent';
import { API } from '@contract/api';
import type { CallsResponse, WaitingCaller } from '@contract/call';
import { apiPost } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { queueKeys } from './queues-queries';

export const queueActionKeys = {
  agentQueue: () => [...queueKeys.actions(), 'agent-queue'] as const,
  pickup: () => [...queueKeys.actions(), 'pickup'] as const,
};

export interface QueueActionOptions {
  /** Other features' live queries an action changes (the agent grid, live calls), refreshed afterwards. */
  affectedQueryKeys?: readonly QueryKey[] | undefined;
}

async function post(path: string, body: unknown): Promise<ActionResult> {
  const result = await apiPost(path, body, ActionResult);
  // The gateway answers failures with an error status; an ok:false body is treated the same.
  if (!result.ok) throw new Error(result.message);
  return result;
}

/** Refetches this feature's live data (queue counts, members, waiting callers) and `affected`. */
function refresh(qc: QueryClient, affected: readonly QueryKey[] = []) {
  return Promise.all(
    [queueKeys.all, ...affected].map((queryKey) => qc.invalidateQueries({ queryKey })),
  );
}

/** Sets one agent's membership of one queue in the cache; returns what it was, for a rollback. */
function setMembership(
  qc: QueryClient,
  agentId: string,
  queueId: string,
  loggedIn: boolean,
): boolean | undefined {
  let was: boolean | undefined;
  qc.setQueryData<AgentsResponse>(queueKeys.agents(), (old) => {
    if (!old) return old;
    const i = old.items.findIndex((a) => a.id === agentId);
    const agent = old.items[i];
    const membership = agent?.queues.find((m) => m.queueId === queueId);
    if (!agent || !membership) return old;
    was = membership.loggedIn;
    const next: Agent = {
      ...agent,
      queues: agent.queues.map((m) => (m.queueId === queueId ? { ...m, loggedIn } : m)),
    };
    const items = old.items.slice();
    items[i] = next;
    return { ...old, items };
  });
  return was;
}

const verb = (action: AgentQueueAction) => (action === 'login' ? 'into' : 'out of');

export interface QueueAgentVariables {
  agentId: string;
  agentName: string;
  queueId: string;
  queueName: string;
  action: AgentQueueAction;
}

/**
 * Logs one agent into or out of this queue: shown at once in the cache, rolled back (that one
 * membership only, so a concurrent poll survives) on failure, the outcome in a toast with the
 * vendor's own words, then queues, members and `affectedQueryKeys` refetched.
 */
export function useQueueAgentAction({ affectedQueryKeys }: QueueActionOptions = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: queueActionKeys.agentQueue(),
    mutationFn: (v: QueueAgentVariables) =>
      post(API.agentQueue, { agentId: v.agentId, queueId: v.queueId, action: v.action }),
    onMutate: async (v) => {
      await qc.cancelQueries({ queryKey: queueKeys.agents() });
      const was = setMembership(qc, v.agentId, v.queueId, v.action === 'login');
      return { was };
    },
    onError: (error, v, context) => {
      if (context?.was !== undefined) setMembership(qc, v.agentId, v.queueId, context.was);
      notify.error(`Could not log ${v.agentName} ${verb(v.action)} ${v.queueName}: ${error.message}`);
    },
    onSuccess: (_result, v) => {
      notify.success(`Logged ${v.agentName} ${verb(v.action)} ${v.queueName}.`);
    },
    onSettled: () => refresh(qc, affectedQueryKeys),
  });
}

/** A waiting caller as cached: `pickupPending` marks one a pickup is under way for (never sent by the gateway). */
export type WaitingRow = WaitingCaller & { pickupPending?: true };

function patchWaiting(qc: QueryClient, update: (waiting: WaitingRow[]) => WaitingRow[]) {
  qc.setQueryData<CallsResponse>(queueKeys.calls(), (old) =>
    old ? { ...old, waiting: update(old.waiting) } : old,
  );
}

export interface PickupVariables {
  queueId: string;
  waitingId: string;
  /** For the toast: who was picked up, from which queue. */
  callerLabel: string;
  queueName: string;
}

/**
 * Picks up a waiting caller of this queue: marked as being picked up at once, gone from the list
 * when the gateway confirms, back to normal if it refuses; the outcome (the vendor's words on
 * failure) goes in a toast, then the queue's live data and `affectedQueryKeys` are refetched.
 */
export function useQueuePickupAction({ affectedQueryKeys }: QueueActionOptions = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: queueActionKeys.pickup(),
    mutationFn: (v: PickupVariables) =>
      post(API.pickup, { queueId: v.queueId, waitingId: v.waitingId }),
    onMutate: async (v) => {
      await qc.cancelQueries({ queryKey: queueKeys.calls() });
      patchWaiting(qc, (list) =>
        list.map((w) => (w.id === v.waitingId ? { ...w, pickupPending: true } : w)),
      );
    },
    onError: (error, v) => {
      patchWaiting(qc, (list) =>
        list.map((w) => {
          if (w.id !== v.waitingId || !w.pickupPending) return w;
          const { pickupPending: _dropped, ...rest } = w;
          return rest;
        }),
      );
      notify.error(`Could not pick up ${v.callerLabel} in ${v.queueName}: ${error.message}`);
    },
    onSuccess: (_r, v) => {
      patchWaiting(qc, (list) => list.filter((w) => w.id !== v.waitingId));
      notify.success(`Picked up ${v.callerLabel} in ${v.queueName}.`);
    },
    onSettled: () => refresh(qc, affectedQueryKeys),
  });
}
