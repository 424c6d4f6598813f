import type { InitiateCallRequest, ScheduleCallbackRequest } from '@contract/actions';
import type { Agent, AgentState } from '@contract/agent';
import type { LiveCall, WaitingCaller } from '@contract/call';
import type { Cdr } from '@contract/cdr';
import type {
  EntriesQuery,
  EntryDirection,
  EntryStatus,
  QueueEntry,
  QueueEntryDetail,
} from '@contract/entry';
import type { Queue } from '@contract/queue';
import type { Capabilities, SourceKind } from '@contract/source';

/** A queue as a connector sees it; metrics and SLA settings are added above the connector. */
export type ConnectorQueue = Omit<Queue, 'metrics' | 'sla'>;

/** An agent as a connector sees it; `stateSince` is the gateway's own observation. */
export type ConnectorAgent = Omit<Agent, 'stateSince'>;

/** Everything live about one source, already in contract shapes. */
export interface LiveData {
  queues: ConnectorQueue[];
  agents: ConnectorAgent[];
  calls: LiveCall[];
  waiting: WaitingCaller[];
}

/**
 * An entries query as a connector receives it (issue 5): `order` is undefined when the caller left
 * the source's natural order (Iqra docs: newest first; While1: oldest first).
 */
export type EntriesRequest = Omit<EntriesQuery, 'order'> & { order?: 'asc' | 'desc' };

/** One page of queue entries translated from the vendor's own paging. */
export interface ConnectorEntriesPage {
  items: QueueEntry[];
  /** Null where the vendor gives no total. */
  total: number | null;
  hasNextPage: boolean;
}

/** A campaign as its connector last counted it; rates and estimates are derived above. */
export interface ConnectorCampaign {
  vendorId: string;
  name: string;
  /** Entries per canonical status; a vendor whose vocabulary merges statuses reports the merged one. */
  counts: Partial<Record<EntryStatus, number>>;
  total: number;
  /** When `counts` were read (ms); null until first counted. */
  countedAt: number | null;
}

/** An error a vendor answered with, in plain words, keeping the vendor's own code. */
export class VendorError extends Error {
  constructor(
    message: string,
    readonly vendorCode: string | null,
    readonly status: number | null,
    /** True when nothing reached the vendor or the vendor failed: worth retrying later. */
    readonly transient: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'VendorError';
  }
}

export interface ConnectorHealth {
  requestsLastMinute: number;
  budgetPerMinute: number | null;
  lastLatencyMs: number | null;
}

/**
 * One vendor source behind the contract. Vendor shapes stay inside the connector's folder; what
 * crosses this interface is contract data. Optional methods exist exactly when the matching
 * capability is true.
 */
export interface Connector {
  readonly id: string;
  readonly kind: SourceKind;
  readonly label: string;
  readonly capabilities: Capabilities;
  fetchLive?(signal: AbortSignal): Promise<LiveData>;
  agentQueue?(
    agentVendorId: string,
    queueVendorId: string,
    action: 'login' | 'logout',
  ): Promise<void>;
  /** Puts an agent into one of `capabilities.agentStates` in a queue (`reason` where the vendor takes one). */
  setAgentState?(
    agentVendorId: string,
    queueVendorId: string,
    state: AgentState,
    reason?: string,
  ): Promise<void>;
  /** Answers a waiting caller (`WaitingCaller.vendorSessionId`) of a queue; needs `capabilities.pickup`. */
  pickup?(queueVendorId: string, vendorSessionId: string): Promise<void>;
  /** Queues an outbound call; resolves with the vendor ids of the entries it created. Never retried. */
  initiateCall?(req: InitiateCallRequest): Promise<string[]>;
  /** Schedules a callback; resolves with the vendor ids of the entries it created. Never retried. */
  scheduleCallback?(req: ScheduleCallbackRequest): Promise<string[]>;
  /**
   * Finished queue calls whose call start lies in [fromMs, toMs] (vendors report by call start, so
   * a call shows up only once it ended), every vendor page read; needs `capabilities.cdrs`.
   */
  fetchCdrs?(fromMs: number, toMs: number, signal: AbortSignal): Promise<Cdr[]>;
  /**
   * Parts of an entries query this source cannot serve beyond what `capabilities.entries` says
   * (field → reason), checked before `listEntries`; empty when all is servable.
   */
  entriesQueryProblems?(q: EntriesRequest): Record<string, string>;
  /** One page of queue entries; needs `capabilities.entries`. */
  listEntries?(q: EntriesRequest, signal: AbortSignal): Promise<ConnectorEntriesPage>;
  /**
   * Entries per canonical status for the query's filters, its status filter ignored; null when the
   * vendor has no cheap way or the request budget cannot spare it now.
   */
  countEntriesByStatus?(
    q: EntriesRequest,
    signal: AbortSignal,
  ): Promise<Record<string, number> | null>;
  /** One entry with its raw vendor fields; null when the vendor does not know it. */
  getEntry?(
    vendorId: string,
    direction: EntryDirection | null,
    signal: AbortSignal,
  ): Promise<QueueEntryDetail | null>;
  /** One campaign poll: discovery and recounts within the connector's share of its budget; needs `capabilities.campaigns`. */
  fetchCampaigns?(signal: AbortSignal): Promise<ConnectorCampaign[]>;
  health(): ConnectorHealth;
  close(): Promise<void>;
}
