/**
 * Vendor-neutral shapes of the campaign world. Dialects translate these into each vendor's wire
 * vocabulary; nothing here knows about Iqra or While1 field names.
 */

export type Vendor = 'iqra' | 'while1';

/** Stored as small integers (index keys stay one byte). */
export const Direction = { outbound: 0, inbound: 1, callback: 2 } as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

export const Status = {
  pending: 0,
  dialing: 1,
  inProgress: 2,
  completed: 3,
  failed: 4,
  cancelled: 5,
  expired: 6,
  deleted: 7,
} as const;
export type Status = (typeof Status)[keyof typeof Status];
export const STATUS_NAMES = [
  'pending',
  'dialing',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
  'expired',
  'deleted',
] as const;

/**
 * How an attempt ended. The numbering is Iqra's ConversationSessionEndType (docs/vendors.md#iqra-statuses), used
 * as the world's own vocabulary because it is the richest of the four; While1 maps it to Asterisk
 * dial statuses.
 */
export const EndType = {
  notSet: 0,
  initializeError: 1,
  expiredWaitingForInitialize: 2,
  userDeclinedOrBusy: 3,
  userNoAnswer: 4,
  userEndedCall: 5,
  agentEndedCall: 6,
  midSessionFailure: 7,
  userSilenceTimeoutReached: 8,
  maxConversationDurationReached: 9,
  voicemailDetected: 10,
} as const;
export type EndType = (typeof EndType)[keyof typeof EndType];
/** Iqra's own spellings, typos included ("Initalize"), because that is what goes on the wire. */
export const END_TYPE_NAMES = [
  'NotSet',
  'InitalizeError',
  'ExpiredWaitingForInitalize',
  'UserDeclinedOrBusy',
  'UserNoAnswer',
  'UserEndedCall',
  'AgentEndedCall',
  'MidSessionFailure',
  'UserSilenceTimeoutReached',
  'MaxConversationDurationReached',
  'VoicemailDetected',
] as const;
/** End types that mean the attempt failed (and may be retried). */
export const FAILURE_END_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 4, 7, 10]);

/** One row of the entries table, exactly as stored (times in epoch ms). */
export interface EntryRow {
  id: number;
  tenant: number;
  direction: Direction;
  campaign_id: number | null;
  agent_id: number | null;
  number_id: number | null;
  status: Status;
  /** E.164 digits without '+'. */
  phone: number;
  created_at: number;
  updated_at: number;
  scheduled_at: number | null;
  started_at: number | null;
  connected_at: number | null;
  completed_at: number | null;
  retry_count: number;
  max_retries: number;
  end_type: EndType | null;
  expires_at: number | null;
  external_id: string | null;
  /** JSON of API-supplied details (variables, metadata, names); null for generated rows. */
  extra: string | null;
}

export interface EntryExtra {
  name?: string;
  priority?: number;
  dynamicVariables?: Record<string, string>;
  metadata?: Record<string, string>;
  vars?: Record<string, string>;
}

export interface Tenant {
  id: number;
  vendor: Vendor;
  name: string;
  /** Iqra business id; null for While1. */
  businessId: number | null;
  balanceCents: number;
  locale: 'us' | 'ro';
}

/** Who answers: an Iqra AI agent, or a While1 user/queue. */
export interface Agent {
  id: number;
  tenant: number;
  /** Vendor-visible id: ObjectId for Iqra, extension or queue name for While1. */
  externalId: string;
  name: string;
  enabled: boolean;
}

/** A calling number configured on the tenant (Iqra NumberId, While1 outbound number). */
export interface CallingNumber {
  id: number;
  tenant: number;
  externalId: string;
  /** E.164 digits. */
  number: number;
  /** Iqra TelephonyProviderEnum value. */
  provider: number;
}

export type CampaignKind = 'campaign' | 'route';
export type CampaignState = 'running' | 'paused' | 'finished';

/** While1 campaign attributes from CallQueue/Save (all optional in the world's eyes). */
export interface While1CampaignInfo {
  projectId: number;
  type: 'user' | 'queue' | 'context';
  destination: string;
  campaignInfo: string;
  outboundType: 'auto' | 'manual';
  attendType: 'attended' | 'unattended';
  outboundNumber: string;
  outboundTrunk: string;
  /** DID that the original caller dialled (missed-call callbacks) or the outbound number. */
  dnid: string;
  inboundRouteId: number | null;
}

/**
 * A group of entries with its own pacing: an outbound campaign, an inbound route (Iqra), or a
 * While1 callback campaign.
 */
export interface Campaign {
  id: number;
  tenant: number;
  kind: CampaignKind;
  direction: Direction;
  externalId: string;
  name: string;
  agentId: number | null;
  numberId: number | null;
  /** Simultaneous calls the dialer allows. */
  concurrency: number;
  state: CampaignState;
  createdAt: number;
  /** Inbound arrivals per minute at peak (routes, missed-call campaigns); 0 = none. */
  arrivalsPerMinute: number;
  /** Retry spacing after a failed attempt. */
  retryDelayMs: [number, number];
  defaultMaxRetries: number;
  while1: While1CampaignInfo | null;
}

export type SortField = 'createdAt' | 'updatedAt' | 'scheduledAt';

/** Filter over one tenant and direction. Absent fields do not filter; empty arrays match nothing. */
export interface EntryFilter {
  tenant: number;
  direction: Direction;
  statuses?: readonly Status[];
  campaignIds?: readonly number[];
  agentIds?: readonly number[];
  numberIds?: readonly number[];
  /** E.164 digits. */
  phones?: readonly number[];
  externalIds?: readonly string[];
  createdFrom?: number;
  createdTo?: number;
  scheduledFrom?: number;
  scheduledTo?: number;
  /** With scheduledTo: also match rows with no schedule (While1 `schedule_null`). */
  scheduledToIncludesNull?: boolean;
  completedFrom?: number;
  completedTo?: number;
}

export interface EntryPageQuery {
  filter: EntryFilter;
  sort: SortField;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** Keyset page over createdAt (Iqra's cursor API): rows strictly after the key in `order`. */
export interface EntryKeysetQuery {
  filter: EntryFilter;
  order: 'asc' | 'desc';
  after: { createdAt: number; id: number } | null;
  limit: number;
}
