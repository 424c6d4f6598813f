import { beforeEach, describe, expect, it } from 'vitest';
import type { QueueMetrics } from '@contract/queue';
import type { QueueHistoryStore } from '../store/queue-history';
import { ENGINES, storeFactory } from '../test-support/stores';
import type { LiveService } from './live';
import { HistoryService, foldSamples } from './history';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const NOW = Date.parse('2025-05-14T12:00:00Z');

const stores = storeFactory();

describe.each(ENGINES)('queue history on %s', (engine) => {
  let db: QueueHistoryStore;
  beforeEach(async () => {
    db = (await stores.open(engine)).queueHistory;
  });

  let batch: Parameters<QueueHistoryStore['put']>[0] = [];
  const insert = (
    queue: string,
    at: number,
    waiting: number | null,
    sl: number | null,
    answered: number | null,
  ) =>
    batch.push({
      queue_id: queue,
      at,
      waiting,
      service_level: sl,
      answered,
      abandoned: answered === null ? null : Math.floor(answered / 10),
    });
  const flush = async () => {
    await db.put(batch);
    batch = [];
  };

  const rows = async (queue: string, from = 0, to = Number.MAX_SAFE_INTEGER) =>
    (await db.read(queue, from, to - 1)).map(({ abandoned: _a, ...r }) => r);

  const noLive = { all: () => [] } as unknown as Pick<LiveService, 'all'>;

  describe('history retention', () => {
    it('keeps 1-minute samples 8 days, folds older ones into 15-minute buckets, drops them after 90 days', async () => {
      // Ten days of minute samples (answered climbs, waiting follows the minute) and one 100-day-old sample.
      const start = NOW - 10 * DAY;
      for (let at = start; at < NOW; at += MIN) {
        const minute = (at - start) / MIN;
        insert('s:q', at, minute % 15, 80, minute);
      }
      insert('s:q', NOW - 100 * DAY, 1, 1, 1);
      await flush();
      const h = new HistoryService(db, noLive, () => null, { now: () => NOW });
      const before = (await rows('s:q')).length;

      const result = await h.prune();
      expect(result.deleted).toBe(1);

      // The last 8 days are untouched (the cut-off is rounded down to a whole bucket).
      const cutoff = Math.floor((NOW - 8 * DAY) / (15 * MIN)) * 15 * MIN;
      expect(await rows('s:q', cutoff)).toHaveLength(8 * 24 * 60);
      // Before it: one sample per 15-minute bucket, the bucket's peak waiting and its last counters.
      const old = await rows('s:q', 0, cutoff);
      expect(old).toHaveLength(2 * 24 * 4);
      expect(result.folded).toBe(before - 1 - 8 * 24 * 60 - old.length);
      const first = old[0]!;
      expect(first).toEqual({ at: start + 14 * MIN, waiting: 14, service_level: 80, answered: 14 });
      expect(new Set(old.map((r) => Math.floor(r.at / (15 * MIN)))).size).toBe(old.length);

      // Running again changes nothing.
      const snapshot = await rows('s:q');
      expect(await h.prune()).toEqual({ deleted: 0, folded: 0 });
      expect(await rows('s:q')).toEqual(snapshot);
    }, 60_000);

    it('keeps nulls as unknown when folding', () => {
      expect(
        foldSamples([
          { at: 1, waiting: null, service_level: 50, answered: 3, abandoned: 1 },
          { at: 2, waiting: null, service_level: null, answered: null, abandoned: null },
        ]),
      ).toEqual({ at: 2, waiting: null, service_level: 50, answered: 3, abandoned: 1 });
    });
  });

  it('answers at most 1,000 points, folding samples over the range', async () => {
    for (let i = 0; i < 3000; i++) insert('s:q', NOW - 3000 * MIN + i * MIN, i % 7, 90, i);
    await flush();
    const h = new HistoryService(db, noLive, () => null);
    const all = await h.read('s:q', NOW - 3000 * MIN, NOW);
    expect(all.length).toBeLessThanOrEqual(1000);
    expect(all.length).toBeGreaterThan(900);
    expect(all.at(-1)).toMatchObject({ answered: 2999, serviceLevel: 90 });
    // Each point is a fold of 3 minutes: waiting is the bucket's peak, never above the samples' max.
    expect(all.every((p) => p.waiting !== null && p.waiting <= 6)).toBe(true);
    expect(all.filter((p) => p.waiting === 6).length).toBeGreaterThan(all.length / 3);
    // A short range comes back sample by sample, oldest first, `to` included.
    const few = await h.read('s:q', NOW - 10 * MIN, NOW - 5 * MIN);
    expect(few.map((p) => p.answered)).toEqual([2990, 2991, 2992, 2993, 2994, 2995]);
    expect(few[0]!.at).toBe(new Date(NOW - 10 * MIN).toISOString());
    expect(await h.read('other', 0, NOW)).toEqual([]);
  });

  it('samples every queue of every live source with today’s metrics', async () => {
    const snap = (error: string | null) => ({
      poller: {
        snapshot: () => ({
          error,
          data: {
            queues: [
              { id: 'a:q1', live: { waiting: 4 } },
              { id: 'a:q2', live: { waiting: 0 } },
            ],
          },
        }),
      },
    });
    const sources = [snap(null)];
    const live = { all: () => sources } as unknown as Pick<LiveService, 'all'>;
    const metrics = (id: string) =>
      id === 'a:q1' ? ({ serviceLevel: 87.5, answered: 7, abandoned: 1 } as QueueMetrics) : null;
    const h = new HistoryService(db, live, metrics, { now: () => NOW + 1234 });
    expect(await h.record()).toBe(2);
    expect(await h.read('a:q1', NOW - MIN, NOW + MIN)).toEqual([
      {
        at: new Date(NOW).toISOString(),
        waiting: 4,
        serviceLevel: 87.5,
        answered: 7,
        abandoned: 1,
      },
    ]);
    expect((await h.read('a:q2', NOW - MIN, NOW + MIN))[0]).toMatchObject({
      waiting: 0,
      serviceLevel: null,
      answered: null,
    });
    // While the live poll fails, waiting is unknown rather than a stale number.
    sources[0] = snap('unreachable');
    await h.record(NOW + MIN);
    expect((await h.read('a:q1', NOW + MIN, NOW + MIN))[0]).toMatchObject({
      waiting: null,
      answered: 7,
    });
  });
});
