import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { ActionResult } from '@contract/actions';
import { API } from '@contract/api';
import type { CallsResponse, WaitingCaller } from '@contract/call';
import { apiPost } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { callKeys } from './calls-queries';

/** A waiting caller as cached: `pickupPending` marks one a pickup is under way for (never sent by the gateway). */
export type WaitingRow = WaitingCaller & { pickupPending?: true };

export interface PickupVariables {
  queueId: string;
  waitingId: string;
  /** For the toast: who was picked up, from which queue. */
  callerLabel: string;
  queueName: string;
}

function patchWaiting(qc: QueryClient, update: (waiting: WaitingRow[]) => WaitingRow[]) {
  qc.setQueryData<CallsResponse>(callKeys.list(), (old) => (old ? { ...old, waiting: update(old.waiting) } : old));
}

export interface PickupOptions {
  /** Other live queries a pickup changes (queue waiting counts), refreshed afterwards. */
  affectedQueryKeys?: readonly QueryKey[];
}

/**
 * Picks up a waiting call. Optimistic in the cache: the caller shows as being picked up at once,
 * leaves the list when the gateway confirms, and returns to normal if it refuses; the outcome
 * (the vendor's words on failure) goes in a toast, then calls and queues are refetched.
 */
export function usePickupAction({ affectedQueryKeys = [] }: PickupOptions = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: callKeys.pickup(),
    mutationFn: async (v: PickupVariables) => {
      const result = await apiPost(API.pickup, { queueId: v.queueId, waitingId: v.waitingId }, ActionResult);
      if (!result.ok) throw new Error(result.message);
      return result;
    },
    onMutate: async (v) => {
      await qc.cancelQueries({ queryKey: callKeys.list() });
      patchWaiting(qc, (list) => list.map((w) => (w.id === v.waitingId ? { ...w, pickupPending: true } : w)));
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
    onSettled: () =>
      Promise.all([callKeys.all, ...affectedQueryKeys].map((queryKey) => qc.invalidateQueries({ queryKey }))),
  });
}
