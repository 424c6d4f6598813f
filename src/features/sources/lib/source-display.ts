import type { Capabilities, EntryFilter, EntrySort, HealthStatus, SourceKind } from '@contract/source';
import type { BadgeTone } from '@/components/ui/status-badge';
import type { ProgressTone } from '@/components/ui/progress-bar';

/** The vendor product behind each source kind, as a supervisor knows it. */
export const VENDOR_LABELS: Record<SourceKind, string> = {
  fonouc: 'FonoUC',
  portsip: 'PortSIP PBX',
  iqra: 'Iqra AI',
  while1: 'While1 Voice',
};

export interface HealthDisplay {
  label: string;
  tone: BadgeTone;
  /** One sentence for the tooltip and screen readers. */
  description: string;
}

/** Health as text and colour; the colour only repeats the word. */
export const HEALTH_DISPLAY: Record<HealthStatus, HealthDisplay> = {
  ok: { label: 'OK', tone: 'ok', description: 'The last poll succeeded.' },
  degraded: {
    label: 'Degraded',
    tone: 'warn',
    description: 'The last poll failed; the last good data is still shown.',
  },
  down: {
    label: 'Down',
    tone: 'breach',
    description: 'The last poll failed and there is no good data to show.',
  },
  unknown: { label: 'Unknown', tone: 'neutral', description: 'Not polled yet.' },
};

const FILTER_LABELS: Record<EntryFilter, string> = {
  status: 'status',
  campaign: 'campaign',
  agent: 'agent',
  phone: 'phone',
  createdAt: 'created',
  scheduledAt: 'scheduled',
  completedAt: 'completed',
};

const SORT_LABELS: Record<EntrySort, string> = {
  createdAt: 'created',
  updatedAt: 'updated',
  scheduledAt: 'scheduled',
};

/** What a source can do, as short chip labels in a fixed order; only what it supports. */
export function capabilityChips(c: Capabilities): string[] {
  const chips: string[] = [];
  if (c.queues) chips.push('Queues');
  if (c.agents) chips.push('Agent grid');
  if (c.liveCalls) chips.push('Live calls');
  if (c.waitingCallers) chips.push('Waiting callers');
  if (c.entries && c.entries.directions.length > 0) {
    chips.push(`Entries: ${c.entries.directions.join(', ')}`);
  }
  if (c.campaigns) chips.push('Campaigns');
  if (c.cdrs) chips.push('Call records');
  if (c.agentQueueLogin) chips.push('Queue login/logout');
  if (c.agentStates.length > 0) chips.push('Agent state change');
  if (c.pickup) chips.push('Pickup');
  if (c.initiateCall) chips.push('Place calls');
  if (c.scheduleCallback) chips.push('Schedule callbacks');
  return chips;
}

/** "Filters: status, campaign · Sorts: created" for a source with entries; null without. */
export function entriesDetail(c: Capabilities): string | null {
  if (!c.entries) return null;
  const filters = c.entries.filters.map((f) => FILTER_LABELS[f]).join(', ') || 'none';
  const sorts = c.entries.sorts.map((s) => SORT_LABELS[s]).join(', ') || 'vendor order only';
  const total = c.entries.total ? 'totals' : 'no totals';
  return `Entry filters: ${filters} · Sorts: ${sorts} · ${total}`;
}

/** Share of the per-minute budget used, as a tone: calm, close, at the limit. */
export function budgetTone(used: number, budget: number): ProgressTone {
  if (budget <= 0) return 'accent';
  const share = used / budget;
  if (share >= 0.9) return 'breach';
  if (share >= 0.7) return 'warn';
  return 'ok';
}
