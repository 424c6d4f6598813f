import type { Cdr } from '@contract/cdr';
import type { QueueMetrics, SlaSettings } from '@contract/queue';

// The formulas of "What Queuedeck shows" (docs/metrics.md), as pure functions:
// no clock, no I/O, so tests can check every number by hand. The CDR feed feeds them one CDR at a
// time (incremental); `computeQueueMetrics` is the same thing over a whole list.
//
// Definitions, per queue, over the CDRs whose queue entry (`enteredAt`) lies in the day:
// - short abandon: abandoned with wait < shortAbandonSeconds (0 = off); excluded from every count,
//   numerator and denominator, below.
// - offered   = every remaining CDR (answered + abandoned + other, e.g. left at max wait).
// - service-level events (Cisco): answered within T (met), abandoned within T, or the call reached T
//   unanswered (answered, abandoned or left after T: a miss). "Within T" means wait ≤ T. A call
//   that left for another reason before T, or whose wait is unknown, is not an event.
//     ignore   → met ÷ (met + reached T)
//     negative → met ÷ (met + abandoned within T + reached T)
//     positive → (met + abandoned within T) ÷ (met + abandoned within T + reached T)
// - abandon rate = abandoned ÷ offered.
// - ASA = Σ wait of answered ÷ answered (those with a known wait); avg abandon = same over abandoned.
// - AHT = Σ (talk + hold + wrap) ÷ handled (answered calls with a known talk time). A part the
//   vendor does not report counts 0: FonoUC CDRs carry no wrap-up and fold hold into talk, so its
//   AHT is talk (incl. hold) only — the CDR feed documents this per connector.
// - max queued = the longest wait of any finished call of the day (answered, abandoned or other).
// Ratios with a zero denominator are null ("—"), never 0 or 100. Percentages are 0–100.
//
// Durations are summed as integer milliseconds so the totals do not depend on the order CDRs
// arrived in: an incremental day and a recomputed day give identical numbers.

/** Running totals of one queue's day; everything the metrics need, nothing else. */
export interface MetricsAccumulator {
  offered: number;
  answered: number;
  abandoned: number;
  /** Answered within T. */
  slMet: number;
  /** Abandoned within T. */
  slAbandonedInT: number;
  /** Reached T unanswered (answered late, abandoned late, left late). */
  slMissed: number;
  answeredWaitMs: number;
  answeredWithWait: number;
  abandonedWaitMs: number;
  abandonedWithWait: number;
  handleMs: number;
  handled: number;
  maxQueuedMs: number | null;
}

export function emptyAccumulator(): MetricsAccumulator {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    slMet: 0,
    slAbandonedInT: 0,
    slMissed: 0,
    answeredWaitMs: 0,
    answeredWithWait: 0,
    abandonedWaitMs: 0,
    abandonedWithWait: 0,
    handleMs: 0,
    handled: 0,
    maxQueuedMs: null,
  };
}

const ms = (seconds: number) => Math.round(seconds * 1000);

/** True when a CDR is a short abandon under `sla` (excluded from every metric). */
export function isShortAbandon(cdr: Cdr, sla: SlaSettings): boolean {
  return (
    cdr.disposition === 'abandoned' &&
    sla.shortAbandonSeconds > 0 &&
    cdr.waitSeconds !== null &&
    cdr.waitSeconds < sla.shortAbandonSeconds
  );
}

/** Adds one CDR to a queue's totals (mutates `acc`). The caller decides the CDR belongs to the day. */
export function addCdr(acc: MetricsAccumulator, cdr: Cdr, sla: SlaSettings): void {
  if (isShortAbandon(cdr, sla)) return;
  acc.offered++;
  const waitMs = cdr.waitSeconds === null ? null : Math.max(0, ms(cdr.waitSeconds));
  const thresholdMs = sla.thresholdSeconds * 1000;
  const withinT = waitMs !== null && waitMs <= thresholdMs;
  if (waitMs !== null) acc.maxQueuedMs = Math.max(acc.maxQueuedMs ?? 0, waitMs);
  if (waitMs !== null && !withinT) acc.slMissed++;

  if (cdr.disposition === 'answered') {
    acc.answered++;
    if (withinT) acc.slMet++;
    if (waitMs !== null) {
      acc.answeredWaitMs += waitMs;
      acc.answeredWithWait++;
    }
    if (cdr.talkSeconds !== null) {
      acc.handled++;
      acc.handleMs += ms(cdr.talkSeconds) + ms(cdr.holdSeconds ?? 0) + ms(cdr.wrapSeconds ?? 0);
    }
  } else if (cdr.disposition === 'abandoned') {
    acc.abandoned++;
    if (withinT) acc.slAbandonedInT++;
    if (waitMs !== null) {
      acc.abandonedWaitMs += waitMs;
      acc.abandonedWithWait++;
    }
  }
}

