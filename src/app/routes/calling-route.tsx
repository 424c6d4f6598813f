import { useQuery } from '@tanstack/react-query';
import { campaignKeys } from '@/features/campaigns/api/campaigns-queries';
import { CallingPage } from '@/features/calling/components/calling-page';
import { entryKeys } from '@/features/entries/api/entries-queries';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';
import { useDocumentTitle } from '@/lib/use-document-title';

// A placed call adds an entry and moves a campaign's counts.
const AFFECTED = [entryKeys.all, campaignKeys.all];

/** Composes the calling feature with the sources' capabilities and the queries a call changes. */
export function CallingRoute() {
  useDocumentTitle('Place calls');
  const { data: sources, error } = useQuery(sourcesQueryOptions());
  return <CallingPage sources={sources} sourcesError={error} affectedQueryKeys={AFFECTED} />;
}
