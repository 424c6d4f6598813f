import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { AdminPage } from '@/features/admin/components/admin-page';
import { cleanAdminSearch, type AdminSearch } from '@/features/admin/lib/admin-search';
import { meQueryOptions } from '@/features/auth/api/auth-queries';
import { queuesQueryOptions } from '@/features/queues/api/queues-queries';
import { sourcesHealthQueryOptions, sourcesQueryOptions } from '@/features/sources/api/sources-queries';

const route = getRouteApi('/app/admin');

/** Composes the admin feature with the signed-in user, sources (health polled on its tab) and queues. */
export function AdminRoute() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tab = search.tab ?? 'users';
  const { data: user } = useQuery(meQueryOptions());
  const sources = useQuery(tab === 'sources' ? sourcesHealthQueryOptions() : sourcesQueryOptions());
  // Queue names for scopes: read once while the users tab is open, not polled like the live view.
  const { data: queues } = useQuery({
    ...queuesQueryOptions(),
    refetchInterval: false,
    staleTime: 60_000,
    enabled: tab === 'users',
  });
  const queueChoices = useMemo(
    () => queues?.items.map((q) => ({ id: q.id, name: q.name, sourceId: q.sourceId })),
    [queues],
  );
  const onSearchChange = useCallback(
    (patch: Partial<AdminSearch>) =>
      void navigate({
        search: (prev) => cleanAdminSearch({ ...prev, ...patch }),
        replace: true,
        resetScroll: false,
      }),
    [navigate],
  );
  if (!user) return null;
  return (
    <AdminPage
      currentUser={user}
      search={search}
      onSearchChange={onSearchChange}
      sources={sources}
      queues={queueChoices}
    />
  );
}
