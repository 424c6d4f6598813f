import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import type { Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RefreshFailed } from '@/components/ui/refresh-failed';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { useDocumentTitle } from '@/lib/use-document-title';
import { campaignsQueryOptions } from '../api/campaigns-queries';
import { CampaignCard } from './campaign-card';

export interface CampaignsPageProps {
  /** For source labels; ids stand in until they load. */
  sources?: readonly Source[] | undefined;
}

/** Every campaign as a card with its progress, refreshed every 10 s. */
export function CampaignsPage({ sources }: CampaignsPageProps) {
  useDocumentTitle('Campaigns');
  const { data, error, isError, refetch, isRefetching } = useQuery(campaignsQueryOptions());
  const labels = useMemo(() => new Map((sources ?? []).map((s) => [s.id, s.label])), [sources]);

  let body: ReactNode;
  if (!data) {
    body = isError ? (
      <ErrorPanel
        title="Campaigns could not be loaded"
        message={error.message}
        action={
          <Button variant="secondary" onClick={() => void refetch()} pending={isRefetching}>
            Try again
          </Button>
        }
      />
    ) : (
      <div className="flex justify-center py-16">
        <Spinner label="Loading campaigns" />
      </div>
    );
  } else if (data.length === 0) {
    body = (
      <EmptyState title="No campaigns to show">
        None of the sources you can see reports a campaign right now. Campaigns appear here as soon
        as a source reports one.
      </EmptyState>
    );
  } else {
    body = (
      <div className="flex flex-col gap-4">
        {isError && (
          <RefreshFailed message={error.message} showing="progress" />
        )}
        <div className="grid grid-cols-[repeat(auto-fill,minmax(20rem,1fr))] gap-4">
          {data.map((campaign) => (
            <CampaignCard
              key={campaign.id}
              campaign={campaign}
              sourceLabel={labels.get(campaign.sourceId) ?? campaign.sourceId}
            />
          ))}
        </div>
      </div>
    );
  }

  return (
    <div className="flex flex-col">
      <PageHeader
        title="Campaigns"
        description="Progress of every campaign; done counts completed, failed and cancelled entries. Refreshed every 10 seconds."
      />
      {body}
    </div>
  );
}
