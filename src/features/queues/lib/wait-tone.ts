export type WaitTone = 'none' | 'ok' | 'warn' | 'breach';

/** From this share of the SLA threshold on, the longest wait is shown as a warning. */
export const WARN_SHARE = 0.75;

/**
 * How the longest wait compares with the queue's service-level threshold: at the threshold the
 * oldest caller has already missed the target, so that is the breach line.
 */
export function waitTone(waitSeconds: number | null, thresholdSeconds: number): WaitTone {
  if (waitSeconds === null) return 'none';
  if (waitSeconds >= thresholdSeconds) return 'breach';
  if (waitSeconds >= thresholdSeconds * WARN_SHARE) return 'warn';
  return 'ok';
}
