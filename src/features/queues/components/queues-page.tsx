import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { QueuesResponse } from '@contract/queue';
import type { Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RefreshFailed } from '@/components/ui/refresh-failed';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { useDocumentTitle } from '@/lib/use-document-title';
import { QUEUES_POLL_MS, queuesQueryOptions } from '../api/queues-queries';
import { groupBySource, type SourceGroup } from '../lib/group-by-source';
import { SourceSection } from './source-section';

export interface QueuesPageProps {
  /** Sources from /api/v1/sources, for labels and poll periods; ids stand in until they load. */
  sources?: readonly Source[] | undefined;
}

/** Every visible queue as a card, grouped by source, polled every second. */
export function QueuesPage({ sources }: QueuesPageProps) {
  useDocumentTitle('Queues');
  const query = useQuery(queuesQueryOptions());
  const { data } = query;
  const groups = useMemo(
    () => (data ? groupBySource(data.items, data.freshness, sources) : []),
    [data, sources],
  );

  return (
    <div className="flex flex-col">
      <PageHeader
        title="Queues"
        description="Calls waiting and agents per queue, live. Refreshed every second."
      />
      <QueuesBody query={query} groups={groups} />
    </div>
  );
}

function QueuesBody({
  query,
  groups,
}: {
  query: UseQueryResult<QueuesResponse>;
  groups: SourceGroup[];
}) {
  const { data, error, isError, refetch, isRefetching } = query;

  // Data first: once numbers are on screen they stay; failures show as stale badges and a note.
  if (!data) {
    if (isError) {
      return (
        <ErrorPanel
          title="Queues could not be loaded"
          message={error.message}
          action={
            <Button variant="secondary" onClick={() => void refetch()} pending={isRefetching}>
              Try again
            </Button>
          }
        />
      );
    }
    return (
      <div className="flex justify-center py-16">
        <Spinner label="Loading queues" />
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-8">
      {isError && (
        <RefreshFailed message={error.message} />
      )}
      {data.items.length === 0 && (
        <EmptyState title="No queues to show">
          None of the sources you can see reports any queues right now. Queues appear here as soon
          as a source reports them.
        </EmptyState>
      )}
      {groups.map((group) =>
        data.items.length === 0 && !group.freshness?.error ? null : (
          <SourceSection key={group.sourceId} group={group} clientPollMs={QUEUES_POLL_MS} />
        ),
      )}
    </div>
  );
}
