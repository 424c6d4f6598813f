import { afterEach, describe, expect, it } from 'vitest';
import type { Cdr } from '@contract/cdr';
import { DEFAULT_SLA } from '@contract/queue';
import type { Connector } from '../connectors/types';
import type { Store } from '../store/store';
import { memoryStore } from '../test-support/memory-store';
import { CdrFeed, type OpenCallsHint } from './cdr-feed';
import { computeQueueMetrics } from './metrics';

const TZ = 'Europe/Berlin'; // CEST in May: UTC+2, so local midnight is 22:00Z
const t = (iso: string) => Date.parse(iso);

/** A vendor whose CDRs are reported, like FonoUC's, by call start; here start = queue entry. */
class FakeVendor {
  readonly windows: Array<[string, string]> = [];
  readonly cdrs: Cdr[] = [];
  private n = 0;

  add(enteredIso: string, disposition: Cdr['disposition'], wait: number, queue = 'src:q1'): Cdr {
    const c: Cdr = {
      id: `src:call-${++this.n}`,
      sourceId: 'src',
      queueId: queue,
      queueName: null,
      callerNumber: null,
      callerName: null,
      agentName: null,
      disposition,
      rawDisposition: null,
      enteredAt: new Date(t(enteredIso)).toISOString(),
      answeredAt: null,
      endedAt: new Date(t(enteredIso) + wait * 1000).toISOString(),
      waitSeconds: wait,
      talkSeconds: disposition === 'answered' ? 60 : null,
      holdSeconds: null,
      wrapSeconds: null,
    };
    this.cdrs.push(c);
    return c;
  }

  connector(): Connector {
    return {
      id: 'src',
      kind: 'fonouc',
      label: 'Src',
      capabilities: { cdrs: true } as Connector['capabilities'],
      fetchCdrs: async (from, to) => {
        this.windows.push([new Date(from).toISOString(), new Date(to).toISOString()]);
        return this.cdrs
          .filter((c) => t(c.enteredAt) >= from && t(c.enteredAt) <= to)
          .map((c) => ({ ...c }));
      },
      health: () => ({ requestsLastMinute: 0, budgetPerMinute: null, lastLatencyMs: null }),
      close: async () => undefined,
    };
  }
}

let db: Store;
let feed: CdrFeed;
afterEach(async () => {
  await feed?.stop();
  await db?.close();
});

async function setup(clock: { now: number }, hint?: () => OpenCallsHint | null) {
  db = await memoryStore();
  const settings = db.queueSettings;
  const vendor = new FakeVendor();
  feed = new CdrFeed([vendor.connector()], {
    settings,
    timeZoneOf: () => TZ,
    now: () => clock.now,
    openCalls: hint ? () => hint() : undefined,
  });
  return { vendor, settings };
}

