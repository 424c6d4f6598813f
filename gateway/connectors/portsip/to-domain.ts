import type { AgentState } from '@contract/agent';
import type { CallState, LiveCall, WaitingCaller } from '@contract/call';
import { makeId } from '@contract/common';
import type { ConnectorAgent, ConnectorQueue, LiveData } from '../types';
import type { AgentStatus, CallQueueSummary, QueueAgent, Session, WaitingItem } from './schemas';

/** One member of a queue: the `/agents` row and its `/agents/{ext}` status (null if none came back). */
export interface PolledMember {
  agent: QueueAgent;
  status: AgentStatus | null;
}

/** Everything read about one queue in one poll. */
export interface PolledQueue {
  queue: CallQueueSummary;
  waiting: WaitingItem[];
  members: PolledMember[];
}

// The read enum of GET /call_queues/{id}/agents/{agent_number}. Anything else (TRANSFER,
// CONSULT_TRANSFER, ON_HOLD from the prose, later versions' additions) is "unknown", raw kept.
const STATUS: Record<string, AgentState> = {
  READY: 'ready',
  NOT_READY: 'not_ready',
  QUEUE_CALL: 'on_queue_call',
  OTHER_CALL: 'on_other_call',
  WRAP_UP: 'wrap_up',
  BREAK: 'break',
  LUNCH: 'lunch',
  LOGGED_OUT: 'logged_out',
  OFFLINE: 'offline',
};

/** Canonical state of a PortSIP agent status string. */
export function mapStatus(raw: string | null | undefined): AgentState {
  if (!raw) return 'unknown';
  return STATUS[raw.trim().toUpperCase()] ?? 'unknown';
}

const ON_CALL = new Set<AgentState>(['ringing', 'on_queue_call', 'on_other_call']);
const NOT_READY = new Set<AgentState>(['not_ready', 'break', 'lunch']);
const OUT = new Set<AgentState>(['logged_out', 'offline']);

/**
 * PortSIP reports a status per queue. The agent's one state is the most telling of its logged-in
 * queues: a call outranks wrap-up, which outranks an aux state, which outranks ready.
 */
const RANK: AgentState[] = [
  'on_queue_call',
  'ringing',
  'on_other_call',
  'wrap_up',
  'unknown',
  'break',
  'lunch',
  'not_ready',
  'ready',
];

const iso = (ms: number) => new Date(ms).toISOString();

function isoOf(rfc3339: string | null | undefined): string | null {
  if (!rfc3339) return null;
  const t = Date.parse(rfc3339);
  return Number.isNaN(t) ? null : iso(t);
}

/** PortSIP repeats the number as the display name when there is none: show a name only when it is one. */
function nameOf(name: string | null | undefined, number: string | null | undefined): string | null {
  const t = name?.trim();
  return t && t !== number ? t : null;
}

interface Membership {
  queueId: string;
  queueName: string;
  state: AgentState;
  raw: string | null;
  reason: string | null;
  loggedIn: boolean;
}

