import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { HealthStatus, Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RefreshFailed } from '@/components/ui/refresh-failed';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import { StatusBadge } from '@/components/ui/status-badge';
import { useDocumentTitle } from '@/lib/use-document-title';
import { sourcesHealthQueryOptions } from '../api/sources-queries';
import { HEALTH_DISPLAY } from '../lib/source-display';
import { SourceCard } from './source-card';

const SUMMARY_ORDER: readonly HealthStatus[] = ['ok', 'degraded', 'down', 'unknown'];

/** "4 sources: 3 OK, 1 Down", as text with a badge per status present. */
function Summary({ sources }: { sources: readonly Source[] }) {
  const parts = SUMMARY_ORDER.map((status) => ({
    status,
    n: sources.filter((s) => s.health.status === status).length,
  })).filter((p) => p.n > 0);
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-fg">
      <span>
        {sources.length} source{sources.length === 1 ? '' : 's'}:
      </span>
      {parts.map(({ status, n }, i) => (
        <StatusBadge key={status} tone={HEALTH_DISPLAY[status].tone} className="text-sm">
          {n} {HEALTH_DISPLAY[status].label}
          {i < parts.length - 1 && <span className="sr-only">,</span>}
        </StatusBadge>
      ))}
    </p>
  );
}

/** Every vendor connection with its health, refreshed every 5 s. */
export function SourcesPage() {
  useDocumentTitle('Sources');
  const { data, error, isError, refetch, isRefetching } = useQuery(sourcesHealthQueryOptions());

  let body: ReactNode;
  if (!data) {
    body = isError ? (
      <ErrorPanel
        title="Sources could not be loaded"
        message={error.message}
        action={
          <Button variant="secondary" onClick={() => void refetch()} pending={isRefetching}>
            Try again
          </Button>
        }
      />
    ) : (
      <div className="flex justify-center py-16">
        <Spinner label="Loading sources" />
      </div>
    );
  } else if (data.length === 0) {
    body = (
      <EmptyState title="No sources to show">
        No vendor connection is configured, or none is in your scope. An administrator adds sources
        in the gateway configuration.
      </EmptyState>
    );
  } else {
    body = (
      <div className="flex flex-col gap-4">
        {isError && (
          <RefreshFailed message={error.message} showing="health" />
        )}
        <Summary sources={data} />
        <div className="grid grid-cols-[repeat(auto-fill,minmax(20rem,1fr))] gap-4">
          {data.map((source) => (
            <SourceCard key={source.id} source={source} />
          ))}
        </div>
      </div>
    );
  }

  return (
    <div className="flex flex-col">
      <PageHeader
        title="Sources"
        description="The vendor connections behind every view, their health and what each can do. Refreshed every 5 seconds."
      />
      {body}
    </div>
  );
}