/** 100 × n ÷ d to one decimal, or null when d is 0. */
export function percent(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((1000 * n) / d) / 10;
}

/** Mean of a millisecond total in seconds to one decimal, or null when there is nothing to average. */
function meanSeconds(totalMs: number, count: number): number | null {
  return count === 0 ? null : Math.round(totalMs / count / 100) / 10;
}

/** Service level of the totals under an abandon treatment; null when no service-level event happened. */
export function serviceLevel(acc: MetricsAccumulator, sla: SlaSettings): number | null {
  const { slMet: met, slAbandonedInT: abandonedInT, slMissed: missed } = acc;
  switch (sla.abandonTreatment) {
    case 'ignore':
      return percent(met, met + missed);
    case 'negative':
      return percent(met, met + abandonedInT + missed);
    case 'positive':
      return percent(met + abandonedInT, met + abandonedInT + missed);
  }
}

/** The contract's metrics of a queue from its totals; `sinceMs` is the day's start. */
export function toMetrics(
  acc: MetricsAccumulator,
  sla: SlaSettings,
  sinceMs: number,
): QueueMetrics {
  return {
    offered: acc.offered,
    answered: acc.answered,
    abandoned: acc.abandoned,
    serviceLevel: serviceLevel(acc, sla),
    abandonRate: percent(acc.abandoned, acc.offered),
    asaSeconds: meanSeconds(acc.answeredWaitMs, acc.answeredWithWait),
    avgAbandonSeconds: meanSeconds(acc.abandonedWaitMs, acc.abandonedWithWait),
    ahtSeconds: meanSeconds(acc.handleMs, acc.handled),
    maxQueuedSeconds: acc.maxQueuedMs === null ? null : Math.round(acc.maxQueuedMs / 100) / 10,
    since: new Date(sinceMs).toISOString(),
  };
}

/** Whether a CDR belongs to the day [dayStartMs, dayEndMs): by queue entry, as the feed counts it. */
export function inDay(cdr: Cdr, dayStartMs: number, dayEndMs = Infinity): boolean {
  const t = Date.parse(cdr.enteredAt);
  return t >= dayStartMs && t < dayEndMs;
}

/**
 * One queue's metrics over a list of CDRs in one go (duplicates by id counted once), exactly what
 * the incremental feed arrives at.
 */
export function computeQueueMetrics(
  cdrs: readonly Cdr[],
  queueId: string,
  sla: SlaSettings,
  dayStartMs: number,
  dayEndMs = Infinity,
): QueueMetrics {
  const acc = emptyAccumulator();
  const seen = new Set<string>();
  for (const c of cdrs) {
    if (c.queueId !== queueId || seen.has(c.id) || !inDay(c, dayStartMs, dayEndMs)) continue;
    seen.add(c.id);
    addCdr(acc, c, sla);
  }
  return toMetrics(acc, sla, dayStartMs);
}

// ------------------------------------------------------------------ local midnight

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of an instant in a time zone. */
function wallClock(t: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Offset of a time zone from UTC at an instant, in milliseconds (east positive). */
function offsetMs(t: number, timeZone: string): number {
  const w = wallClock(t, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}

const HOUR = 3600_000;

/**
 * The instant the local day containing `t` began in `timeZone`: local 00:00, or the first instant
 * of the day where a DST change skips midnight. Safe across DST because it tries the offsets in
 * force around the date and keeps the earliest candidate that falls on that local date.
 */
export function localMidnight(t: number, timeZone: string): number {
  const w = wallClock(t, timeZone);
  const utcMidnight = Date.UTC(w.year, w.month - 1, w.day);
  let best: number | null = null;
  for (const probe of [utcMidnight - 15 * HOUR, utcMidnight, utcMidnight + 13 * HOUR]) {
    const candidate = utcMidnight - offsetMs(probe, timeZone);
    const cw = wallClock(candidate, timeZone);
    if (
      cw.year === w.year &&
      cw.month === w.month &&
      cw.day === w.day &&
      (best === null || candidate < best)
    ) {
      best = candidate;
    }
  }
  // Unreachable for real zones; fall back to the plain offset rather than throw.
  return best ?? utcMidnight - offsetMs(t, timeZone);
}

/** The instant the next local day begins (the end of the day containing `t`). */
export function nextLocalMidnight(t: number, timeZone: string): number {
  // Local days last 23–25 h: 26 h after this day's start always lands inside the next day.
  return localMidnight(localMidnight(t, timeZone) + 26 * HOUR, timeZone);
}