/** Turns one poll (queues with waiting lists and member statuses, plus sessions) into contract data. */
export function toLiveData(
  sourceId: string,
  polled: PolledQueue[],
  sessions: Session[],
  now: number,
): LiveData {
  const queueByExt = new Map<string, { id: string; name: string }>();
  const agents = new Map<string, ConnectorAgent>();
  const memberships = new Map<string, Membership[]>();

  for (const { queue: q, members } of polled) {
    const queueId = makeId(sourceId, q.id);
    const queueName = q.name ?? q.extension_number ?? q.id;
    if (q.extension_number) queueByExt.set(q.extension_number, { id: queueId, name: queueName });
    for (const { agent: a, status } of members) {
      if (!status) continue;
      const ext = a.extension_number;
      const id = makeId(sourceId, ext);
      if (!agents.has(id)) {
        agents.set(id, {
          id,
          sourceId,
          vendorId: ext,
          name: a.display_name?.trim() || status.display_name?.trim() || ext,
          extension: ext,
          state: 'unknown',
          rawState: null,
          reason: null,
          queues: [],
          currentCall: null,
        });
        memberships.set(id, []);
      }
      const list = memberships.get(id)!;
      if (list.some((m) => m.queueId === queueId)) continue;
      const state = mapStatus(status.status);
      list.push({
        queueId,
        queueName,
        state,
        raw: status.status ?? null,
        reason: status.reason?.trim() || null,
        // No status at all says nothing about a login; an unknown one is a logged-in agent doing something new.
        loggedIn: status.status != null && !OUT.has(state),
      });
    }
  }

  for (const [id, agent] of agents) {
    const ms = memberships.get(id)!;
    agent.queues = ms.map((m) => ({
      queueId: m.queueId,
      queueName: m.queueName,
      loggedIn: m.loggedIn,
    }));
    const active = ms
      .filter((m) => m.loggedIn)
      .sort((a, b) => RANK.indexOf(a.state) - RANK.indexOf(b.state))[0];
    const shown =
      active ??
      ms.find((m) => m.state === 'offline') ??
      ms.find((m) => m.state === 'logged_out') ??
      ms[0];
    agent.state = (active ?? shown)?.state ?? 'unknown';
    agent.rawState = shown?.raw ?? null;
    agent.reason = active?.reason ?? null;
  }

  // Waiting callers, in the vendor's order (position = order in the list).
  const waiting: WaitingCaller[] = [];
  const waitingSessions = new Set<string>();
  for (const { queue: q, waiting: items } of polled) {
    const queueId = makeId(sourceId, q.id);
    items.forEach((w, i) => {
      waitingSessions.add(w.session_id);
      waiting.push({
        id: makeId(sourceId, w.session_id),
        sourceId,
        queueId,
        vendorSessionId: w.session_id,
        callerNumber: w.extension_number ?? null,
        callerName: nameOf(w.display_name, w.extension_number),
        waitingSince: w.waiting_time != null ? iso(now - w.waiting_time * 1000) : null,
        position: i + 1,
      });
    });
  }

  // Live calls: every session but the ones still waiting in a queue (those are WaitingCallers).
  const calls: LiveCall[] = [];
  const agentAt = (n: string | null | undefined) =>
    n ? agents.get(makeId(sourceId, n)) : undefined;
  // Agents who are the only agent on some session: that session is surely theirs.
  const soleAgent = new Set<string>();
  for (const s of sessions) {
    const c = s.calls[0];
    if (!c || waitingSessions.has(s.id)) continue;
    const [callee, caller] = [agentAt(c.callee), agentAt(c.caller)];
    if (callee && !caller) soleAgent.add(callee.id);
    if (caller && !callee) soleAgent.add(caller.id);
  }
  for (const s of sessions) {
    if (waitingSessions.has(s.id)) continue;
    const c = s.calls[0];
    if (!c) continue;
    const queue = c.callee ? queueByExt.get(c.callee) : undefined;
    const calleeAgent = c.callee ? agents.get(makeId(sourceId, c.callee)) : undefined;
    const callerAgent = c.caller ? agents.get(makeId(sourceId, c.caller)) : undefined;
    // Agent to agent, the call is the one of the two whose status shows a call (the callee first),
    // best one with no call of its own elsewhere: a colleague dialled may be ready or busy elsewhere.
    const onCall = (a: ConnectorAgent | undefined) => a !== undefined && ON_CALL.has(a.state);
    const free = (a: ConnectorAgent | undefined) => a !== undefined && !soleAgent.has(a.id);
    const agent =
      calleeAgent && callerAgent
        ? ([calleeAgent, callerAgent].find((a) => onCall(a) && free(a)) ??
          [calleeAgent, callerAgent].find(onCall) ??
          calleeAgent)
        : (calleeAgent ?? callerAgent);
    // A queue call that reached an agent no longer names the queue: take it from the agent when
    // exactly one of the agent's queues shows it on a queue call.
    let queueRef = queue ?? null;
    if (!queueRef && agent?.state === 'on_queue_call') {
      const onCall = (memberships.get(agent.id) ?? []).filter((m) => m.state === 'on_queue_call');
      if (onCall.length === 1) queueRef = { id: onCall[0]!.queueId, name: onCall[0]!.queueName };
    }
    const talking = c.talking_time ?? 0;
    // Still addressed to the queue's number: being offered to agents. Otherwise someone answered.
    const state: CallState = queue && talking === 0 ? 'ringing' : 'talking';
    const startedAt = isoOf(c.started_at);
    calls.push({
      id: makeId(sourceId, s.id),
      sourceId,
      queueId: queueRef?.id ?? null,
      queueName: queueRef?.name ?? null,
      callerNumber: c.caller ?? null,
      callerName: nameOf(c.caller_display_name, c.caller),
      agentId: agent?.id ?? null,
      agentName: agent?.name ?? null,
      state,
      startedAt,
      answeredAt: state === 'talking' ? iso(now - talking * 1000) : null,
    });
    if (agent && !agent.currentCall) {
      // The agent's call shows the other party: the caller when the agent answered, else the callee.
      const agentIsCallee = agent === calleeAgent;
      agent.currentCall = {
        callerNumber: (agentIsCallee ? c.caller : c.callee) ?? null,
        callerName: agentIsCallee ? nameOf(c.caller_display_name, c.caller) : null,
        queueId: queueRef?.id ?? null,
        startedAt,
      };
    }
  }

  const queues: ConnectorQueue[] = polled.map(({ queue: q, waiting: items, members }) => {
    const queueId = makeId(sourceId, q.id);
    const here: Membership[] = [];
    for (const ms of memberships.values()) {
      const m = ms.find((x) => x.queueId === queueId);
      if (m?.loggedIn) here.push(m);
    }
    const waits = items.map((w) => w.waiting_time).filter((t): t is number => t != null);
    return {
      id: queueId,
      sourceId,
      vendorId: q.id,
      name: q.name ?? q.extension_number ?? q.id,
      strategy: q.polling_strategy ?? null,
      live: {
        waiting: items.length,
        oldestWaitingSince: waits.length ? iso(now - Math.max(...waits) * 1000) : null,
        agentsTotal: new Set(members.map((m) => m.agent.extension_number)).size,
        agentsLoggedIn: here.length,
        agentsAvailable: here.filter((m) => m.state === 'ready').length,
        agentsOnCall: here.filter((m) => ON_CALL.has(m.state)).length,
        agentsWrapUp: here.filter((m) => m.state === 'wrap_up').length,
        agentsNotReady: here.filter((m) => NOT_READY.has(m.state)).length,
      },
    };
  });

  return { queues, agents: [...agents.values()], calls, waiting };
}
