import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  CreatedDisplayResponse,
  DisplayChangeResponse,
  DisplaysResponse,
  QueueThresholds,
  WALLBOARD_API,
  WallboardResponse,
  type CreateDisplayRequest,
} from '@contract/wallboard';
import { apiDelete, apiGet, apiPost, apiPut } from '@/lib/api-client';
import { notify } from '@/lib/notify';

export const displayKeys = {
  all: ['displays'] as const,
  list: () => [...displayKeys.all, 'list'] as const,
  queues: () => [...displayKeys.all, 'queues'] as const,
};

/** Every display (never a token); admins only. */
export const displaysQueryOptions = () =>
  queryOptions({
    queryKey: displayKeys.list(),
    queryFn: ({ signal }) => apiGet(WALLBOARD_API.displays, DisplaysResponse, { signal }),
    staleTime: 10_000,
    // "Last seen" of each TV moves slowly; a relaxed poll keeps it honest.
    refetchInterval: 30_000,
  });

/** The admin's queues with their current thresholds, read from the wallboard (not polled). */
export const thresholdQueuesQueryOptions = () =>
  queryOptions({
    queryKey: displayKeys.queues(),
    queryFn: ({ signal }) => apiGet(WALLBOARD_API.wallboard, WallboardResponse, { signal }),
    select: (board) =>
      board.queues.map((q) => ({
        id: q.id,
        name: q.name,
        sourceId: q.sourceId,
        sourceLabel: board.sources.find((s) => s.id === q.sourceId)?.label ?? q.sourceId,
        thresholds: q.thresholds,
      })),
    staleTime: 60_000,
  });

export type ThresholdQueue = ReturnType<
  NonNullable<ReturnType<typeof thresholdQueuesQueryOptions>['select']>
>[number];

export function useCreateDisplay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDisplayRequest) =>
      apiPost(WALLBOARD_API.displays, body, CreatedDisplayResponse),
    onSuccess: () => qc.invalidateQueries({ queryKey: displayKeys.list() }),
  });
}

export function useRevokeDisplay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiPost(WALLBOARD_API.displayRevoke(id), undefined, DisplayChangeResponse),
    onSuccess: (r) => notify.success(r.message),
    onError: (e) => notify.error(e.message),
    onSettled: () => qc.invalidateQueries({ queryKey: displayKeys.list() }),
  });
}

export function useDeleteDisplay() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiDelete(WALLBOARD_API.display(id), DisplayChangeResponse),
    onSuccess: (r) => notify.success(r.message),
    onError: (e) => notify.error(e.message),
    onSettled: () => qc.invalidateQueries({ queryKey: displayKeys.list() }),
  });
}

export function useSaveThresholds() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ queueId, thresholds }: { queueId: string; thresholds: QueueThresholds }) =>
      apiPut(WALLBOARD_API.queueThresholds(queueId), thresholds, QueueThresholds),
    onSuccess: () => {
      notify.success('Thresholds saved: wallboards show them on their next poll');
      return qc.invalidateQueries({ queryKey: displayKeys.queues() });
    },
  });
}
