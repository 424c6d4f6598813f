import type { CampaignProgress } from '@contract/campaign';
import type { EntryDirection } from '@contract/entry';
import type { Source } from '@contract/source';

/** How to open a campaign's entries on the Entries page, when its source can filter them. */
export interface CampaignEntriesTarget {
  source: string;
  direction: EntryDirection;
  /** The vendor's campaign id, as entries carry it. */
  campaign: string;
  /** The source filters by status, so a status segment can narrow the list. */
  byStatus: boolean;
}

/**
 * The Entries view of one campaign: only when the campaign's source lists entries and can filter
 * them by campaign; otherwise a link would open a list that is not the campaign's.
 */
export function campaignEntriesTarget(
  campaign: Pick<CampaignProgress, 'vendorId' | 'sourceId'>,
  sources: readonly Source[] | undefined,
): CampaignEntriesTarget | null {
  const entries = sources?.find((s) => s.id === campaign.sourceId)?.capabilities.entries;
  if (!entries || !entries.filters.includes('campaign') || entries.directions.length === 0) return null;
  // Campaigns dial out; a source without outbound entries lists them under its first direction.
  const direction = entries.directions.includes('outbound') ? 'outbound' : (entries.directions[0] as EntryDirection);
  return {
    source: campaign.sourceId,
    direction,
    // Entries carry the vendor's campaign id, and the gateway filters by it.
    campaign: campaign.vendorId,
    byStatus: entries.filters.includes('status'),
  };
}
