import type { Scope } from '@contract/auth';

const MAX_NAMES = 2;

function names(ids: readonly string[], nameOf: (id: string) => string): string {
  const shown = ids.slice(0, MAX_NAMES).map(nameOf).join(', ');
  return ids.length > MAX_NAMES ? `${shown} +${ids.length - MAX_NAMES}` : shown;
}

/** "All sources and queues", or e.g. "Sources: Support · Queues: Billing, Sales +2". */
export function scopeSummary(
  scope: Scope,
  sourceLabel: (id: string) => string,
  queueName: (id: string) => string,
): string {
  if (!scope.sources && !scope.queues) return 'All sources and queues';
  const parts: string[] = [];
  parts.push(scope.sources ? `Sources: ${names(scope.sources, sourceLabel)}` : 'All sources');
  parts.push(scope.queues ? `Queues: ${names(scope.queues, queueName)}` : 'all queues');
  return parts.join(' · ');
}

/**
 * The scope without queues of sources it no longer includes. An emptied list stays empty (the
 * gateway then asks for a choice): turning it into "all queues" would widen what the user sees.
 */
export function pruneScope(scope: Scope): Scope {
  if (!scope.sources || !scope.queues) return scope;
  const sources = scope.sources;
  return { sources, queues: scope.queues.filter((id) => sources.some((s) => id.startsWith(`${s}:`))) };
}

export const FULL_SCOPE: Scope = { sources: null, queues: null };
