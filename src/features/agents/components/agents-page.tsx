import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Agent, AgentsResponse } from '@contract/agent';
import type { Capabilities, Source } from '@contract/source';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RefreshFailed } from '@/components/ui/refresh-failed';
import { PageHeader } from '@/components/ui/page-header';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { SourceFreshnessList } from '@/components/ui/source-freshness';
import { Spinner } from '@/components/ui/spinner';
import { useDocumentTitle } from '@/lib/use-document-title';
import type { ActionOptions } from '../api/agent-actions';
import { AGENTS_POLL_MS, agentsQueryOptions } from '../api/agents-queries';
import {
  DENSITY_LABELS,
  Density,
  useAgentsUiActions,
  useDensity,
  useOpenAgentId,
  useSelectedAgentIds,
  useSelecting,
} from '../agents-store';
import type { AgentsSearch } from '../lib/agents-search';
import { countStates, filterAgents, matchesState, queuesOf, sortAgents } from '../lib/filter-agents';
import { AgentDrawer } from './agent-drawer';
import { AgentFilters } from './agent-filters';
import { AgentGrid } from './agent-grid';
import { BulkBar } from './bulk-bar';
import { StateSummary } from './state-summary';

export interface AgentsPageProps extends ActionOptions {
  /** Sources from /api/v1/sources: labels, poll periods and what each can do. */
  sources?: readonly Source[] | undefined;
  /** Filters and sort, from the URL. */
  search: AgentsSearch;
  onSearchChange: (patch: Partial<AgentsSearch>) => void;
  /** The role may act on agents; viewers get no controls at all. */
  canAct: boolean;
}

const DENSITY_OPTIONS = Density.options.map((d) => ({ value: d, label: DENSITY_LABELS[d] }));

