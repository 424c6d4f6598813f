import { useQuery } from '@tanstack/react-query';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';
import { QueuesPage } from '@/features/queues/components/queues-page';

/** Composes the queues feature with source labels from the sources feature. */
export function QueuesRoute() {
  const { data: sources } = useQuery(sourcesQueryOptions());
  return <QueuesPage sources={sources} />;
}
