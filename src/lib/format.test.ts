import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatPercent, formatUpdatedAgo } from './format';
import { freshnessStatus } from './freshness';

describe('format', () => {
  it('formats durations as mm:ss below an hour and h:mm:ss above', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(7.9)).toBe('00:07');
    expect(formatDuration(83)).toBe('01:23');
    expect(formatDuration(3599)).toBe('59:59');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('00:00');
    expect(formatDuration(null)).toBe('—');
  });

  it('formats ages as "updated … ago"', () => {
    expect(formatUpdatedAgo(3_400)).toBe('updated 3 s ago');
    expect(formatUpdatedAgo(125_000)).toBe('updated 2 min ago');
    expect(formatUpdatedAgo(2 * 3_600_000)).toBe('updated 2 h ago');
    expect(formatUpdatedAgo(null)).toBe('not updated yet');
  });

  it('formats percentages with "—" for null', () => {
    expect(formatPercent(87.4)).toBe('87 %');
    expect(formatPercent(87.46, 1)).toBe('87.5 %');
    expect(formatPercent(null)).toBe('—');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(null)).toBe('—');
  });
});

describe('freshnessStatus', () => {
  const now = Date.parse('2026-03-02T10:00:00Z');
  const at = (ms: number) => new Date(now - ms).toISOString();
  const base = { sourceId: 's', error: null, errorSince: null, stale: false };

  it('is fresh within two polls and stale after', () => {
    expect(freshnessStatus({ ...base, fetchedAt: at(3_000) }, now, 2_000).state).toBe('fresh');
    expect(freshnessStatus({ ...base, fetchedAt: at(4_500) }, now, 2_000).state).toBe('stale');
  });

  it('is stale with the error as reason when the last poll failed', () => {
    expect(freshnessStatus({ ...base, fetchedAt: at(100), error: 'timeout' }, now, 2_000)).toEqual({
      state: 'stale',
      ageMs: 100,
      reason: 'timeout',
    });
  });

  it('honours the gateway stale flag and waits for a first poll', () => {
    expect(freshnessStatus({ ...base, fetchedAt: at(100), stale: true }, now, 2_000).state).toBe(
      'stale',
    );
    expect(freshnessStatus({ ...base, fetchedAt: null }, now, 2_000).state).toBe('pending');
    expect(freshnessStatus(undefined, now, 2_000).state).toBe('pending');
  });
});
