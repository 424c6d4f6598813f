import { describe, expect, it } from 'vitest';
import { cleanReportsSearch, ReportsSearch, resolveRange, toCdrsRequest } from './reports-search';

describe('reports search', () => {
  it('defaults to today and sends whole local days', () => {
    const range = resolveRange({}, '2026-03-02');
    expect(range).toEqual({ from: '2026-03-02', to: '2026-03-02', problem: null });
    const req = toCdrsRequest({ disposition: 'abandoned' }, range);
    expect(new Date(req.from).getTime()).toBe(new Date(2026, 2, 2).getTime());
    expect(new Date(req.to).getTime()).toBe(new Date(2026, 2, 3).getTime());
    expect(req).toMatchObject({ disposition: 'abandoned', page: 1, pageSize: 50 });
  });

  it('refuses ranges the gateway would refuse', () => {
    expect(resolveRange({ from: '2026-03-05', to: '2026-03-01' }).problem).toMatch(
      /before its start/,
    );
    expect(resolveRange({ from: '2026-01-01', to: '2026-03-01' }).problem).toMatch(/31 days/);
    expect(resolveRange({ from: '2026-01-01', to: '2026-01-31' }).problem).toBeNull();
  });

  it('drops mangled parameters and defaults from the URL', () => {
    expect(
      ReportsSearch.parse({ from: 'yesterday', disposition: 'odd', page: '3', pageSize: '7' }),
    ).toEqual({
      from: undefined,
      to: undefined,
      source: undefined,
      queue: undefined,
      disposition: undefined,
      page: 3,
      pageSize: undefined,
    });
    expect(
      cleanReportsSearch(
        { from: '2026-03-02', to: '2026-03-02', page: 1, pageSize: 50 },
        '2026-03-02',
      ),
    ).toEqual({});
    expect(cleanReportsSearch({ from: '2026-03-01', page: 2 }, '2026-03-02')).toEqual({
      from: '2026-03-01',
      page: 2,
    });
  });
});
