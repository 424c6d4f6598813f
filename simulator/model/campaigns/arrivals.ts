/**
 * Inbound arrivals (Iqra routes, While1 missed calls) per minute slot, from a hash of
 * (seed, campaign, slot): history and live ticking produce the same calls.
 */
import { hashUnit } from './random';
import type { Campaign } from './types';

export const SLOT_MS = 60_000;

/** Rough UTC offset (hours) of the tenant's working day; enough to shape a daily curve. */
export function localOffsetHours(locale: 'us' | 'ro'): number {
  return locale === 'ro' ? 2 : -5;
}

/** Relative call volume at a moment: office hours busy, evenings light, nights and weekends quiet. */
export function diurnal(ms: number, offsetHours: number): number {
  const local = new Date(ms + offsetHours * 3_600_000);
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
  const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
  let f: number;
  if (hour >= 9 && hour < 17) f = 1;
  else if ((hour >= 7 && hour < 9) || (hour >= 17 && hour < 21)) f = 0.35;
  else f = 0.05;
  return weekend ? f * 0.4 : f;
}

/** Arrival times in a slot, sorted. Poisson-distributed count around the campaign's rate. */
export function arrivalsInSlot(
  seed: number,
  campaign: Campaign,
  offsetHours: number,
  slot: number,
): number[] {
  const start = slot * SLOT_MS;
  const rate = campaign.arrivalsPerMinute * diurnal(start, offsetHours);
  if (rate <= 0) return [];
  // Inverse-CDF Poisson draw with a single uniform.
  const u = hashUnit(seed, campaign.id, slot, 1);
  let k = 0;
  let p = Math.exp(-rate);
  let cdf = p;
  while (u > cdf && k < 1000) {
    k += 1;
    p *= rate / k;
    cdf += p;
  }
  const times: number[] = [];
  for (let i = 0; i < k; i += 1)
    times.push(start + Math.floor(hashUnit(seed, campaign.id, slot, 100 + i) * SLOT_MS));
  return times.sort((a, b) => a - b);
}

/** Sum of diurnal weights over [fromSlot, toSlot): arrivals expected at one call per minute. */
export function diurnalWeight(fromSlot: number, toSlot: number, offsetHours: number): number {
  let w = 0;
  for (let s = fromSlot; s < toSlot; s += 1) w += diurnal(s * SLOT_MS, offsetHours);
  return w;
}
