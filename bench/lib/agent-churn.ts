import type { Agent, AgentState } from '../../contract/agent';
import { Rng } from './rng';

/**
 * The agent-grid benchmark's workload: how much of a floor changes between two `/api/v1/agents`
 * snapshots, and a scripted floor where exactly a given share of agents changes state each poll.
 */

export interface Churn {
  /** Agents in the newer snapshot. */
  total: number;
  /** Agents (by id) whose state differs from the older snapshot, or that are new. */
  stateChanged: number;
  /** Agents whose JSON differs in any field (what defeats structural sharing), or that are new. */
  anyChanged: number;
  /** Agents of the older snapshot missing from the newer one. */
  removed: number;
}

/** Compares two snapshots agent by agent (by id). */
export function agentChurn(prev: readonly Agent[], next: readonly Agent[]): Churn {
  const before = new Map(prev.map((a) => [a.id, a]));
  let stateChanged = 0;
  let anyChanged = 0;
  for (const a of next) {
    const o = before.get(a.id);
    before.delete(a.id);
    if (!o || o.state !== a.state) stateChanged++;
    if (!o || (o !== a && JSON.stringify(o) !== JSON.stringify(a))) anyChanged++;
  }
  return { total: next.length, stateChanged, anyChanged, removed: before.size };
}

/** States a scripted agent moves between, weighted like a working floor (Available and calls most). */
const NEXT_STATES: readonly AgentState[] = [
  'ready',
  'ready',
  'ready',
  'on_queue_call',
  'on_queue_call',
  'on_queue_call',
  'ringing',
  'wrap_up',
  'wrap_up',
  'not_ready',
  'break',
  'on_other_call',
];

/**
 * A floor that moves by script: each `next()` picks exactly `round(fraction × n)` agents at random
 * (seeded) and moves each to another state, with `stateSince` = now and a call while on a call.
 * Every other agent is the same object as before, so its JSON is byte-identical from poll to poll.
 */
export class ScriptedFloor {
  private agents: Agent[];
  private readonly rng: Rng;

  constructor(
    base: readonly Agent[],
    private readonly fraction: number,
    seed: number,
  ) {
    this.agents = [...base];
    this.rng = new Rng(seed);
  }

  get current(): readonly Agent[] {
    return this.agents;
  }

  /** The next snapshot's agents; `now` is the ISO time the changes happened. */
  next(now: string): Agent[] {
    const n = this.agents.length;
    const k = Math.min(n, Math.round(this.fraction * n));
    // Partial Fisher–Yates over the indices: k distinct agents.
    const idx = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.rng.next() * (n - i));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    const out = [...this.agents];
    for (let i = 0; i < k; i++) {
      const at = idx[i] as number;
      out[at] = this.move(out[at] as Agent, now);
    }
    this.agents = out;
    return out;
  }

  private move(a: Agent, now: string): Agent {
    let state = this.rng.pick(NEXT_STATES);
    while (state === a.state) state = this.rng.pick(NEXT_STATES);
    const onCall = state === 'on_queue_call' || state === 'on_other_call' || state === 'ringing';
    const queue = a.queues[0];
    return {
      ...a,
      state,
      rawState: state,
      reason: state === 'not_ready' ? 'Coaching' : null,
      stateSince: now,
      currentCall: onCall
        ? {
            callerNumber: `+1415555${String(this.rng.int(0, 9999)).padStart(4, '0')}`,
            callerName: null,
            queueId: state === 'on_other_call' ? null : (queue?.queueId ?? null),
            startedAt: state === 'ringing' ? null : now,
          }
        : null,
    };
  }
}
