import type { Agent, AgentState } from '@contract/agent';
import type { LiveCall, WaitingCaller } from '@contract/call';
import type { Cdr } from '@contract/cdr';
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
  /**
   * Finished queue calls whose call start lies in [fromMs, toMs] (vendors report by call start, so
   * a call shows up only once it ended), every vendor page read; needs `capabilities.cdrs`.
   */
  fetchCdrs?(fromMs: number, toMs: number, signal: AbortSignal): Promise<Cdr[]>;
  health(): ConnectorHealth;
  close(): Promise<void>;
}
