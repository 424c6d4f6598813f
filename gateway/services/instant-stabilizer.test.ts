import { describe, expect, it } from 'vitest';
import type { LiveData } from '../connectors/types';
import { InstantStabilizer } from './instant-stabilizer';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 24, 10) + ms).toISOString();

function snapshot(callStart: number | null, waitSince: number | null): LiveData {
  return {
    queues: [],
    agents: [],
    calls:
      callStart === null
        ? []
        : [
            {
              id: 'c1',
              sourceId: 's',
              queueId: 'q',
              queueName: 'Q',
              callerNumber: null,
              callerName: null,
              agentId: null,
              agentName: null,
              state: 'talking',
              startedAt: at(callStart),
              answeredAt: at(callStart + 5_000),
            },
          ],
    waiting:
      waitSince === null
        ? []
        : [
            {
              id: 'w1',
              sourceId: 's',
              queueId: 'q',
              vendorSessionId: null,
              callerNumber: null,
              callerName: null,
              waitingSince: at(waitSince),
              position: 1,
            },
          ],
  };
}

describe('InstantStabilizer', () => {
  it('keeps the first estimate while later ones wander within the tolerance', () => {
    const s = new InstantStabilizer(1500);
    const first = s.apply(snapshot(0, 100));
    const second = s.apply(snapshot(900, 1_000));
    const third = s.apply(snapshot(-400, 600));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(JSON.stringify(third)).toBe(JSON.stringify(first));
    // Unchanged items stay the same objects where nothing moved.
    expect(second.calls[0]?.startedAt).toBe(at(0));
  });

  it('takes a move beyond the tolerance as a real change', () => {
    const s = new InstantStabilizer(1500);
    s.apply(snapshot(0, 0));
    const moved = s.apply(snapshot(4_000, 0));
    expect(moved.calls[0]?.startedAt).toBe(at(4_000));
    expect(moved.calls[0]?.answeredAt).toBe(at(9_000));
    expect(moved.waiting[0]?.waitingSince).toBe(at(0));
  });

  it('forgets instants that left the snapshot', () => {
    const s = new InstantStabilizer(1500);
    s.apply(snapshot(0, null));
    s.apply(snapshot(null, null));
    // The call is gone for a poll; when an id reappears its new estimate stands.
    expect(s.apply(snapshot(1_000, null)).calls[0]?.startedAt).toBe(at(1_000));
  });
});
