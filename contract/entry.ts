import { z } from 'zod';
import { IsoTime } from './common';
import { EntrySort } from './source';

export const EntryDirection = z.enum(['outbound', 'inbound', 'callback']);
export type EntryDirection = z.infer<typeof EntryDirection>;

/** Canonical queue-entry lifecycle across Iqra and While1; the raw vendor value is kept beside it. */
export const EntryStatus = z.enum([
  'pending',
  'dialing',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
  'expired',
  'deleted',
]);
export type EntryStatus = z.infer<typeof EntryStatus>;

export const ENTRY_STATUS_LABELS: Record<EntryStatus, string> = {
  pending: 'Pending',
  dialing: 'Dialing',
  in_progress: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  deleted: 'Deleted',
};

export const QueueEntry = z.object({
  id: z.string(),
  sourceId: z.string(),
  vendorId: z.string(),
  direction: EntryDirection,
  status: EntryStatus,
  rawStatus: z.string().nullable(),
  phoneNumber: z.string().nullable(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  agentId: z.string().nullable(),
  createdAt: IsoTime.nullable(),
  scheduledAt: IsoTime.nullable(),
  startedAt: IsoTime.nullable(),
  completedAt: IsoTime.nullable(),
  retryCount: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

/** One entry with every raw vendor field, for the detail drawer. */
export const QueueEntryDetail = QueueEntry.extend({
  raw: z.record(z.string(), z.unknown()),
  attempts: z
    .array(z.object({ at: IsoTime.nullable(), outcome: z.string(), error: z.string().nullable() }))
    .default([]),
});
export type QueueEntryDetail = z.infer<typeof QueueEntryDetail>;

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? (v === '' ? [] : v.split(',')) : v), z.array(item));

/** Query of `/api/v1/entries`; values come from a URL, so lists are comma-separated strings. */
export const EntriesQuery = z.object({
  source: z.string().min(1),
  direction: EntryDirection.default('outbound'),
  status: csv(EntryStatus).optional(),
  campaign: z.string().optional(),
  agent: z.string().optional(),
  phone: z.string().optional(),
  createdFrom: IsoTime.optional(),
  createdTo: IsoTime.optional(),
  scheduledFrom: IsoTime.optional(),
  scheduledTo: IsoTime.optional(),
  completedFrom: IsoTime.optional(),
  completedTo: IsoTime.optional(),
  sort: EntrySort.optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type EntriesQuery = z.infer<typeof EntriesQuery>;

/** Path parameters of `/api/v1/entries/:source/:id` (API.entry). */
export const EntryParams = z.object({ source: z.string(), id: z.string() });
export type EntryParams = z.infer<typeof EntryParams>;

/** Query of one entry: the direction when a source keeps several kinds of entries apart. */
export const EntryDetailQuery = z.object({ direction: EntryDirection.optional() });
export type EntryDetailQuery = z.infer<typeof EntryDetailQuery>;

export const EntriesPage = z.object({
  items: z.array(QueueEntry),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Null where the vendor gives no total. */
  total: z.number().int().nullable(),
  hasNextPage: z.boolean(),
  countsByStatus: z.record(z.string(), z.number()).nullable(),
});
export type EntriesPage = z.infer<typeof EntriesPage>;
