import { describe, expect, it } from 'vitest';
import type { Cdr, CdrDisposition } from '@contract/cdr';
import { DEFAULT_SLA, type SlaSettings } from '@contract/queue';
import {
  addCdr,
  computeQueueMetrics,
  emptyAccumulator,
  localMidnight,
  nextLocalMidnight,
  toMetrics,
} from './metrics';

const DAY_START = Date.parse('2025-05-14T00:00:00Z');
const Q = 'src:q1';

let seq = 0;
function cdr(
  disposition: CdrDisposition,
  wait: number | null,
  extra: Partial<Cdr> & { talk?: number | null; hold?: number | null; wrap?: number | null } = {},
): Cdr {
  const entered = extra.enteredAt ?? new Date(DAY_START + 3600_000 + ++seq * 1000).toISOString();
  const { talk = null, hold = null, wrap = null, ...rest } = extra;
  return {
    id: `src:c${seq}`,
    sourceId: 'src',
    queueId: Q,
    queueName: 'Sales',
    callerNumber: null,
    callerName: null,
    agentName: null,
    disposition,
    rawDisposition: null,
    enteredAt: entered,
    answeredAt: null,
    endedAt: entered,
    waitSeconds: wait,
    talkSeconds: talk,
    holdSeconds: hold,
    wrapSeconds: wrap,
    ...rest,
  };
}

// The hand-made day of queue src:q1, T = 20 s:
//  #  disposition  wait  talk+hold+wrap  service-level event
//  1  answered        5  100+20+30       met
//  2  answered       15  200+0+10        met
//  3  answered       20  60+?+?          met (exactly T counts as within)
//  4  answered       45  120+0+20        missed (reached T)
//  5  abandoned       3  —               abandoned within T (a short abandon when the threshold is 5 s)
//  6  abandoned      10  —               abandoned within T
//  7  abandoned      60  —               missed
//  8  other         300  —               missed (left at max wait, after T)
//  9  other           8  —               no event (left before T for another reason)
// plus three that must not count: another queue, yesterday, and a duplicate of #1.
const c1 = cdr('answered', 5, { talk: 100, hold: 20, wrap: 30 });
const DAY: Cdr[] = [
  c1,
  cdr('answered', 15, { talk: 200, hold: 0, wrap: 10 }),
  cdr('answered', 20, { talk: 60 }),
  cdr('answered', 45, { talk: 120, hold: 0, wrap: 20 }),
  cdr('abandoned', 3),
  cdr('abandoned', 10),
  cdr('abandoned', 60),
  cdr('other', 300),
  cdr('other', 8),
  cdr('answered', 1, { queueId: 'src:q2', talk: 999 }),
  cdr('answered', 1, { enteredAt: '2025-05-13T23:59:59.000Z', talk: 999 }),
  { ...c1 },
];

const sla = (s: Partial<SlaSettings>): SlaSettings => ({ ...DEFAULT_SLA, ...s });

