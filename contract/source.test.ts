import { describe, expect, it } from 'vitest';
import { formatFetchedAt, withFetchedAt, type Freshness } from './source';

const f = (sourceId: string, fetchedAt: string | null): Freshness => ({
  sourceId,
  fetchedAt,
  error: null,
  errorSince: null,
  stale: false,
});

describe('FETCHED_AT_HEADER', () => {
  it('round-trips source ids with odd characters and skips sources never fetched', () => {
    const header = formatFetchedAt([
      f('support', '2026-11-24T10:00:00.000Z'),
      f('a,b=c', '2026-11-24T10:00:02.000Z'),
      f('sales', null),
    ]);
    expect(header).toBe(
      `support=${Date.parse('2026-11-24T10:00:00.000Z')},a%2Cb%3Dc=${Date.parse('2026-11-24T10:00:02.000Z')}`,
    );
    const older = [f('support', '2026-11-24T09:59:00.000Z'), f('a,b=c', null), f('sales', null)];
    expect(withFetchedAt(older, header).map((x) => x.fetchedAt)).toEqual([
      '2026-11-24T10:00:00.000Z',
      '2026-11-24T10:00:02.000Z',
      null,
    ]);
  });

  it('ignores a missing or garbled header and never moves fetchedAt back', () => {
    const list = [f('support', '2026-11-24T10:00:00.000Z')];
    expect(withFetchedAt(list, null)).toBe(list);
    expect(withFetchedAt(list, 'garbage,=,support=x')).toEqual(list);
    expect(withFetchedAt(list, `support=${Date.parse('2026-11-24T09:00:00.000Z')}`)).toEqual(list);
  });
});
