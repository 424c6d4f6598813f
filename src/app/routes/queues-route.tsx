import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { can } from '@contract/auth';
import { agentKeys } from '@/features/agents/api/agents-queries';
import { meQueryOptions } from '@/features/auth/api/auth-queries';
import { callKeys } from '@/features/calls/api/calls-queries';
import { QueueDetailPage } from '@/features/queues/components/queue-detail-page';
import { QueuesPage } from '@/features/queues/components/queues-page';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';

const detailRoute = getRouteApi('/app/queues/$queueId');

// A login/logout or a pickup on a queue's page changes the agent grid and the live calls too.
const AFFECTED = [agentKeys.all, callKeys.all];

/** Composes the queues feature with source labels from the sources feature. */
export function QueuesRoute() {
  const { data: sources } = useQuery(sourcesQueryOptions());
  return <QueuesPage sources={sources} />;
}

/** One queue, with the role's permissions and its source's capabilities deciding the controls. */
export function QueueDetailRoute() {
  const { queueId } = detailRoute.useParams();
  const { data: sources } = useQuery(sourcesQueryOptions());
  const { data: user } = useQuery(meQueryOptions());
  return (
    <QueueDetailPage
      queueId={queueId}
      sources={sources}
      canAct={!!user && can(user.role, 'actOnAgents')}
      canPickup={!!user && can(user.role, 'pickup')}
      affectedQueryKeys={AFFECTED}
    />
  );
}
