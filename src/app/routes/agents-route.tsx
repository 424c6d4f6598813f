import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback } from 'react';
import { can } from '@contract/auth';
import { AgentsPage } from '@/features/agents/components/agents-page';
import { cleanAgentsSearch, type AgentsSearch } from '@/features/agents/lib/agents-search';
import { meQueryOptions } from '@/features/auth/api/auth-queries';
import { queueKeys } from '@/features/queues/api/queues-queries';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';

const route = getRouteApi('/app/agents');

// An agent's queue login changes the Queues page's "Agents logged in": refresh it after actions.
const AFFECTED = [queueKeys.all];

/** Composes the agents feature with the URL, the user's role and the sources' capabilities. */
export function AgentsRoute() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: sources } = useQuery(sourcesQueryOptions());
  const { data: user } = useQuery(meQueryOptions());
  const onSearchChange = useCallback(
    (patch: Partial<AgentsSearch>) =>
      void navigate({
        search: (prev) => cleanAgentsSearch({ ...prev, ...patch }),
        replace: true,
        resetScroll: false,
      }),
    [navigate],
  );
  return (
    <AgentsPage
      sources={sources}
      search={search}
      onSearchChange={onSearchChange}
      canAct={!!user && can(user.role, 'actOnAgents')}
      affectedQueryKeys={AFFECTED}
    />
  );
}
