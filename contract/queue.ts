import { z } from 'zod';
import { IsoTime } from './common';
import { Freshness } from './source';

export const AbandonTreatment = z.enum(['ignore', 'negative', 'positive']);
export type AbandonTreatment = z.infer<typeof AbandonTreatment>;

/** Per-queue settings of the service-level computation (docs/metrics.md#per-queue-settings). */
export const SlaSettings = z.object({
  thresholdSeconds: z.number().int().min(1).max(3600),
  shortAbandonSeconds: z.number().int().min(0).max(600),
  abandonTreatment: AbandonTreatment,
});
export type SlaSettings = z.infer<typeof SlaSettings>;

export const DEFAULT_SLA: SlaSettings = {
  thresholdSeconds: 20,
  shortAbandonSeconds: 0,
  abandonTreatment: 'negative',
};

/** Counts of what is happening now in a queue. */
export const QueueLive = z.object({
  waiting: z.number().int().min(0),
  /** When the oldest caller still waiting entered the queue, so the UI can tick the longest wait. */
  oldestWaitingSince: IsoTime.nullable(),
  agentsTotal: z.number().int().min(0),
  agentsLoggedIn: z.number().int().min(0),
  agentsAvailable: z.number().int().min(0),
  agentsOnCall: z.number().int().min(0),
  agentsWrapUp: z.number().int().min(0),
  agentsNotReady: z.number().int().min(0),
});
export type QueueLive = z.infer<typeof QueueLive>;

/** Today's metrics since midnight in the source's time zone; `null` means not derivable, never zero. */
export const QueueMetrics = z.object({
  offered: z.number().int().nullable(),
  answered: z.number().int().nullable(),
  abandoned: z.number().int().nullable(),
  serviceLevel: z.number().nullable(),
  abandonRate: z.number().nullable(),
  asaSeconds: z.number().nullable(),
  avgAbandonSeconds: z.number().nullable(),
  ahtSeconds: z.number().nullable(),
  maxQueuedSeconds: z.number().nullable(),
  since: IsoTime,
});
export type QueueMetrics = z.infer<typeof QueueMetrics>;

export const Queue = z.object({
  id: z.string(),
  sourceId: z.string(),
  vendorId: z.string(),
  name: z.string(),
  strategy: z.string().nullable(),
  live: QueueLive,
  metrics: QueueMetrics.nullable(),
  sla: SlaSettings,
});
export type Queue = z.infer<typeof Queue>;

export const QueuesResponse = z.object({ items: z.array(Queue), freshness: z.array(Freshness) });
export type QueuesResponse = z.infer<typeof QueuesResponse>;

export const QueueHistoryPoint = z.object({
  at: IsoTime,
  waiting: z.number().nullable(),
  serviceLevel: z.number().nullable(),
  answered: z.number().nullable(),
  abandoned: z.number().nullable(),
});
export type QueueHistoryPoint = z.infer<typeof QueueHistoryPoint>;

/** Query of `/api/v1/queues/:id/history`: ISO times, inclusive; today in the source's zone by default. */
export const QueueHistoryQuery = z.object({ from: IsoTime.optional(), to: IsoTime.optional() });
export type QueueHistoryQuery = z.infer<typeof QueueHistoryQuery>;

export const QueueHistoryResponse = z.object({
  queueId: z.string(),
  points: z.array(QueueHistoryPoint),
});
export type QueueHistoryResponse = z.infer<typeof QueueHistoryResponse>;
