import { describe, expect, it } from 'vitest';
import type { Agent } from '../../contract/agent';
import { agentChurn, ScriptedFloor } from './agent-churn';

const agent = (i: number, state: Agent['state'] = 'ready'): Agent => ({
  id: `s:${i}`,
  sourceId: 's',
  vendorId: String(i),
  name: `Agent ${i}`,
  extension: String(100 + i),
  state,
  rawState: state,
  reason: null,
  stateSince: '2026-01-01T00:00:00.000Z',
  queues: [{ queueId: 's:q1', queueName: 'Q1', loggedIn: true }],
  currentCall: null,
});

describe('agentChurn', () => {
  it('counts state changes, any-field changes, new and removed agents', () => {
    const prev = [agent(1), agent(2), agent(3)];
    const next = [
      prev[0]!,
      { ...agent(2), state: 'break' as const },
      { ...agent(3), name: 'Renamed' },
      agent(4),
    ];
    expect(agentChurn(prev, next)).toEqual({
      total: 4,
      stateChanged: 2,
      anyChanged: 3,
      removed: 0,
    });
    expect(agentChurn(next, prev.slice(0, 1))).toEqual({
      total: 1,
      stateChanged: 0,
      anyChanged: 0,
      removed: 3,
    });
  });
});

describe('ScriptedFloor', () => {
  it('moves exactly the given share of agents to another state and keeps the rest identical', () => {
    const base = Array.from({ length: 500 }, (_, i) => agent(i));
    const floor = new ScriptedFloor(base, 0.2, 42);
    let prev: readonly Agent[] = base;
    for (let poll = 0; poll < 5; poll++) {
      const next = floor.next(`2026-01-01T00:00:0${poll + 1}.000Z`);
      const churn = agentChurn(prev, next);
      expect(churn).toEqual({ total: 500, stateChanged: 100, anyChanged: 100, removed: 0 });
      expect(next.filter((a, i) => a === prev[i])).toHaveLength(400);
      prev = next;
    }
  });

  it('is repeatable for a seed', () => {
    const base = Array.from({ length: 50 }, (_, i) => agent(i));
    const a = new ScriptedFloor(base, 0.2, 7).next('2026-01-01T00:00:01.000Z');
    const b = new ScriptedFloor(base, 0.2, 7).next('2026-01-01T00:00:01.000Z');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
