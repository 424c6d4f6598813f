import { describe, expect, it } from 'vitest';
import type { AgentsResponse } from '@contract/agent';
import { makeAgent } from '../test/fixtures';
import { shareAgents } from './share-agents';

const answer = (items: AgentsResponse['items']): AgentsResponse => ({
  items,
  freshness: [{ sourceId: 'fono', fetchedAt: '2026-01-01T00:00:00.000Z', error: null, errorSince: null, stale: false }],
});

describe('shareAgents', () => {
  it('keeps unchanged agents and an unchanged answer identical', () => {
    const prev = answer([makeAgent({ id: 'a' }), makeAgent({ id: 'b' })]);
    const same = structuredClone(prev);
    expect(shareAgents(prev, same)).toBe(prev);

    const next = structuredClone(prev);
    next.items[1] = { ...next.items[1]!, state: 'break' };
    const shared = shareAgents(prev, next) as AgentsResponse;
    expect(shared).not.toBe(prev);
    expect(shared.items[0]).toBe(prev.items[0]);
    expect(shared.items[1]).toBe(next.items[1]);
    expect(shared.freshness).toBe(prev.freshness);
  });

  it('notices a change in a call or a queue membership, and agents that moved', () => {
    const prev = answer([makeAgent({ id: 'a' }), makeAgent({ id: 'b' })]);
    const next = structuredClone(prev);
    next.items[0] = { ...next.items[0]!, queues: next.items[0]!.queues.map((m) => ({ ...m, loggedIn: !m.loggedIn })) };
    next.items.reverse();
    const shared = shareAgents(prev, next) as AgentsResponse;
    expect(shared.items.map((a) => a.id)).toEqual(['b', 'a']);
    expect(shared.items[0]).toBe(prev.items[1]);
    expect(shared.items[1]).not.toBe(prev.items[0]);
    expect(shareAgents(undefined, next)).toBe(next);
  });
});
