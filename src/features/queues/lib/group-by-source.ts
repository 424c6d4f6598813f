import type { Queue } from '@contract/queue';
import type { Freshness, Source } from '@contract/source';

export interface SourceGroup {
  sourceId: string;
  label: string;
  /** The source's own poll period in seconds, when /sources has told us. */
  pollSeconds: number | null;
  freshness: Freshness | undefined;
  queues: Queue[];
}

/**
 * Groups queues by source in the order the gateway lists sources. A source that reports freshness
 * but no queues still gets a group, so a source that has been down since start-up shows its error
 * instead of silently missing.
 */
export function groupBySource(
  queues: readonly Queue[],
  freshness: readonly Freshness[],
  sources: readonly Source[] | undefined,
): SourceGroup[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const add = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      order.push(id);
    }
  };
  const byId = new Map((sources ?? []).map((s) => [s.id, s]));
  const known = new Set([...queues.map((q) => q.sourceId), ...freshness.map((f) => f.sourceId)]);
  for (const s of sources ?? []) if (known.has(s.id)) add(s.id);
  for (const id of known) add(id);

  return order.map((sourceId) => {
    const source = byId.get(sourceId);
    return {
      sourceId,
      label: source?.label ?? sourceId,
      pollSeconds: source?.pollSeconds ?? null,
      freshness: freshness.find((f) => f.sourceId === sourceId),
      queues: queues.filter((q) => q.sourceId === sourceId),
    };
  });
}
