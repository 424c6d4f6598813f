import {
  risingTone,
  serviceLevelTone,
  worstTone,
  type Tone,
  type WallboardQueue,
} from '@contract/wallboard';

export interface QueueTones {
  waiting: Tone;
  longestWait: Tone;
  serviceLevel: Tone;
  /** The tile's own tone: the worst of the three. */
  tile: Tone;
}

/** How a queue's numbers compare with its thresholds, given the longest wait now (in seconds). */
export function queueTones(queue: WallboardQueue, longestWaitSeconds: number | null): QueueTones {
  const t = queue.thresholds;
  const waiting = risingTone(queue.waiting, t.waiting);
  const longestWait = risingTone(longestWaitSeconds, t.longestWaitSeconds);
  const serviceLevel = serviceLevelTone(queue.serviceLevel, t.serviceLevel);
  return { waiting, longestWait, serviceLevel, tile: worstTone(waiting, longestWait, serviceLevel) };
}

/** Text colour per tone (full class strings, tokens of the wallboard theme). */
export const TONE_TEXT: Record<Tone, string> = {
  ok: 'text-fg',
  warn: 'text-threshold-warn',
  critical: 'text-threshold-breach',
};

export const TONE_LABEL: Record<Tone, string> = {
  ok: 'Normal',
  warn: 'Warning',
  critical: 'Critical',
};

const TREATMENT: Record<WallboardQueue['sla']['abandonTreatment'], string> = {
  negative: 'every abandon counts as a miss',
  ignore: 'abandons are ignored',
  positive: 'abandons within T count as met',
};

/** The tooltip of a service level: its variant and threshold, and the alert levels. */
export function serviceLevelHint(queue: WallboardQueue): string {
  const { sla, thresholds } = queue;
  const short = sla.shortAbandonSeconds > 0 ? `, abandons under ${sla.shortAbandonSeconds} s excluded` : '';
  return (
    `Answered within ${sla.thresholdSeconds} s (service-level events; ${TREATMENT[sla.abandonTreatment]}${short}). ` +
    `Warning below ${thresholds.serviceLevel.warn} %, critical below ${thresholds.serviceLevel.critical} %.`
  );
}

/** Abandon rate with a decimal only where it matters (under 10 %), to keep the number short. */
export function abandonDigits(rate: number | null): number {
  return rate !== null && rate < 10 ? 1 : 0;
}
