import { describe, expect, it } from 'vitest';
import { PlaceError, type Placed, type PlaceRequest } from '../api/place-call';
import { BulkRunner, paceMs, type RunnerRow } from './bulk-runner';

const request = (n: number): PlaceRequest => ({
  kind: 'callback',
  body: {
    source: 'cb',
    phoneNumber: `+4072155500${n}`,
    scheduledAt: '2099-01-01T00:00:00Z',
    maxRetries: 3,
  },
});
const rows: RunnerRow[] = [1, 2, 3].map((n) => ({
  row: n,
  number: `+4072155500${n}`,
  request: request(n),
}));
const ok = (id: string, replayed = false): Placed => ({
  result: {
    ok: true,
    message: 'Callback scheduled',
    vendorCode: null,
    auditId: 1,
    entryIds: [`cb:${id}`],
  },
  replayed,
});

function harness(answers: Array<(key: string) => Placed>, budget: number | null = null) {
  const sent: string[] = [];
  const slept: number[] = [];
  let clock = 0;
  const runner = new BulkRunner(
    rows,
    [{ row: 4, number: 'x', outcome: 'invalid', entryIds: [], message: 'bad' }],
    {
      send: async (_req, key) => {
        sent.push(key);
        const answer = answers.shift();
        if (!answer) throw new Error('unexpected request');
        return answer(key);
      },
      keyOf: async (row) => `key-${row}`,
      budgetPerMinute: budget,
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
    },
  );
  const finished = new Promise<void>((resolve) =>
    runner.subscribe(() => runner.getState().status === 'done' && resolve()),
  );
  return { runner, sent, slept, finished };
}

describe('BulkRunner', () => {
  it('paces to half the budget', () => {
    expect(paceMs(60)).toBe(2000);
    expect(paceMs(null)).toBe(0);
  });

  it('waits Retry-After on a 429 and retries the same row with the same key', async () => {
    const limited = () => {
      throw new PlaceError({
        status: 429,
        code: 'RATE_LIMITED',
        message: 'wait',
        path: '/x',
        retryAfterMs: 7000,
      });
    };
    const { runner, sent, slept, finished } = harness(
      [() => ok('a'), limited, () => ok('b', true), () => ok('c')],
      60,
    );
    runner.start();
    await finished;
    expect(sent).toEqual(['key-1', 'key-2', 'key-2', 'key-3']);
    expect(slept).toContain(7000);
    expect(runner.report().map((r) => [r.row, r.outcome, r.entryIds[0] ?? r.message])).toEqual([
      [1, 'queued', 'cb:a'],
      [2, 'already placed', 'cb:b'],
      [3, 'queued', 'cb:c'],
      [4, 'invalid', 'bad'],
    ]);
  });

  it('records a vendor refusal and goes on', async () => {
    const refused = () => {
      throw new PlaceError({
        status: 422,
        code: 'VENDOR_ERROR',
        message: 'The vendor did not accept this phone number',
        path: '/x',
        retryAfterMs: null,
      });
    };
    const { runner, finished } = harness([() => ok('a'), refused, () => ok('c')]);
    runner.start();
    await finished;
    expect(runner.report()[1]).toMatchObject({
      outcome: 'refused',
      message: 'The vendor did not accept this phone number',
    });
    expect(runner.getState()).toMatchObject({ done: 3, total: 3 });
  });
});
