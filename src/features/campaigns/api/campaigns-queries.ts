import { queryOptions } from '@tanstack/react-query';
import { API } from '@contract/api';
import { CampaignHistoryResponse, CampaignsResponse } from '@contract/campaign';
import { EntriesPage, type EntryDirection } from '@contract/entry';
import { apiGet } from '@/lib/api-client';

/** Campaign progress moves with every finished call; every 10 s keeps the cards honest. */
export const CAMPAIGNS_POLL_MS = 10_000;
/** History points are sampled by the gateway over minutes; a slower poll is enough. */
export const CAMPAIGN_HISTORY_POLL_MS = 30_000;
/** How many failed entries the failure breakdown reads (the largest page the gateway serves). */
export const FAILURE_SAMPLE_SIZE = 100;

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: () => [...campaignKeys.all, 'list'] as const,
  history: (campaignId: string) => [...campaignKeys.all, 'history', campaignId] as const,
  failures: (campaignId: string) => [...campaignKeys.all, 'failures', campaignId] as const,
};

/** Every campaign the user may see, with progress counts, polled every 10 s. */
export const campaignsQueryOptions = () =>
  queryOptions({
    queryKey: campaignKeys.list(),
    queryFn: ({ signal }) =>
      apiGet(API.campaigns, CampaignsResponse, { signal }).then((r) => r.items),
    staleTime: CAMPAIGNS_POLL_MS / 2,
    refetchInterval: CAMPAIGNS_POLL_MS,
  });

/** Status counts of one campaign over time, for the stacked chart. */
export const campaignHistoryQueryOptions = (campaignId: string) =>
  queryOptions({
    queryKey: campaignKeys.history(campaignId),
    queryFn: ({ signal }) =>
      apiGet(`${API.campaigns}/${encodeURIComponent(campaignId)}/history`, CampaignHistoryResponse, {
        signal,
      }),
    staleTime: CAMPAIGN_HISTORY_POLL_MS / 2,
    refetchInterval: CAMPAIGN_HISTORY_POLL_MS,
  });

export interface CampaignFailuresParams {
  sourceId: string;
  /** The contract id, for the cache key. */
  campaignId: string;
  /** The vendor's id, which the entries filter takes. */
  campaignVendorId: string;
  direction: EntryDirection;
}

/** The most recent failed entries of one campaign, to group by their last error. */
export const campaignFailuresQueryOptions = ({
  sourceId,
  campaignId,
  campaignVendorId,
  direction,
}: CampaignFailuresParams) =>
  queryOptions({
    queryKey: [...campaignKeys.failures(campaignId), { sourceId, direction }] as const,
    queryFn: ({ signal }) =>
      apiGet(API.entries, EntriesPage, {
        signal,
        query: {
          source: sourceId,
          direction,
          status: 'failed',
          campaign: campaignVendorId,
          page: 1,
          pageSize: FAILURE_SAMPLE_SIZE,
        },
      }),
    staleTime: CAMPAIGN_HISTORY_POLL_MS / 2,
    refetchInterval: CAMPAIGN_HISTORY_POLL_MS,
  });
