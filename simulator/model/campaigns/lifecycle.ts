/**
 * How one call attempt unfolds. Pure functions of (seed, entry id, attempt number, start time), so
 * the live engine and the history generator agree, and the outcome of an entry does not depend on
 * how often the world is ticked.
 */
import { hashUnit, unitToInt } from './random';
import {
  Direction,
  EndType,
  FAILURE_END_TYPES,
  Status,
  type Campaign,
  type EntryRow,
} from './types';

export interface AttemptPlan {
  outcome: EndType;
  /** When the callee (or the AI, inbound) is on the line; null when the attempt never connects. */
  connectAt: number | null;
  endAt: number;
}

const S = 1000;

/** Draws the attempt's outcome and timings. `profile` separates AI outbound, inbound and human callbacks. */
export function planAttempt(
  seed: number,
  row: Pick<EntryRow, 'id' | 'retry_count' | 'direction'>,
  t: number,
): AttemptPlan {
  const u = (purpose: number) => hashUnit(seed, row.id, row.retry_count, purpose);
  const between = (purpose: number, lo: number, hi: number) => t + unitToInt(u(purpose), lo, hi);
  const r = u(1);
  if (row.direction === Direction.inbound) {
    // The AI picks up inbound calls itself; failures are platform-side.
    if (r < 0.01)
      return { outcome: EndType.initializeError, connectAt: null, endAt: between(2, 1 * S, 3 * S) };
    const connectAt = between(2, 1 * S, 3 * S);
    const endAt = connectAt + talkTime(u(3), 25, 420);
    const v = u(4);
    const outcome =
      v < 0.02
        ? EndType.midSessionFailure
        : v < 0.06
          ? EndType.userSilenceTimeoutReached
          : v < 0.75
            ? EndType.userEndedCall
            : EndType.agentEndedCall;
    return { outcome, connectAt, endAt };
  }
  if (row.direction === Direction.callback) {
    // A human agent calls the customer back.
    if (r < 0.03)
      return { outcome: EndType.initializeError, connectAt: null, endAt: between(2, 1 * S, 4 * S) };
    if (r < 0.13)
      return {
        outcome: EndType.userDeclinedOrBusy,
        connectAt: null,
        endAt: between(2, 5 * S, 15 * S),
      };
    if (r < 0.33)
      return { outcome: EndType.userNoAnswer, connectAt: null, endAt: between(2, 30 * S, 45 * S) };
    const connectAt = between(2, 8 * S, 25 * S);
    const endAt = connectAt + talkTime(u(3), 45, 900);
    return {
      outcome: u(4) < 0.6 ? EndType.agentEndedCall : EndType.userEndedCall,
      connectAt,
      endAt,
    };
  }
  // AI outbound dialer.
  if (r < 0.02)
    return { outcome: EndType.initializeError, connectAt: null, endAt: between(2, 1 * S, 3 * S) };
  if (r < 0.12)
    return {
      outcome: EndType.userDeclinedOrBusy,
      connectAt: null,
      endAt: between(2, 4 * S, 12 * S),
    };
  if (r < 0.34)
    return { outcome: EndType.userNoAnswer, connectAt: null, endAt: between(2, 25 * S, 35 * S) };
  if (r < 0.42) {
    // The machine answers; detection takes a few seconds of listening.
    const connectAt = between(2, 12 * S, 25 * S);
    return {
      outcome: EndType.voicemailDetected,
      connectAt,
      endAt: connectAt + unitToInt(u(3), 3 * S, 9 * S),
    };
  }
  const connectAt = between(2, 6 * S, 20 * S);
  const endAt = connectAt + talkTime(u(3), 30, 360);
  const v = u(4);
  const outcome =
    v < 0.04
      ? EndType.midSessionFailure
      : v < 0.05
        ? EndType.maxConversationDurationReached
        : v < 0.09
          ? EndType.userSilenceTimeoutReached
          : v < 0.7
            ? EndType.userEndedCall
            : EndType.agentEndedCall;
  return { outcome, connectAt, endAt };
}

/** Skewed talk time: most calls short, a long tail (square of a uniform). */
function talkTime(u: number, minS: number, maxS: number): number {
  return Math.round((minS + u * u * (maxS - minS)) * S);
}

export function retryDelay(
  seed: number,
  row: Pick<EntryRow, 'id' | 'retry_count'>,
  campaign: Campaign | null,
): number {
  const [lo, hi] = campaign?.retryDelayMs ?? [20 * 60 * S, 60 * 60 * S];
  return unitToInt(hashUnit(seed, row.id, row.retry_count, 9), lo, hi);
}

export function isFailure(outcome: EndType): boolean {
  return FAILURE_END_TYPES.has(outcome);
}

/**
 * Applies the end of an attempt to a row copy: either a retry (back to pending, rescheduled) or a
 * final state. Returns the new row.
 */
export function endAttempt(
  seed: number,
  row: EntryRow,
  plan: AttemptPlan,
  campaign: Campaign | null,
): EntryRow {
  const t = plan.endAt;
  const next: EntryRow = { ...row, updated_at: t, end_type: plan.outcome };
  if (isFailure(plan.outcome) && row.retry_count < row.max_retries) {
    next.status = Status.pending;
    next.scheduled_at = t + retryDelay(seed, row, campaign);
    next.retry_count = row.retry_count + 1;
    next.connected_at = null;
    return next;
  }
  next.status = isFailure(plan.outcome) ? Status.failed : Status.completed;
  next.completed_at = t;
  return next;
}

/** The row as an attempt starts at `t`. */
export function beginAttempt(row: EntryRow, t: number): EntryRow {
  return {
    ...row,
    status: Status.dialing,
    started_at: t,
    updated_at: t,
    connected_at: null,
    completed_at: null,
  };
}
