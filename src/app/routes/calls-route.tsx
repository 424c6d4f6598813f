import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { can } from '@contract/auth';
import { meQueryOptions } from '@/features/auth/api/auth-queries';
import { CallsPage } from '@/features/calls/components/calls-page';
import { cleanCallsSearch, type CallsSearch } from '@/features/calls/lib/calls-search';
import { queueKeys, queuesQueryOptions } from '@/features/queues/api/queues-queries';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';

const route = getRouteApi('/app/calls');

// A pickup changes the Queues page's waiting counts: refresh them afterwards.
const AFFECTED = [queueKeys.all];

/** Composes live calls with queue names (waiting callers carry only ids), the role and capabilities. */
export function CallsRoute() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: sources } = useQuery(sourcesQueryOptions());
  const { data: user } = useQuery(meQueryOptions());
  const { data: queues } = useQuery(queuesQueryOptions());
  const queueNames = useMemo(() => new Map((queues?.items ?? []).map((q) => [q.id, q.name])), [queues]);
  const onSearchChange = useCallback(
    (patch: Partial<CallsSearch>) =>
      void navigate({
        search: (prev) => cleanCallsSearch({ ...prev, ...patch }),
        replace: true,
        resetScroll: false,
      }),
    [navigate],
  );
  return (
    <CallsPage
      sources={sources}
      queueNames={queueNames}
      search={search}
      onSearchChange={onSearchChange}
      canPickup={!!user && can(user.role, 'pickup')}
      affectedQueryKeys={AFFECTED}
    />
  );
}
