import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueMetrics } from '@contract/queue';
import { openDb, type Db } from '../store/db';
import type { LiveService } from './live';
import { HistoryService, foldSamples } from './history';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const NOW = Date.parse('2025-05-14T12:00:00Z');

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
});
afterEach(() => db.close());

const insert = (
  queue: string,
  at: number,
  waiting: number | null,
  sl: number | null,
  answered: number | null,
) =>
  db
    .prepare(
      'INSERT INTO queue_history (queue_id, at, waiting, service_level, answered, abandoned) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(queue, at, waiting, sl, answered, answered === null ? null : Math.floor(answered / 10));

const rows = (queue: string, from = 0, to = Number.MAX_SAFE_INTEGER) =>
  db
    .prepare(
      'SELECT at, waiting, service_level, answered FROM queue_history WHERE queue_id = ? AND at >= ? AND at < ? ORDER BY at',
    )
    .all(queue, from, to) as Array<{
    at: number;
    waiting: number | null;
    service_level: number | null;
    answered: number | null;
  }>;

const noLive = { all: () => [] } as unknown as Pick<LiveService, 'all'>;

describe('history retention', () => {
  it('keeps 1-minute samples 8 days, folds older ones into 15-minute buckets, drops them after 90 days', () => {
    // Ten days of minute samples (answered climbs, waiting follows the minute) and one 100-day-old sample.
    const start = NOW - 10 * DAY;
    for (let at = start; at < NOW; at += MIN) {
      const minute = (at - start) / MIN;
      insert('s:q', at, minute % 15, 80, minute);
    }
    insert('s:q', NOW - 100 * DAY, 1, 1, 1);
    const h = new HistoryService(db, noLive, () => null, { now: () => NOW });
    const before = rows('s:q').length;

    const result = h.prune();
    expect(result.deleted).toBe(1);

    // The last 8 days are untouched (the cut-off is rounded down to a whole bucket).
    const cutoff = Math.floor((NOW - 8 * DAY) / (15 * MIN)) * 15 * MIN;
    expect(rows('s:q', cutoff)).toHaveLength(8 * 24 * 60);
    // Before it: one sample per 15-minute bucket, the bucket's peak waiting and its last counters.
    const old = rows('s:q', 0, cutoff);
    expect(old).toHaveLength(2 * 24 * 4);
    expect(result.folded).toBe(before - 1 - 8 * 24 * 60 - old.length);
    const first = old[0]!;
    expect(first).toEqual({ at: start + 14 * MIN, waiting: 14, service_level: 80, answered: 14 });
    expect(new Set(old.map((r) => Math.floor(r.at / (15 * MIN)))).size).toBe(old.length);

    // Running again changes nothing.
    const snapshot = rows('s:q');
    expect(h.prune()).toEqual({ deleted: 0, folded: 0 });
    expect(rows('s:q')).toEqual(snapshot);
  });

  it('keeps nulls as unknown when folding', () => {
    expect(
      foldSamples([
        { at: 1, waiting: null, service_level: 50, answered: 3, abandoned: 1 },
        { at: 2, waiting: null, service_level: null, answered: null, abandoned: null },
      ]),
    ).toEqual({ at: 2, waiting: null, service_level: 50, answered: 3, abandoned: 1 });
  });
});

describe('history reads', () => {
  it('answers at most 1,000 points, folding samples over the range', () => {
    for (let i = 0; i < 3000; i++) insert('s:q', NOW - 3000 * MIN + i * MIN, i % 7, 90, i);
    const h = new HistoryService(db, noLive, () => null);
    const all = h.read('s:q', NOW - 3000 * MIN, NOW);
    expect(all.length).toBeLessThanOrEqual(1000);
    expect(all.length).toBeGreaterThan(900);
    expect(all.at(-1)).toMatchObject({ answered: 2999, serviceLevel: 90 });
    // Each point is a fold of 3 minutes: waiting is the bucket's peak, never above the samples' max.
    expect(all.every((p) => p.waiting !== null && p.waiting <= 6)).toBe(true);
    expect(all.filter((p) => p.waiting === 6).length).toBeGreaterThan(all.length / 3);
    // A short range comes back sample by sample, oldest first, `to` included.
    const few = h.read('s:q', NOW - 10 * MIN, NOW - 5 * MIN);
    expect(few.map((p) => p.answered)).toEqual([2990, 2991, 2992, 2993, 2994, 2995]);
    expect(few[0]!.at).toBe(new Date(NOW - 10 * MIN).toISOString());
    expect(h.read('other', 0, NOW)).toEqual([]);
  });

  it('samples every queue of every live source with today’s metrics', () => {
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
    expect(h.record()).toBe(2);
    expect(h.read('a:q1', NOW - MIN, NOW + MIN)).toEqual([
      {
        at: new Date(NOW).toISOString(),
        waiting: 4,
        serviceLevel: 87.5,
        answered: 7,
        abandoned: 1,
      },
    ]);
    expect(h.read('a:q2', NOW - MIN, NOW + MIN)[0]).toMatchObject({
      waiting: 0,
      serviceLevel: null,
      answered: null,
    });
    // While the live poll fails, waiting is unknown rather than a stale number.
    sources[0] = snap('unreachable');
    h.record(NOW + MIN);
    expect(h.read('a:q1', NOW + MIN, NOW + MIN)[0]).toMatchObject({ waiting: null, answered: 7 });
  });
});
