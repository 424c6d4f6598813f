import { z } from 'zod';
import { IsoTime } from './common';

export const SourceKind = z.enum(['fonouc', 'portsip', 'iqra', 'while1']);
export type SourceKind = z.infer<typeof SourceKind>;

export const EntryFilter = z.enum([
  'status',
  'campaign',
  'agent',
  'phone',
  'createdAt',
  'scheduledAt',
  'completedAt',
]);
export type EntryFilter = z.infer<typeof EntryFilter>;

export const EntrySort = z.enum(['createdAt', 'updatedAt', 'scheduledAt']);
export type EntrySort = z.infer<typeof EntrySort>;

/**
 * What a source can do. The UI shows a view or a control only where a capability says so:
 * nothing is stubbed for a source that cannot serve it.
 */
export const Capabilities = z.object({
  queues: z.boolean(),
  agents: z.boolean(),
  liveCalls: z.boolean(),
  waitingCallers: z.boolean(),
  entries: z
    .object({
      directions: z.array(z.enum(['outbound', 'inbound', 'callback'])),
      filters: z.array(EntryFilter),
      sorts: z.array(EntrySort),
      total: z.boolean(),
    })
    .nullable(),
  campaigns: z.boolean(),
  cdrs: z.boolean(),
  agentQueueLogin: z.boolean(),
  /** Canonical states an agent can be put into, or empty when state change is not supported. */
  agentStates: z.array(z.string()),
  pickup: z.boolean(),
  initiateCall: z.boolean(),
  scheduleCallback: z.boolean(),
});
export type Capabilities = z.infer<typeof Capabilities>;

export const HealthStatus = z.enum(['ok', 'degraded', 'down', 'unknown']);
export type HealthStatus = z.infer<typeof HealthStatus>;

/** Freshness of one source's live data: the SPA shows the age and a stale badge from this. */
export const Freshness = z.object({
  sourceId: z.string(),
  /**
   * When the gateway received this data. An answer is cached while the data stays the same, so
   * the latest poll that confirmed it is in FETCHED_AT_HEADER (304s included): see withFetchedAt.
   */
  fetchedAt: IsoTime.nullable(),
  /** Set while the last poll failed; the data above is then the last good one. */
  error: z.string().nullable(),
  errorSince: IsoTime.nullable(),
  stale: z.boolean(),
});
export type Freshness = z.infer<typeof Freshness>;

/**
 * On every live answer, 304s included: `<sourceId>=<epoch ms>` of each source's last good poll,
 * comma-separated. An unchanged snapshot keeps its body (and ETag) so screens get 304s, while this
 * header tells them the data was confirmed just now and is not going stale.
 */
export const FETCHED_AT_HEADER = 'x-queuedeck-fetched-at';

export function formatFetchedAt(freshness: readonly Freshness[]): string {
  return freshness
    .filter((f) => f.fetchedAt !== null)
    .map((f) => `${encodeURIComponent(f.sourceId)}=${Date.parse(f.fetchedAt as string)}`)
    .join(',');
}

/** The freshness list with each source's fetchedAt moved up to the header's, where it is later. */
export function withFetchedAt<F extends Freshness>(freshness: F[], header: string | null): F[] {
  if (!header) return freshness;
  const latest = new Map<string, number>();
  for (const part of header.split(',')) {
    const at = part.lastIndexOf('=');
    const ms = Number(part.slice(at + 1));
    if (at > 0 && Number.isFinite(ms)) latest.set(decodeURIComponent(part.slice(0, at).trim()), ms);
  }
  return freshness.map((f) => {
    const ms = latest.get(f.sourceId);
    if (ms === undefined || (f.fetchedAt !== null && Date.parse(f.fetchedAt) >= ms)) return f;
    return { ...f, fetchedAt: new Date(ms).toISOString() };
  });
}

export const SourceHealth = z.object({
  status: HealthStatus,
  lastPollAt: IsoTime.nullable(),
  lastSuccessAt: IsoTime.nullable(),
  lastError: z.string().nullable(),
  latencyMs: z.number().nullable(),
  requestsLastMinute: z.number().int(),
  budgetPerMinute: z.number().int().nullable(),
});
export type SourceHealth = z.infer<typeof SourceHealth>;

export const Source = z.object({
  id: z.string(),
  kind: SourceKind,
  label: z.string(),
  timeZone: z.string(),
  pollSeconds: z.number(),
  capabilities: Capabilities,
  health: SourceHealth,
});
export type Source = z.infer<typeof Source>;

export const SourcesResponse = z.object({ items: z.array(Source) });
export type SourcesResponse = z.infer<typeof SourcesResponse>;
