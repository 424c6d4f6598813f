import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Agent } from '@contract/agent';
import { useElementMetrics } from '@/components/ui/use-element-metrics';
import type { Density } from '../agents-store';
import { AgentTile } from './agent-tile';

/** Tile geometry per density: fixed heights keep the virtual rows exact. */
export const TILE_LAYOUT: Record<Density, { minWidth: number; height: number; gap: number }> = {
  // ~10 columns × 12 rows on a 1080p screen: 60+ agents at a glance.
  compact: { minWidth: 168, height: 64, gap: 8 },
  comfortable: { minWidth: 260, height: 108, gap: 12 },
};

export interface AgentGridProps {
  agents: readonly Agent[];
  density: Density;
  selecting: boolean;
  selected: ReadonlySet<string>;
  onOpen: (agentId: string) => void;
  onToggleSelected: (agentId: string) => void;
}

/**
 * The agents as rows of tiles, virtualised against the window scroll: only the rows on screen
 * (plus a few) are in the DOM, so 5,000 agents cost what 100 do.
 */
export function AgentGrid({ agents, density, selecting, selected, onOpen, onToggleSelected }: AgentGridProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, top } = useElementMetrics(ref);
  const { minWidth, height, gap } = TILE_LAYOUT[density];
  const columns = Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
  const rowCount = Math.ceil(agents.length / columns);

  const virtualizer = useWindowVirtualizer({
    count: rowCount,
    estimateSize: () => height + gap,
    overscan: 3,
    scrollMargin: top,
  });

  return (
    <div
      ref={ref}
      role="list"
      aria-label="Agents"
      className="relative w-full"
      style={{ height: Math.max(0, virtualizer.getTotalSize() - gap) }}
    >
      {virtualizer.getVirtualItems().map((row) => {
        const first = row.index * columns;
        return (
          <div
            key={row.key}
            role="none"
            className="absolute left-0 top-0 grid w-full"
            style={{
              height,
              gap,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
            }}
          >
            {agents.slice(first, first + columns).map((agent) => (
              <AgentTile
                key={agent.id}
                agent={agent}
                density={density}
                selecting={selecting}
                selected={selected.has(agent.id)}
                onOpen={onOpen}
                onToggleSelected={onToggleSelected}
              />
            ))}
          </div>
        );
      })}
    </div>
  );
}
