import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { campaignsQueryOptions } from '@/features/campaigns/api/campaigns-queries';
import { EntriesPage, type EntriesSearchChange } from '@/features/entries/components/entries-page';
import { cleanEntriesSearch } from '@/features/entries/lib/entries-search';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';

const route = getRouteApi('/app/entries');

/** Composes the entries feature with the URL, the sources' capabilities and campaign names. */
export function EntriesRoute() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: sources, error: sourcesError } = useQuery(sourcesQueryOptions());
  const hasCampaigns = !!sources?.some((s) => s.capabilities.campaigns);
  // Names for the campaign filter only: no need to follow progress every 10 s here.
  const { data: campaigns } = useQuery({
    ...campaignsQueryOptions(),
    enabled: hasCampaigns,
    staleTime: 60_000,
    refetchInterval: false,
  });
  const campaignOptions = useMemo(
    // The entries filter takes the vendor's campaign id, as entries carry it.
    () => campaigns?.map((c) => ({ id: c.vendorId, name: c.name, sourceId: c.sourceId })),
    [campaigns],
  );
  const onSearchChange = useCallback<EntriesSearchChange>(
    (patch, options) =>
      void navigate({
        search: (prev) => cleanEntriesSearch({ ...prev, ...patch }),
        replace: options?.replace ?? false,
        resetScroll: false,
      }),
    [navigate],
  );
  return (
    <EntriesPage
      sources={sources}
      sourcesError={sourcesError}
      search={search}
      onSearchChange={onSearchChange}
      campaigns={campaignOptions}
    />
  );
}
