/**
 * The vendor-neutral call-centre model. Dialects translate these objects into each vendor's wire
 * shapes; nothing here knows about any vendor.
 *
 * Times are Unix seconds as floats (sub-second precision matters: FonoUC reports float times).
 */

export const AGENT_STATES = [
  'logged_out',
  'ready',
  'ringing',
  'on_queue_call',
  'on_other_call',
  'wrap_up',
  'not_ready',
  'break',
  'lunch',
] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** States a supervisor (or the agent's phone) may ask for. */
export type SettableAgentState = 'ready' | 'not_ready' | 'break' | 'lunch' | 'wrap_up' | 'logged_out';

/**
 * Routing strategies, named neutrally:
 * ring_all = every ready agent rings, first to answer wins; longest_idle = ready the longest;
 * round_robin = offered least recently; least_worked = fewest answered calls today;
 * skills = best skill level first, then longest idle.
 */
export type Strategy = 'ring_all' | 'longest_idle' | 'round_robin' | 'least_worked' | 'skills';

export interface QueueSpec {
  name: string;
  strategy: Strategy;
  /** Service-level threshold T in seconds. */
  slaSeconds: number;
  /** A caller still waiting after this leaves the queue (disposition abandoned, exit max_wait). */
  maxWaitSeconds: number;
  wrapUpSeconds: number;
  ringTimeoutSeconds: number;
  /** Median talk time; durations are lognormal around it. */
  talkMedianSeconds: number;
  /** Relative share of agents whose primary queue this is. */
  weight: number;
  /** Skill tag agents of this queue carry. */
  skill: string;
}

export interface TenantSpec {
  /** Stable key, part of every seed derived for this tenant. */
  key: string;
  /** Display name of the tenant, e.g. "Support". */
  name: string;
  /** IANA zone for "today" and shift hours; default UTC. Offset is fixed at creation (no DST jumps mid-run). */
  timezone?: string;
  agentCount: number;
  queues: QueueSpec[];
  /** First agent extension; agents get consecutive numbers. */
  agentExtensionStart: number;
  /** First queue extension. */
  queueExtensionStart: number;
  didCountry: 'GB' | 'US' | 'DE' | 'IE';
  emailDomain: string;
  /** Multiplies arrival rates (1 = about 80 % occupancy when staffed). */
  load?: number;
}

export interface Membership {
  readonly agentId: string;
  readonly queueId: string;
  /** 1 = best. */
  readonly skillLevel: number;
  /** Whether the agent is logged into this queue (routing needs it). */
  loggedIn: boolean;
  /** What the agent does at shift start. */
  readonly defaultLoggedIn: boolean;
}

export interface Queue {
  readonly id: string;
  readonly index: number;
  readonly name: string;
  readonly extension: string;
  readonly did: string;
  readonly strategy: Strategy;
  readonly slaSeconds: number;
  readonly maxWaitSeconds: number;
  readonly wrapUpSeconds: number;
  readonly ringTimeoutSeconds: number;
  readonly talkMedianSeconds: number;
  readonly skill: string;
  readonly members: Membership[];
  /** Callers waiting, in order: index 0 is next to be offered. */
  readonly waiting: Caller[];
  /** Members that are ready and logged into this queue (kept incrementally). */
  readyCount: number;
  readonly counters: QueueCounters;
}

/** Running totals since the model started; they must add up (see assertInvariants). */
export interface QueueCounters {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSla: number;
}

export interface Shift {
  /** Local minutes after midnight; end may exceed 1440 for night shifts. */
  startMinute: number;
  endMinute: number;
}

export interface Agent {
  readonly id: string;
  readonly index: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly extension: string;
  readonly skills: readonly string[];
  readonly memberships: Membership[];
  readonly shift: Shift;
  state: AgentState;
  /** Reason of not_ready / break / lunch, else null. */
  reason: string | null;
  stateSince: number;
  /** Phone registered: true while on shift. */
  registered: boolean;
  /** The call the agent is on or being offered, if any. */
  call: Caller | OtherCall | null;
  /** State to enter once the current call or wrap-up ends. */
  pending: { state: SettableAgentState; reason: string | null; manual: boolean } | null;
  answeredToday: number;
  lastOfferedAt: number;
  /** Bumped on every state change; timers carry it so stale ones are ignored. */
  epoch: number;
  /** Bumped on every login/logout of the shift; spontaneous activity timers carry it. */
  shiftNo: number;
}

export interface RingAttempt {
  readonly agentId: string;
  readonly at: number;
  answered: boolean;
}

export type CallerStatus = 'waiting' | 'ringing' | 'connected';

/** An inbound caller of a queue, from arrival until hang-up. */
export interface Caller {
  readonly kind: 'queue';
  readonly id: string;
  readonly seq: number;
  readonly queueId: string;
  readonly number: string;
  /** Caller-ID name when the network delivers one. */
  readonly name: string | null;
  /** Call start (IVR, announcements) before entering the queue. */
  readonly startedAt: number;
  readonly enteredAt: number;
  status: CallerStatus;
  /** Agent ringing or talking; null while waiting and for supervisor pickups. */
  agentId: string | null;
  pickedUpBy: string | null;
  ringStartedAt: number | null;
  answeredAt: number | null;
  /** Planned talk and hold once connected; hold starts holdOffset seconds after answer. */
  talkSeconds: number;
  holdSeconds: number;
  holdOffset: number;
  endsAt: number | null;
  /** The current offer will ring out unanswered (ring-no-answer). */
  noAnswer: boolean;
  readonly attempts: RingAttempt[];
  readonly patienceAt: number;
  /** Bumped when the caller changes status, so stale abandon timers are ignored. */
  epoch: number;
}

/** A non-queue call of an agent (outbound, internal, direct inbound). */
export interface OtherCall {
  readonly kind: 'other';
  readonly id: string;
  readonly seq: number;
  readonly agentId: string;
  readonly direction: 'outbound' | 'inbound' | 'internal';
  readonly remoteNumber: string;
  readonly remoteName: string | null;
  readonly startedAt: number;
  readonly endsAt: number;
}

export type Disposition = 'answered' | 'abandoned';
export type ExitReason = 'answered' | 'caller_hangup' | 'max_wait';

export interface Cdr {
  readonly id: string;
  readonly seq: number;
  readonly queueId: string;
  readonly callerNumber: string;
  readonly callerName: string | null;
  /** Number the caller dialled (the queue's DID). */
  readonly dialled: string;
  readonly startedAt: number;
  readonly enteredAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number;
  readonly waitSeconds: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly wrapSeconds: number;
  readonly disposition: Disposition;
  readonly exitReason: ExitReason;
  /** Agent that answered; null when abandoned or picked up by a supervisor. */
  readonly agentId: string | null;
  readonly pickedUpBy: string | null;
  readonly attempts: readonly RingAttempt[];
}

export type ModelError =
  | 'unknown_agent'
  | 'unknown_queue'
  | 'not_member'
  | 'unknown_caller'
  | 'agent_offline'
  | 'invalid_state';

export type ModelResult<T = undefined> = { ok: true; value: T } | { ok: false; error: ModelError };