describe('queue metrics over a hand-made day (T = 20 s)', () => {
  it('counts offered, answered and abandoned, and the averages', () => {
    const m = computeQueueMetrics(DAY, Q, sla({}), DAY_START);
    // offered = #1–#9 = 9; answered = #1–#4 = 4; abandoned = #5–#7 = 3
    expect(m).toMatchObject({ offered: 9, answered: 4, abandoned: 3 });
    // abandon rate = 3 / 9 = 33.33 % → 33.3
    expect(m.abandonRate).toBe(33.3);
    // ASA = (5 + 15 + 20 + 45) / 4 = 21.25 → 21.3 (one decimal, half up)
    expect(m.asaSeconds).toBe(21.3);
    // average abandon = (3 + 10 + 60) / 3 = 24.33 → 24.3
    expect(m.avgAbandonSeconds).toBe(24.3);
    // AHT = (150 + 210 + 60 + 140) / 4 handled = 140 (missing hold/wrap count as 0)
    expect(m.ahtSeconds).toBe(140);
    // max queued = the longest wait of any call: #8, 300 s
    expect(m.maxQueuedSeconds).toBe(300);
    expect(m.since).toBe('2025-05-14T00:00:00.000Z');
  });

  it('computes each abandon treatment from service-level events', () => {
    // met = 3 (#1 #2 #3), abandoned within T = 2 (#5 #6), reached T = 3 (#4 #7 #8)
    // ignore:   3 / (3 + 3)         = 50 %
    // negative: 3 / (3 + 2 + 3)     = 37.5 %
    // positive: (3 + 2) / (3 + 2 + 3) = 62.5 %
    expect(
      computeQueueMetrics(DAY, Q, sla({ abandonTreatment: 'ignore' }), DAY_START).serviceLevel,
    ).toBe(50);
    expect(
      computeQueueMetrics(DAY, Q, sla({ abandonTreatment: 'negative' }), DAY_START).serviceLevel,
    ).toBe(37.5);
    expect(
      computeQueueMetrics(DAY, Q, sla({ abandonTreatment: 'positive' }), DAY_START).serviceLevel,
    ).toBe(62.5);
  });

  it('leaves short abandons out of every numerator and denominator', () => {
    // Short-abandon threshold 5 s: #5 (3 s) disappears entirely.
    // offered 8, abandoned 2 (#6 #7); met 3, abandoned within T 1 (#6), reached T 3
    const s = (t: SlaSettings['abandonTreatment']) =>
      computeQueueMetrics(DAY, Q, sla({ shortAbandonSeconds: 5, abandonTreatment: t }), DAY_START);
    const m = s('negative');
    expect(m).toMatchObject({ offered: 8, answered: 4, abandoned: 2 });
    // abandon rate 2 / 8 = 25 %; average abandon (10 + 60) / 2 = 35 s
    expect(m.abandonRate).toBe(25);
    expect(m.avgAbandonSeconds).toBe(35);
    // ignore 3 / 6 = 50 %; negative 3 / 7 = 42.86 → 42.9; positive 4 / 7 = 57.14 → 57.1
    expect(s('ignore').serviceLevel).toBe(50);
    expect(m.serviceLevel).toBe(42.9);
    expect(s('positive').serviceLevel).toBe(57.1);
    // A 10 s threshold would not drop #6: waits equal to the threshold are not short.
    expect(computeQueueMetrics(DAY, Q, sla({ shortAbandonSeconds: 10 }), DAY_START).abandoned).toBe(
      2,
    );
  });

  it('moves calls between met and missed with T', () => {
    // T = 10: met #1 (5); abandoned within T #5 #6; reached T #2 #3 #4 #7 #8 → negative 1 / 8 = 12.5 %
    expect(computeQueueMetrics(DAY, Q, sla({ thresholdSeconds: 10 }), DAY_START).serviceLevel).toBe(
      12.5,
    );
  });

  it('answers null, never 0 or 100, when a denominator is 0', () => {
    const none = computeQueueMetrics([], Q, DEFAULT_SLA, DAY_START);
    expect(none).toEqual({
      offered: 0,
      answered: 0,
      abandoned: 0,
      serviceLevel: null,
      abandonRate: null,
      asaSeconds: null,
      avgAbandonSeconds: null,
      ahtSeconds: null,
      maxQueuedSeconds: null,
      since: '2025-05-14T00:00:00.000Z',
    });
    // One call that left before T for another reason: offered 1, but no service-level event yet.
    const m = computeQueueMetrics([cdr('other', 8)], Q, DEFAULT_SLA, DAY_START);
    expect(m).toMatchObject({
      offered: 1,
      serviceLevel: null,
      abandonRate: 0,
      asaSeconds: null,
      ahtSeconds: null,
    });
    // Only short abandons: all excluded, so nothing is offered at all.
    const short = computeQueueMetrics(
      [cdr('abandoned', 2)],
      Q,
      sla({ shortAbandonSeconds: 5 }),
      DAY_START,
    );
    expect(short).toMatchObject({
      offered: 0,
      abandonRate: null,
      avgAbandonSeconds: null,
      maxQueuedSeconds: null,
    });
  });

  it('arrives at the same numbers incrementally, in any order', () => {
    const acc = emptyAccumulator();
    const today = DAY.slice(0, 9).reverse();
    for (const c of today) addCdr(acc, c, DEFAULT_SLA);
    expect(toMetrics(acc, DEFAULT_SLA, DAY_START)).toEqual(
      computeQueueMetrics(DAY, Q, DEFAULT_SLA, DAY_START),
    );
  });
});

describe('local midnight', () => {
  const at = (iso: string) => Date.parse(iso);
  const mid = (iso: string, tz: string) => new Date(localMidnight(at(iso), tz)).toISOString();

  it('is the source time zone’s midnight, not UTC’s', () => {
    // 01:30 UTC on 14 May is still 13 May 21:30 in New York (EDT, UTC−4).
    expect(mid('2025-05-14T01:30:00Z', 'America/New_York')).toBe('2025-05-13T04:00:00.000Z');
    expect(mid('2025-05-14T04:00:00Z', 'America/New_York')).toBe('2025-05-14T04:00:00.000Z');
    expect(mid('2025-05-14T03:59:59.999Z', 'America/New_York')).toBe('2025-05-13T04:00:00.000Z');
    expect(mid('2025-05-14T20:00:00Z', 'Asia/Kathmandu')).toBe('2025-05-14T18:15:00.000Z');
    expect(mid('2025-05-14T12:00:00Z', 'UTC')).toBe('2025-05-14T00:00:00.000Z');
  });

  it('survives DST changes (23 h and 25 h days, and a day whose midnight does not exist)', () => {
    // New York springs forward on 9 March 2025: the day starts at 05:00Z and ends at 04:00Z.
    expect(mid('2025-03-09T12:00:00Z', 'America/New_York')).toBe('2025-03-09T05:00:00.000Z');
    expect(
      new Date(nextLocalMidnight(at('2025-03-09T12:00:00Z'), 'America/New_York')).toISOString(),
    ).toBe('2025-03-10T04:00:00.000Z');
    // …and falls back on 2 November: a 25 h day.
    expect(mid('2025-11-02T12:00:00Z', 'America/New_York')).toBe('2025-11-02T04:00:00.000Z');
    expect(
      new Date(nextLocalMidnight(at('2025-11-02T12:00:00Z'), 'America/New_York')).toISOString(),
    ).toBe('2025-11-03T05:00:00.000Z');
    // Chile moves 00:00 → 01:00 on 8 September 2024: that day begins at 01:00 −03 = 04:00Z.
    expect(mid('2024-09-08T12:00:00Z', 'America/Santiago')).toBe('2024-09-08T04:00:00.000Z');
    expect(mid('2024-09-08T03:59:00Z', 'America/Santiago')).toBe('2024-09-07T04:00:00.000Z');
  });
});
