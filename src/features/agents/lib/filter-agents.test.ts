import { describe, expect, it } from 'vitest';
import { makeAgent } from '../test/fixtures';
import { queuesOf, sortAgents } from './filter-agents';

describe('queuesOf', () => {
  it('lists every queue once, by name, and keeps the same array while memberships stay', () => {
    const floor = [
      makeAgent({ vendorId: '1', name: 'Bo' }),
      makeAgent({ vendorId: '2', name: 'Cy', queues: [{ queueId: 'fono:q3', queueName: 'Billing', loggedIn: false }] }),
    ];
    const first = queuesOf(floor);
    expect(first.map((q) => q.queueName)).toEqual(['Billing', 'Sales', 'Support']);
    // A new poll: states change and the queue arrays are new objects with the same content.
    const next = floor.map((a) => ({ ...a, state: 'on_queue_call' as const, queues: a.queues.map((m) => ({ ...m, loggedIn: !m.loggedIn })) }));
    expect(queuesOf(next)).toBe(first);
  });

  it('follows a renamed queue, a new membership and an agent who leaves', () => {
    const a = makeAgent({ vendorId: '1' });
    const b = makeAgent({ vendorId: '2', queues: [{ queueId: 'fono:q3', queueName: 'Billing', loggedIn: true }] });
    queuesOf([a, b]);
    const renamed = { ...b, queues: [{ queueId: 'fono:q3', queueName: 'Accounts', loggedIn: true }] };
    expect(queuesOf([a, renamed]).map((q) => q.queueName)).toEqual(['Accounts', 'Sales', 'Support']);
    expect(queuesOf([a]).map((q) => q.queueName)).toEqual(['Sales', 'Support']);
    const joined = { ...a, queues: [...a.queues, { queueId: 'fono:q9', queueName: 'VIP', loggedIn: true }] };
    expect(queuesOf([joined]).map((q) => q.queueName)).toEqual(['Sales', 'Support', 'VIP']);
  });
});

describe('sortAgents by name', () => {
  it('follows a renamed agent even when everything else stays', () => {
    const a = makeAgent({ vendorId: '1', name: 'Ada' });
    const b = makeAgent({ vendorId: '2', name: 'Bea' });
    expect(sortAgents([b, a], 'name').map((x) => x.name)).toEqual(['Ada', 'Bea']);
    expect(sortAgents([b, { ...a, name: 'Zoe' }], 'name').map((x) => x.name)).toEqual(['Bea', 'Zoe']);
  });
});
