import { describe, expect, it } from 'vitest';
import { NO_CAPABILITIES, makeSource } from '@/test/fixtures';
import {
  cleanEntriesSearch,
  dayEndIso,
  dayStartIso,
  EntriesSearch,
  resolveEntriesView,
  toEntriesRequest,
} from './entries-search';

const iqra = makeSource({
  id: 'iqra',
  kind: 'iqra',
  label: 'AI outbound',
  capabilities: {
    ...NO_CAPABILITIES,
    entries: {
      directions: ['outbound', 'inbound'],
      filters: ['status', 'campaign', 'phone', 'createdAt'],
      sorts: ['createdAt', 'updatedAt'],
      total: true,
    },
  },
});
const while1 = makeSource({
  id: 'w1',
  kind: 'while1',
  label: 'Callbacks',
  capabilities: {
    ...NO_CAPABILITIES,
    entries: { directions: ['callback'], filters: ['status'], sorts: [], total: false },
  },
});
const queuesOnly = makeSource({ id: 'fono' });

describe('EntriesSearch', () => {
  it('keeps ids and phone numbers the router parsed as numbers as text', () => {
    expect(EntriesSearch.parse({ phone: 905551234, agent: 1001, campaign: 7 })).toEqual({
      phone: '905551234',
      agent: '1001',
      campaign: '7',
    });
  });

  it('drops mangled values instead of failing the page', () => {
    expect(
      EntriesSearch.parse({
        direction: 'sideways',
        sort: 'name',
        order: 'up',
        page: -3,
        pageSize: 30,
        createdFrom: 'yesterday',
        status: 'failed,bogus,<b>,completed,failed',
      }),
    ).toEqual({ status: 'completed,failed' });
    expect(EntriesSearch.parse({ status: 'bogus' })).toEqual({});
    expect(EntriesSearch.parse({ page: '4', pageSize: '100' })).toEqual({ page: 4, pageSize: 100 });
  });

  it('cleans defaults out of the URL', () => {
    expect(
      cleanEntriesSearch({ source: 'iqra', page: 1, pageSize: 25, order: 'desc', sort: 'createdAt', phone: '' }),
    ).toEqual({ source: 'iqra', sort: 'createdAt' });
    // An order without a sort means nothing.
    expect(cleanEntriesSearch({ order: 'asc' })).toEqual({});
  });
});

describe('resolveEntriesView / toEntriesRequest', () => {
  it('falls back to the first source with entries and its first direction', () => {
    const view = resolveEntriesView({}, [queuesOnly, iqra, while1])!;
    expect(view.source.id).toBe('iqra');
    expect(view.direction).toBe('outbound');
    expect(view.sourceFallback).toBe(false);
    expect(resolveEntriesView({ source: 'fono' }, [queuesOnly, iqra])!.sourceFallback).toBe(true);
    expect(resolveEntriesView({}, [queuesOnly])).toBeNull();
    // A direction the source does not list is replaced by its own.
    expect(resolveEntriesView({ source: 'w1', direction: 'outbound' }, [iqra, while1])!.direction).toBe('callback');
  });

  it('sends every supported filter, whole local days, sort with order, page and size', () => {
    const search = EntriesSearch.parse({
      source: 'iqra',
      direction: 'inbound',
      status: 'failed,completed',
      campaign: 'iqra:c1',
      phone: '+90555',
      createdFrom: '2026-03-01',
      createdTo: '2026-03-02',
      sort: 'updatedAt',
      order: 'asc',
      page: 3,
      pageSize: 50,
    });
    const view = resolveEntriesView(search, [iqra])!;
    expect(toEntriesRequest(search, view)).toEqual({
      source: 'iqra',
      direction: 'inbound',
      status: 'completed,failed',
      campaign: 'iqra:c1',
      phone: '+90555',
      createdFrom: new Date(2026, 2, 1).toISOString(),
      createdTo: new Date(2026, 2, 2, 23, 59, 59, 999).toISOString(),
      sort: 'updatedAt',
      order: 'asc',
      page: 3,
      pageSize: 50,
    });
  });

  it('leaves out what the source cannot do and says so', () => {
    const search = EntriesSearch.parse({
      source: 'w1',
      status: 'pending',
      agent: 'a1',
      scheduledFrom: '2026-03-01',
      sort: 'createdAt',
    });
    const view = resolveEntriesView(search, [iqra, while1])!;
    expect(view.ignored).toEqual(['agent', 'scheduledFrom']);
    expect(toEntriesRequest(search, view)).toEqual({
      source: 'w1',
      direction: 'callback',
      status: 'pending',
      page: 1,
      pageSize: 25,
    });
  });

  it('makes "to" days inclusive', () => {
    expect(Date.parse(dayEndIso('2026-03-02')) - Date.parse(dayStartIso('2026-03-02'))).toBe(
      24 * 3_600_000 - 1,
    );
  });
});
