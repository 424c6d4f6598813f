import { SourcesPage } from '@/features/sources/components/sources-page';

/** The Sources page: every vendor connection's health, for every role. */
export function SourcesRoute() {
  return <SourcesPage />;
}
