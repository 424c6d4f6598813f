import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA } from '@contract/queue';
import { metricViews, serviceLevelDescription } from './queue-metrics';
import { MAX_CHART_POINTS, toQueueChartRows } from './queue-history';

describe('metricViews', () => {
  it('formats every metric, and null as "—"', () => {
    const views = metricViews(
      {
        offered: 1234,
        answered: null,
        abandoned: 0,
        serviceLevel: 100,
        abandonRate: 0,
        asaSeconds: null,
        avgAbandonSeconds: 61,
        ahtSeconds: 3600,
        maxQueuedSeconds: 0,
        since: '2026-03-02T00:00:00.000Z',
      },
      DEFAULT_SLA,
    );
    const byLabel = Object.fromEntries(views.map((v) => [v.label, v.value]));
    expect(byLabel).toEqual({
      'Service level': '100.0 %',
      'Abandon rate': '0.0 %',
      ASA: '—',
      AHT: '1:00:00',
      Offered: '1,234',
      Answered: '—',
      Abandoned: '0',
      'Average abandon time': '01:01',
      'Max queued today': '00:00',
    });
  });

  it('names the service-level variant', () => {
    expect(serviceLevelDescription(DEFAULT_SLA)).toBe(
      'answered within 20 s; abandons count against (negative)',
    );
    expect(serviceLevelDescription({ thresholdSeconds: 15, shortAbandonSeconds: 0, abandonTreatment: 'ignore' })).toBe(
      'answered within 15 s; abandons are left out (ignore)',
    );
  });
});

describe('toQueueChartRows', () => {
  it('sorts, keeps gaps as null and caps the series, keeping the latest sample', () => {
    const start = Date.parse('2026-03-02T00:00:00.000Z');
    const points = Array.from({ length: 1440 }, (_, i) => ({
      at: new Date(start + (1439 - i) * 60_000).toISOString(),
      waiting: i % 7 === 0 ? null : i,
      serviceLevel: 80,
      answered: null,
      abandoned: null,
    }));
    const rows = toQueueChartRows(points);
    expect(rows.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(rows.length).toBeGreaterThan(MAX_CHART_POINTS / 2);
    expect(rows[0]!.t).toBe(start);
    expect(rows.at(-1)!.t).toBe(start + 1439 * 60_000);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.t).toBeGreaterThan(rows[i - 1]!.t);
    expect(rows.some((r) => r.waiting === null)).toBe(true);
  });
});
