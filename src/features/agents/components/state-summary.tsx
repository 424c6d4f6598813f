import { AGENT_STATE_LABELS } from '@contract/agent';
import { cn } from '@/lib/cn';
import { formatCount } from '@/lib/format';
import { AGENT_STATE_BG, AGENT_STATE_ORDER } from '../lib/agent-state-style';
import { LOGGED_IN_FILTER, type AgentStateFilter } from '../lib/agents-search';
import type { StateCounts } from '../lib/filter-agents';

export interface StateSummaryProps {
  counts: StateCounts;
  active: AgentStateFilter | undefined;
  onSelect: (state: AgentStateFilter | undefined) => void;
}

const chip =
  'inline-flex h-9 items-center gap-2 rounded-lg border px-3 text-sm transition-colors aria-pressed:border-accent aria-pressed:bg-accent-soft aria-pressed:text-accent-text';

/**
 * Counts per state over the agents the other filters leave, the floor's answer to "how many are
 * free?". Each count is also a toggle that filters the grid to that state.
 */
export function StateSummary({ counts, active, onSelect }: StateSummaryProps) {
  const toggle = (state: AgentStateFilter) => onSelect(active === state ? undefined : state);
  return (
    <div role="group" aria-label="Agents per state" className="flex flex-wrap gap-2">
      <button
        type="button"
        aria-pressed={active === undefined}
        onClick={() => onSelect(undefined)}
        className={cn(chip, 'border-line bg-surface text-fg hover:bg-surface-muted')}
      >
        <span className="text-fg-muted">Total</span>
        <span className="font-semibold tabular-nums">{formatCount(counts.total)}</span>
      </button>
      <button
        type="button"
        aria-pressed={active === LOGGED_IN_FILTER}
        onClick={() => toggle(LOGGED_IN_FILTER)}
        className={cn(chip, 'border-line bg-surface text-fg hover:bg-surface-muted')}
      >
        <span className="text-fg-muted">Logged in</span>
        <span className="font-semibold tabular-nums">{formatCount(counts.loggedIn)}</span>
      </button>
      {AGENT_STATE_ORDER.map((state) => {
        const n = counts.byState[state] ?? 0;
        // Always show Available (the number everybody asks for); other states only when present.
        if (n === 0 && state !== 'ready' && active !== state) return null;
        return (
          <button
            key={state}
            type="button"
            aria-pressed={active === state}
            onClick={() => toggle(state)}
            className={cn(chip, 'border-line bg-surface text-fg hover:bg-surface-muted')}
          >
            <span aria-hidden="true" className={cn('size-2.5 rounded-full', AGENT_STATE_BG[state])} />
            <span className="text-fg-muted">{AGENT_STATE_LABELS[state]}</span>
            <span className="font-semibold tabular-nums">{formatCount(n)}</span>
          </button>
        );
      })}
    </div>
  );
}
