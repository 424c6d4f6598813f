import { describe, expect, it } from 'vitest';
import { groupFailures, toChartData } from './history';
import {
  campaignProgress,
  formatFinish,
  formatProgressPercent,
  formatRate,
  progressValueText,
} from './progress';

describe('campaign progress', () => {
  it('counts completed, failed and cancelled as done, over the total', () => {
    const p = campaignProgress({
      total: 200,
      counts: { completed: 50, failed: 20, cancelled: 10, pending: 100, dialing: 5, expired: 15 },
    });
    expect(p).toEqual({ done: 80, total: 200, percent: 40 });
    expect(formatProgressPercent(p.percent)).toBe('40 %');
    expect(progressValueText(p)).toBe('80 of 200 done (40 %)');
  });

  it('never shows an unfinished campaign as 100 % and has no percentage without entries', () => {
    expect(formatProgressPercent(campaignProgress({ total: 1000, counts: { completed: 996 } }).percent)).toBe('99 %');
    const empty = campaignProgress({ total: 0, counts: {} });
    expect(empty.percent).toBeNull();
    expect(formatProgressPercent(empty.percent)).toBe('—');
    expect(progressValueText(empty)).toBe('No entries yet');
  });

  it('shows "—" for an unknown rate and finish time', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(1234.4)).toBe('1,234 / h');
    expect(formatFinish(null, now)).toBe('—');
    expect(formatFinish('not a date', now)).toBe('—');
    expect(formatFinish(new Date(now + 3_600_000).toISOString(), now)).toMatch(/^\d{2}:\d{2}$/);
    expect(formatFinish(new Date(now + 3 * 86_400_000).toISOString(), now)).toMatch(/^5 Mar, \d{2}:\d{2}$/);
  });
});

describe('campaign history and failures', () => {
  it('turns history points into stacked rows, done statuses at the bottom, bounded in size', () => {
    const points = Array.from({ length: 1200 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 2, 2, 8) + i * 60_000).toISOString(),
      counts: { pending: 1200 - i, completed: i, odd_state: i === 5 ? 1 : 0 },
    }));
    const { rows, keys } = toChartData(points, 500);
    expect(keys).toEqual(['completed', 'pending', 'odd_state']);
    expect(rows.length).toBeLessThanOrEqual(500);
    expect(rows[0]).toEqual({ t: Date.parse(points[0]!.at), completed: 0, pending: 1200, odd_state: 0 });
    // The latest sample is always kept.
    expect(rows[rows.length - 1]!.completed).toBe(1199);
  });

  it('groups failures by last error, most frequent first', () => {
    expect(
      groupFailures([
        { lastError: 'SIP 486 Busy' },
        { lastError: 'No answer' },
        { lastError: 'SIP 486 Busy ' },
        { lastError: null },
        { lastError: '' },
      ]),
    ).toEqual([
      { error: 'SIP 486 Busy', count: 2 },
      { error: null, count: 2 },
      { error: 'No answer', count: 1 },
    ]);
  });
});
