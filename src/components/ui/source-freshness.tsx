import type { Freshness } from '@contract/source';
import { FreshnessIndicator } from './freshness-indicator';

export interface SourceFreshnessListProps {
  freshness: readonly Freshness[];
  /** Label and poll period per source id, when /sources has told us. */
  sources?: readonly { id: string; label: string; pollSeconds: number }[] | undefined;
  /** The browser's poll period; each source is judged against the slower of it and its own. */
  clientPollMs: number;
}

/** One line per source: its name, "updated 3 s ago", and a Stale badge when it is. */
export function SourceFreshnessList({ freshness, sources, clientPollMs }: SourceFreshnessListProps) {
  if (freshness.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-x-6 gap-y-1" aria-label="Data freshness">
      {freshness.map((f) => {
        const source = sources?.find((s) => s.id === f.sourceId);
        const pollMs = Math.max(clientPollMs, (source?.pollSeconds ?? 0) * 1000);
        return (
          <li key={f.sourceId} className="flex items-center gap-2 text-xs">
            <span className="font-semibold text-fg-muted">{source?.label ?? f.sourceId}</span>
            <FreshnessIndicator freshness={f} pollMs={pollMs} />
          </li>
        );
      })}
    </ul>
  );
}
