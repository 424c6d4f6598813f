import { useMemo } from 'react';
import type { User } from '@contract/auth';
import { PageHeader } from '@/components/ui/page-header';
import { useDocumentTitle } from '@/lib/use-document-title';
import type { AdminSearch, AdminTab } from '../lib/admin-search';
import { Tabs, type AdminTabItem } from './admin-tabs';
import { AuditPanel } from './audit-panel';
import type { ScopeQueue } from './scope-editor';
import { SourceHealthPanel, type SourcesState } from './source-health-panel';
import { UsersPanel } from './users-panel';

const TABS: readonly AdminTabItem<AdminTab>[] = [
  { value: 'users', label: 'Users' },
  { value: 'audit', label: 'Audit log' },
  { value: 'sources', label: 'Source health' },
];

const TITLES: Record<AdminTab, string> = {
  users: 'Admin · Users',
  audit: 'Admin · Audit log',
  sources: 'Admin · Source health',
};

export interface AdminPageProps {
  /** The signed-in admin: their own role and account cannot be taken away here. */
  currentUser: User;
  search: AdminSearch;
  onSearchChange: (patch: Partial<AdminSearch>) => void;
  /** /api/v1/sources: labels and scope choices, and the health tab's rows. */
  sources: SourcesState;
  /** Queues the scope editor offers; ids stand in for names until they load. */
  queues?: readonly ScopeQueue[] | undefined;
}

const NO_QUEUES: readonly ScopeQueue[] = [];

/** Users, the audit trail and source health, one tab each; the tab and filters live in the URL. */
export function AdminPage({ currentUser, search, onSearchChange, sources, queues = NO_QUEUES }: AdminPageProps) {
  const tab = search.tab ?? 'users';
  useDocumentTitle(TITLES[tab]);
  const sourceChoices = useMemo(
    () => (sources.data ?? []).map((s) => ({ id: s.id, label: s.label })),
    [sources.data],
  );
  const choices = useMemo(() => ({ sources: sourceChoices, queues }), [sourceChoices, queues]);

  return (
    <div className="flex flex-col">
      <PageHeader title="Admin" description="Users and what they may see, the audit trail, and the health of every source." />
      <Tabs label="Admin sections" value={tab} items={TABS} onChange={(t) => onSearchChange({ tab: t })}>
        {tab === 'users' && <UsersPanel currentUser={currentUser} choices={choices} />}
        {tab === 'audit' && <AuditPanel search={search} onSearchChange={onSearchChange} sources={sourceChoices} />}
        {tab === 'sources' && <SourceHealthPanel sources={sources} />}
      </Tabs>
    </div>
  );
}
