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

export const CampaignHistoryResponse = z.object({
  campaignId: z.string(),
  points: z.array(z.object({ at: IsoTime, counts: z.record(z.string(), z.number().int()) })),
});
export type CampaignHistoryResponse = z.infer<typeof CampaignHistoryResponse>;