/** Every visible agent as a tile, with counts per state, filters, bulk actions and a drawer. */
export function AgentsPage({ sources, search, onSearchChange, canAct, affectedQueryKeys }: AgentsPageProps) {
  useDocumentTitle('Agents');
  const query = useQuery(agentsQueryOptions());
  const { data } = query;
  const density = useDensity();
  const selecting = useSelecting();
  const selected = useSelectedAgentIds();
  const openAgentId = useOpenAgentId();
  const ui = useAgentsUiActions();

  // Leaving the page closes the drawer and ends a selection; density stays.
  useEffect(() => ui.reset, [ui]);

  const capabilities = useMemo(
    () => new Map<string, Capabilities>((sources ?? []).map((s) => [s.id, s.capabilities])),
    [sources],
  );
  const items = data?.items;
  const { source, queue, q, state, sort } = search;
  const filtered = useMemo(() => filterAgents(items ?? [], { source, queue, q }), [items, source, queue, q]);
  const counts = useMemo(() => countStates(filtered), [filtered]);
  const visible = useMemo(
    () => sortAgents(state ? filtered.filter((a) => matchesState(a, state)) : filtered, sort ?? 'name'),
    [filtered, state, sort],
  );
  const queueOptions = useMemo(() => queuesOf(items ?? []), [items]);
  // Keyed on the ids, not the answer, so the memoised filter bar keeps its props across polls.
  const sourceIds = sourceIdsOf(data);
  const sourceOptions = useMemo(() => sourcesOf(sourceIds.split('\n').filter(Boolean), sources), [sourceIds, sources]);

  // Bulk actions only where the role may act and some source can log agents in and out.
  const canBulk = canAct && [...capabilities.values()].some((c) => c.agentQueueLogin);
  const selectedAgents = useMemo(
    () =>
      selecting
        ? (items ?? []).filter((a) => selected.has(a.id) && capabilities.get(a.sourceId)?.agentQueueLogin)
        : [],
    [items, selected, selecting, capabilities],
  );

  const openAgent = useMemo(
    () => (openAgentId ? (items ?? []).find((a) => a.id === openAgentId) ?? null : null),
    [items, openAgentId],
  );
  // Kept while the drawer is open, so a vanished agent still has a title.
  const openName = useLastName(openAgent);

  const onSelectState = useCallback((s: AgentsSearch['state']) => onSearchChange({ state: s }), [onSearchChange]);

  return (
    <div className="flex flex-col">
      <PageHeader
        title="Agents"
        description="Every agent's state, live. Refreshed every second."
        actions={
          <>
            <SegmentedControl label="Tile density" value={density} options={DENSITY_OPTIONS} onChange={ui.setDensity} />
            {canBulk && !selecting && (
              <Button variant="secondary" onClick={() => ui.setSelecting(true)}>
                Select agents
              </Button>
            )}
          </>
        }
      />
      {!data ? (
        query.isError ? (
          <ErrorPanel
            title="Agents could not be loaded"
            message={query.error.message}
            action={
              <Button variant="secondary" onClick={() => void query.refetch()} pending={query.isRefetching}>
                Try again
              </Button>
            }
          />
        ) : (
          <div className="flex justify-center py-16">
            <Spinner label="Loading agents" />
          </div>
        )
      ) : (
        <div className="flex flex-col gap-4">
          {query.isError && (
            <RefreshFailed message={query.error.message} />
          )}
          <SourceFreshnessList freshness={data.freshness} sources={sources} clientPollMs={AGENTS_POLL_MS} />
          <AgentFilters search={search} onChange={onSearchChange} sources={sourceOptions} queues={queueOptions} />
          <StateSummary counts={counts} active={state} onSelect={onSelectState} />
          {canBulk && selecting && (
            <BulkBar
              selected={selectedAgents}
              visibleCount={visible.length}
              onSelectAllVisible={() => ui.selectMany(visible.map((a) => a.id))}
              onClear={ui.clearSelection}
              onDone={() => ui.setSelecting(false)}
              affectedQueryKeys={affectedQueryKeys}
            />
          )}
          {data.items.length === 0 ? (
            <EmptyState title="No agents to show">
              None of the sources you can see reports any agents right now.
            </EmptyState>
          ) : visible.length === 0 ? (
            <EmptyState
              title="No agents match these filters"
              action={
                <Button
                  variant="secondary"
                  onClick={() => onSearchChange({ source: undefined, queue: undefined, state: undefined, q: undefined })}
                >
                  Clear filters
                </Button>
              }
            >
              Change the search or the filters to see more agents.
            </EmptyState>
          ) : (
            <AgentGrid
              agents={visible}
              density={density}
              selecting={canBulk && selecting}
              selected={selected}
              onOpen={ui.openAgent}
              onToggleSelected={ui.toggleSelected}
            />
          )}
        </div>
      )}
      <AgentDrawer
        open={openAgentId !== null}
        onOpenChange={(open) => !open && ui.closeAgent()}
        agent={openAgent}
        agentName={openName}
        capabilities={openAgent ? capabilities.get(openAgent.sourceId) : undefined}
        sourceLabel={openAgent ? sources?.find((s) => s.id === openAgent.sourceId)?.label : undefined}
        canAct={canAct}
        affectedQueryKeys={affectedQueryKeys}
      />
    </div>
  );
}

function useLastName(agent: Agent | null): string {
  const name = agent?.name;
  const [last, setLast] = useState('');
  if (name && name !== last) setLast(name);
  return name ?? last;
}

/** The sources in an answer, as one string (newline-separated, in order of appearance). */
function sourceIdsOf(data: AgentsResponse | undefined): string {
  const ids = new Set<string>();
  for (const f of data?.freshness ?? []) ids.add(f.sourceId);
  for (const a of data?.items ?? []) ids.add(a.sourceId);
  return [...ids].join('\n');
}

function sourcesOf(ids: readonly string[], sources: readonly Source[] | undefined) {
  const known = (sources ?? []).filter((s) => ids.includes(s.id) || s.capabilities.agents);
  const rest = ids.filter((id) => !known.some((s) => s.id === id));
  return [...known.map((s) => ({ id: s.id, label: s.label })), ...rest.map((id) => ({ id, label: id }))];
}
