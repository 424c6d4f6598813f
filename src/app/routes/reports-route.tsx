import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { queuesQueryOptions } from '@/features/queues/api/queues-queries';
import { CallRecordsPage } from '@/features/reports/components/call-records-page';
import { cleanReportsSearch, type ReportsSearch } from '@/features/reports/lib/reports-search';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';
import { useDocumentTitle } from '@/lib/use-document-title';

const route = getRouteApi('/app/reports/calls');

/** Composes call records with the URL, the sources' capabilities and queue names. */
export function ReportsCallsRoute() {
  useDocumentTitle('Call records');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: sources } = useQuery(sourcesQueryOptions());
  // Names for the queue filter only: no need to poll every second here.
  const { data: queues } = useQuery({
    ...queuesQueryOptions(),
    staleTime: 60_000,
    refetchInterval: false,
  });
  const queueOptions = useMemo(
    () => queues?.items.map((q) => ({ id: q.id, name: q.name, sourceId: q.sourceId })),
    [queues],
  );
  const onSearchChange = useCallback(
    (patch: Partial<ReportsSearch>) =>
      void navigate({
        search: (prev) => cleanReportsSearch({ ...prev, ...patch }),
        replace: true,
        resetScroll: false,
      }),
    [navigate],
  );
  return (
    <CallRecordsPage
      search={search}
      onSearchChange={onSearchChange}
      sources={sources}
      queues={queueOptions}
    />
  );
}
