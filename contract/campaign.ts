import { z } from 'zod';
import { IsoTime } from './common';

export const CampaignProgress = z.object({
  id: z.string(),
  sourceId: z.string(),
  vendorId: z.string(),
  name: z.string(),
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  /** Entries finished per hour over the last hour; null until two samples an hour apart exist. */
  ratePerHour: z.number().nullable(),
  estimatedFinishAt: IsoTime.nullable(),
  updatedAt: IsoTime.nullable(),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

export const CampaignsResponse = z.object({ items: z.array(CampaignProgress) });
export type CampaignsResponse = z.infer<typeof CampaignsResponse>;

/** Query of `/api/v1/campaigns`: one source's campaigns, or every source's in scope. */
export const CampaignsQuery = z.object({ source: z.string().min(1).optional() });
export type CampaignsQuery = z.infer<typeof CampaignsQuery>;

/** Query of `/api/v1/campaigns/:id/history`: ISO times; the last 24 hours by default. */
export const CampaignHistoryQuery = z.object({ from: IsoTime.optional(), to: IsoTime.optional() });
export type CampaignHistoryQuery = z.infer<typeof CampaignHistoryQuery>;

export const CampaignHistoryResponse = z.object({
  campaignId: z.string(),
  points: z.array(z.object({ at: IsoTime, counts: z.record(z.string(), z.number().int()) })),
});
export type CampaignHistoryResponse = z.infer<typeof CampaignHistoryResponse>;