describe('CDR feed', () => {
  it('has no metrics before the first fetch, and none for a queue of a source without CDRs', async () => {
    const clock = { now: t('2025-05-14T10:00:00Z') };
    await setup(clock);
    expect(feed.metrics('src:q1')).toBeNull();
    expect(feed.metrics('other:q1')).toBeNull();
    await feed.refresh('src');
    expect(feed.metrics('src:q1')).toMatchObject({
      offered: 0,
      serviceLevel: null,
      since: '2025-05-13T22:00:00.000Z',
    });
  });

  it('fetches only since the watermark, with a 2-minute overlap, and counts each CDR once', async () => {
    const clock = { now: t('2025-05-14T10:00:00Z') };
    const { vendor } = await setup(clock);
    vendor.add('2025-05-13T21:59:00Z', 'answered', 5); // yesterday in Berlin: not counted
    vendor.add('2025-05-14T08:00:00Z', 'answered', 5);
    vendor.add('2025-05-14T09:59:00Z', 'abandoned', 30);
    await feed.refresh('src');
    // First poll of the day: from local midnight (22:00Z) minus the overlap.
    expect(vendor.windows[0]).toEqual(['2025-05-13T21:58:00.000Z', '2025-05-14T10:00:00.000Z']);
    expect(feed.metrics('src:q1')).toMatchObject({ offered: 2, answered: 1, abandoned: 1 });

    clock.now = t('2025-05-14T10:00:30Z');
    vendor.add('2025-05-14T10:00:10Z', 'answered', 25);
    await feed.refresh('src');
    // Second poll: from the previous poll's end minus 2 minutes; the 09:59 call comes back, once.
    expect(vendor.windows[1]).toEqual(['2025-05-14T09:58:00.000Z', '2025-05-14T10:00:30.000Z']);
    const m = feed.metrics('src:q1');
    expect(m).toMatchObject({ offered: 3, answered: 2, abandoned: 1 });
    expect(m).toEqual(
      computeQueueMetrics(vendor.cdrs, 'src:q1', DEFAULT_SLA, t('2025-05-13T22:00:00Z')),
    );
  });

  it('keeps the window open back to the oldest call the live poll still sees in progress', async () => {
    const clock = { now: t('2025-05-14T10:00:00Z') };
    // The live poll read one second ago saw a call in progress since 09:40.
    let oldest: number | null = t('2025-05-14T09:40:00Z');
    const { vendor } = await setup(clock, () => ({ asOf: clock.now - 1000, oldestStart: oldest }));
    await feed.refresh('src');
    clock.now = t('2025-05-14T10:00:30Z');
    oldest = null;
    await feed.refresh('src');
    // The 09:40 call was open at the first poll: the second fetch starts 2 minutes before it.
    expect(vendor.windows[1]![0]).toBe('2025-05-14T09:38:00.000Z');
    clock.now = t('2025-05-14T10:01:00Z');
    await feed.refresh('src');
    // Still covered one more poll (a CDR written late), then the window closes up.
    expect(vendor.windows[2]![0]).toBe('2025-05-14T09:38:00.000Z');
    clock.now = t('2025-05-14T10:01:30Z');
    await feed.refresh('src');
    expect(vendor.windows[3]![0]).toBe('2025-05-14T09:58:59.000Z');
  });

  it('starts over at local midnight of the source’s time zone, not UTC’s', async () => {
    const clock = { now: t('2025-05-14T21:50:00Z') }; // 23:50 in Berlin
    const { vendor } = await setup(clock);
    vendor.add('2025-05-14T21:00:00Z', 'answered', 5);
    vendor.add('2025-05-14T21:45:00Z', 'abandoned', 40);
    await feed.refresh('src');
    const before = feed.metrics('src:q1');
    expect(before).toMatchObject({ offered: 2, since: '2025-05-13T22:00:00.000Z' });
    const version = feed.version();

    // 00:05 in Berlin (still 14 May in UTC): today is empty even before the next poll answers…
    clock.now = t('2025-05-14T22:05:00Z');
    expect(feed.version()).not.toBe(version);
    expect(feed.metrics('src:q1')).toMatchObject({
      offered: 0,
      serviceLevel: null,
      since: '2025-05-14T22:00:00.000Z',
    });
    // …and after it, only calls that entered the queue after midnight count.
    vendor.add('2025-05-14T21:59:30Z', 'answered', 5); // 23:59:30 local: yesterday
    vendor.add('2025-05-14T22:01:00Z', 'answered', 10);
    await feed.refresh('src');
    expect(vendor.windows.at(-1)).toEqual(['2025-05-14T21:58:00.000Z', '2025-05-14T22:05:00.000Z']);
    expect(feed.metrics('src:q1')).toMatchObject({
      offered: 1,
      answered: 1,
      since: '2025-05-14T22:00:00.000Z',
    });
  });

  it('recomputes a queue’s numbers when its settings change', async () => {
    const clock = { now: t('2025-05-14T10:00:00Z') };
    const { vendor, settings } = await setup(clock);
    vendor.add('2025-05-14T09:00:00Z', 'answered', 5);
    vendor.add('2025-05-14T09:01:00Z', 'abandoned', 10);
    await feed.refresh('src');
    // negative: 1 met / (1 + 1 abandoned within T) = 50 %
    expect(feed.metrics('src:q1')?.serviceLevel).toBe(50);
    await settings.set('src:q1', { ...DEFAULT_SLA, abandonTreatment: 'positive' }, 'admin');
    feed.settingsChanged('src:q1');
    // positive: (1 + 1) / 2 = 100 %
    expect(feed.metrics('src:q1')?.serviceLevel).toBe(100);
    expect(feed.sla('src:q1').abandonTreatment).toBe('positive');
    expect(
      feed.cdrsBetween('src', t('2025-05-14T09:00:30Z'), t('2025-05-14T10:00:00Z')),
    ).toHaveLength(1);
    expect(
      feed.cdrsBetween('src', t('2025-05-13T00:00:00Z'), t('2025-05-14T10:00:00Z')),
    ).toBeNull();
  });
});
