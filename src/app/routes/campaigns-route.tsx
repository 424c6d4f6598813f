import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { CampaignDetailPage } from '@/features/campaigns/components/campaign-detail-page';
import { CampaignsPage } from '@/features/campaigns/components/campaigns-page';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';

const detailRoute = getRouteApi('/app/campaigns/$campaignId');

/** Composes the campaigns feature with source labels and capabilities. */
export function CampaignsRoute() {
  const { data: sources } = useQuery(sourcesQueryOptions());
  return <CampaignsPage sources={sources} />;
}

/** One campaign; its source's capabilities decide whether the chart links to entries. */
export function CampaignDetailRoute() {
  const { campaignId } = detailRoute.useParams();
  const { data: sources } = useQuery(sourcesQueryOptions());
  return <CampaignDetailPage campaignId={campaignId} sources={sources} />;
}
