import { z } from 'zod';
import { IsoTime } from './common';

export const CdrDisposition = z.enum(['answered', 'abandoned', 'other']);
export type CdrDisposition = z.infer<typeof CdrDisposition>;

export const Cdr = z.object({
  id: z.string(),
  sourceId: z.string(),
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  callerNumber: z.string().nullable(),
  callerName: z.string().nullable(),
  agentName: z.string().nullable(),
  disposition: CdrDisposition,
  rawDisposition: z.string().nullable(),
  enteredAt: IsoTime,
  answeredAt: IsoTime.nullable(),
  endedAt: IsoTime,
  waitSeconds: z.number().nullable(),
  talkSeconds: z.number().nullable(),
  holdSeconds: z.number().nullable(),
  wrapSeconds: z.number().nullable(),
});
export type Cdr = z.infer<typeof Cdr>;

export const CdrsQuery = z.object({
  source: z.string().optional(),
  from: IsoTime,
  to: IsoTime,
  queue: z.string().optional(),
  disposition: CdrDisposition.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type CdrsQuery = z.infer<typeof CdrsQuery>;

export const CdrsPage = z.object({
  items: z.array(Cdr),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int().nullable(),
  hasNextPage: z.boolean(),
});
export type CdrsPage = z.infer<typeof CdrsPage>;
