import { memo, useEffect, useState } from 'react';
import { AGENT_STATE_LABELS } from '@contract/agent';
import { SelectField, TextField, type SelectOption } from '@/components/ui/field';
import { AGENT_STATE_ORDER } from '../lib/agent-state-style';
import {
  AGENT_SORT_LABELS,
  AgentSort,
  AgentStateFilter,
  LOGGED_IN_FILTER,
  type AgentsSearch,
} from '../lib/agents-search';
import type { QueueOption } from '../lib/filter-agents';

export interface AgentFiltersProps {
  search: AgentsSearch;
  onChange: (patch: Partial<AgentsSearch>) => void;
  sources: readonly { id: string; label: string }[];
  queues: readonly QueueOption[];
}

const STATE_OPTIONS: SelectOption[] = [
  { value: '', label: 'All states' },
  { value: LOGGED_IN_FILTER, label: 'Logged in' },
  ...AGENT_STATE_ORDER.map((s) => ({ value: s, label: AGENT_STATE_LABELS[s] })),
];

const SORT_OPTIONS: SelectOption[] = AgentSort.options.map((s) => ({
  value: s,
  label: AGENT_SORT_LABELS[s],
}));

/**
 * Search, source, queue, state and sort; every change lands in the URL. Memoised: the page
 * re-renders on every poll, and the props here change only with the URL or the set of queues.
 */
export const AgentFilters = memo(function AgentFilters({ search, onChange, sources, queues }: AgentFiltersProps) {
  // The box keeps its own text so typing stays instant; the URL follows it.
  const [text, setText] = useState(search.q ?? '');
  const [lastQ, setLastQ] = useState(search.q);
  if (search.q !== lastQ) {
    // The URL changed from elsewhere (back button, a shared link): show what it says.
    setLastQ(search.q);
    setText(search.q ?? '');
  }
  useEffect(() => {
    if ((search.q ?? '') === text) return;
    const t = setTimeout(() => onChange({ q: text || undefined }), 150);
    return () => clearTimeout(t);
  }, [text, search.q, onChange]);

  const multiSource = sources.length > 1;
  const queueOptions: SelectOption[] = [
    { value: '', label: 'All queues' },
    ...queues
      .filter((q) => !search.source || q.sourceId === search.source)
      .map((q) => ({
        value: q.queueId,
        label: multiSource
          ? `${q.queueName} (${sources.find((s) => s.id === q.sourceId)?.label ?? q.sourceId})`
          : q.queueName,
      })),
  ];
  const sourceOptions: SelectOption[] = [
    { value: '', label: 'All sources' },
    ...sources.map((s) => ({ value: s.id, label: s.label })),
  ];
  if (search.source && !sources.some((s) => s.id === search.source)) {
    sourceOptions.push({ value: search.source, label: search.source });
  }
  // A queue from the URL that no agent belongs to any more stays selectable, so the filter is visible.
  if (search.queue && !queueOptions.some((o) => o.value === search.queue)) {
    queueOptions.push({ value: search.queue, label: 'Unknown queue' });
  }

  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[minmax(14rem,2fr)_repeat(4,minmax(9rem,1fr))]">
      <TextField
        label="Search agents"
        search
        placeholder="Name or extension"
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="col-span-2 sm:col-span-3 lg:col-span-1"
      />
      <SelectField
        label="Source"
        value={search.source ?? ''}
        onValueChange={(v) => onChange({ source: v || undefined, queue: undefined })}
        options={sourceOptions}
      />
      <SelectField
        label="Queue"
        value={search.queue ?? ''}
        onValueChange={(v) => onChange({ queue: v || undefined })}
        options={queueOptions}
      />
      <SelectField
        label="State"
        value={search.state ?? ''}
        onValueChange={(v) => onChange({ state: AgentStateFilter.safeParse(v).data })}
        options={STATE_OPTIONS}
      />
      <SelectField
        label="Sort by"
        value={search.sort ?? 'name'}
        onValueChange={(v) => onChange({ sort: AgentSort.safeParse(v).data })}
        options={SORT_OPTIONS}
      />
    </div>
  );
});
