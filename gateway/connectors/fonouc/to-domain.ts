import type { AgentState } from '@contract/agent';
import type { LiveCall, WaitingCaller } from '@contract/call';
import { makeId } from '@contract/common';
import type { ConnectorAgent, ConnectorQueue, LiveData } from '../types';
import type { QueueCall, QueueStatus } from './schemas';

// FonoUC does not document agent status values; these are the ones seen in the field and in our
// simulator. Anything else maps to "unknown" and keeps its raw value for the UI.
const STATUS: Record<string, AgentState> = {
  idle: 'ready',
  available: 'ready',
  ready: 'ready',
  ringing: 'ringing',
  connected: 'on_queue_call',
  in_call: 'on_queue_call',
  busy: 'on_other_call',
  wrapup: 'wrap_up',
  wrap_up: 'wrap_up',
  paused: 'not_ready',
  not_ready: 'not_ready',
  break: 'break',
  lunch: 'lunch',
  logged_out: 'logged_out',
  offline: 'offline',
};

/** Canonical state of a FonoUC agent status string. */
export function mapStatus(raw: string | null | undefined, loggedInAnywhere: boolean): AgentState {
  if (!loggedInAnywhere)
    return raw && STATUS[raw.toLowerCase()] === 'offline' ? 'offline' : 'logged_out';
  if (!raw) return 'unknown';
  return STATUS[raw.toLowerCase()] ?? 'unknown';
}

const ON_CALL = new Set<AgentState>(['ringing', 'on_queue_call', 'on_other_call']);
const NOT_READY = new Set<AgentState>(['not_ready', 'break', 'lunch']);

/** FonoUC wraps caller names in literal quotes ("\"9411234567\""); show the name, not the quoting. */
function cleanName(name: string | null | undefined): string | null {
  if (!name) return null;
  const t = name.replace(/^"+|"+$/g, '').trim();
  return t === '' ? null : t;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Turns one poll of queue status + queue calls into contract data. */
export function toLiveData(
  sourceId: string,
  statuses: QueueStatus[],
  calls: QueueCall[],
  now: number,
): LiveData {
  const queueIdByName = new Map(statuses.map((q) => [q.name, makeId(sourceId, q.id)]));
  const agents = new Map<string, ConnectorAgent>();

  for (const q of statuses) {
    const queueId = makeId(sourceId, q.id);
    for (const a of q.agents ?? []) {
      const id = makeId(sourceId, a.id);
      let agent = agents.get(id);
      if (!agent) {
        const conf = a.conference;
        const talk = conf?.agent?.duration ?? null;
        agent = {
          id,
          sourceId,
          vendorId: a.id,
          name: a.name?.trim() || a.extension || a.id,
          extension: a.extension ?? null,
          state: 'unknown',
          rawState: a.status ?? null,
          reason: null,
          queues: [],
          currentCall: conf
            ? {
                callerNumber: conf.caller?.number ?? null,
                callerName: cleanName(conf.caller?.name),
                queueId,
                startedAt:
                  conf.answered && talk !== null
                    ? iso(now - talk * 1000)
                    : conf.duration != null
                      ? iso(now - conf.duration * 1000)
                      : null,
              }
            : null,
        };
        agents.set(id, agent);
      }
      agent.queues.push({ queueId, queueName: q.name, loggedIn: a.logged_in === true });
    }
  }
  for (const a of agents.values()) {
    a.state = mapStatus(
      a.rawState,
      a.queues.some((m) => m.loggedIn),
    );
  }

  const liveCalls: LiveCall[] = [];
  const waiting: WaitingCaller[] = [];
  const seen = new Map<string, number>();
  for (const c of calls) {
    const queueId = c.name ? (queueIdByName.get(c.name) ?? null) : null;
    const enteredAt = c.duration != null ? now - c.duration * 1000 : null;
    // Calls carry no documented id; fall back to queue + caller number, numbered when repeated.
    const base = c.id ?? `${c.name ?? ''}|${c.caller?.number ?? ''}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const vendorId = n > 1 ? `${base}#${n}` : base;
    const agentVendorId = c.agent?.id ?? null;
    if (!c.answered && !agentVendorId) {
      waiting.push({
        id: makeId(sourceId, vendorId),
        sourceId,
        queueId: queueId ?? makeId(sourceId, c.name ?? 'unknown'),
        vendorSessionId: null,
        callerNumber: c.caller?.number ?? null,
        callerName: cleanName(c.caller?.name),
        waitingSince: enteredAt === null ? null : iso(enteredAt),
        position: null,
      });
      continue;
    }
    const talk = c.agent?.duration ?? null;
    liveCalls.push({
      id: makeId(sourceId, vendorId),
      sourceId,
      queueId,
      queueName: c.name ?? null,
      callerNumber: c.caller?.number ?? null,
      callerName: cleanName(c.caller?.name),
      agentId: agentVendorId ? makeId(sourceId, agentVendorId) : null,
      agentName: c.agent?.agent_name ?? null,
      state: c.answered ? 'talking' : 'ringing',
      startedAt: enteredAt === null ? null : iso(enteredAt),
      answeredAt: c.answered && talk !== null ? iso(now - talk * 1000) : null,
    });
  }
  // Waiting callers in arrival order, numbered per queue.
  waiting.sort((a, b) => (a.waitingSince ?? '').localeCompare(b.waitingSince ?? ''));
  const pos = new Map<string, number>();
  for (const w of waiting) {
    const p = (pos.get(w.queueId) ?? 0) + 1;
    pos.set(w.queueId, p);
    w.position = p;
  }

  const queues: ConnectorQueue[] = statuses.map((q) => {
    const queueId = makeId(sourceId, q.id);
    const members = [...agents.values()].filter((a) =>
      a.queues.some((m) => m.queueId === queueId && m.loggedIn),
    );
    const waitingHere = waiting.filter((w) => w.queueId === queueId);
    return {
      id: queueId,
      sourceId,
      vendorId: q.id,
      name: q.name,
      strategy: q.strategy ?? null,
      live: {
        waiting: waitingHere.length,
        oldestWaitingSince: waitingHere[0]?.waitingSince ?? null,
        agentsTotal: q.total_agents ?? q.agents?.length ?? 0,
        agentsLoggedIn: q.logged_in_agents ?? members.length,
        agentsAvailable: members.filter((a) => a.state === 'ready').length,
        agentsOnCall: members.filter((a) => ON_CALL.has(a.state)).length,
        agentsWrapUp: members.filter((a) => a.state === 'wrap_up').length,
        agentsNotReady: members.filter((a) => NOT_READY.has(a.state)).length,
      },
    };
  });

  return { queues, agents: [...agents.values()], calls: liveCalls, waiting };
}
