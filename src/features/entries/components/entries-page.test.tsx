import { QueryClientProvider } from '@tanstack/react-query';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { EntriesPage as EntriesPageData, QueueEntry, QueueEntryDetail } from '@contract/entry';
import type { Source } from '@contract/source';
import { json, stubFetch } from '@/test/fetch-stub';
import { NO_CAPABILITIES, makeSource } from '@/test/fixtures';
import { renderWithQuery } from '@/test/render';
import type { EntriesSearch } from '../lib/entries-search';
import { EntriesPage } from './entries-page';

const IQRA = makeSource({
  id: 'iqra',
  kind: 'iqra',
  label: 'AI outbound',
  capabilities: {
    ...NO_CAPABILITIES,
    campaigns: true,
    entries: {
      directions: ['outbound', 'inbound'],
      filters: ['status', 'campaign', 'agent', 'phone', 'createdAt', 'scheduledAt', 'completedAt'],
      sorts: ['createdAt', 'updatedAt', 'scheduledAt'],
      total: true,
    },
  },
});
const WHILE1 = makeSource({
  id: 'w1',
  kind: 'while1',
  label: 'Callbacks',
  capabilities: {
    ...NO_CAPABILITIES,
    entries: { directions: ['callback'], filters: ['status'], sorts: [], total: false },
  },
});

function entry(n: number, overrides: Partial<QueueEntry> = {}): QueueEntry {
  return {
    id: `iqra:e${n}`,
    sourceId: 'iqra',
    vendorId: `e${n}`,
    direction: 'outbound',
    status: 'pending',
    rawStatus: 'Pending',
    phoneNumber: `+90555000${String(n).padStart(4, '0')}`,
    campaignId: 'iqra:c1',
    campaignName: 'Spring renewals',
    agentId: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    scheduledAt: null,
    startedAt: null,
    completedAt: null,
    retryCount: 0,
    lastError: null,
    ...overrides,
  };
}

function page(items: QueueEntry[], overrides: Partial<EntriesPageData> = {}): EntriesPageData {
  return {
    items,
    page: 1,
    pageSize: 25,
    total: items.length,
    hasNextPage: false,
    countsByStatus: { pending: items.length },
    ...overrides,
  };
}

function setup(search: EntriesSearch, sources: Source[] = [IQRA, WHILE1]) {
  const onSearchChange = vi.fn();
  const utils = renderWithQuery(
    <EntriesPage sources={sources} search={search} onSearchChange={onSearchChange} />,
  );
  return { ...utils, onSearchChange };
}

/** The query of every GET /api/v1/entries the page made, as plain objects. */
function entriesQueries(mock: ReturnType<typeof stubFetch>): Record<string, string>[] {
  return mock.mock.calls
    .map(([input]) => new URL(String(input), 'http://localhost'))
    .filter((u) => u.pathname === '/api/v1/entries')
    .map((u) => Object.fromEntries(u.searchParams));
}

describe('EntriesPage', () => {
  it('turns the URL state into the request: filters, dates, sort, order, page and size', async () => {
    const mock = stubFetch({ 'GET /api/v1/entries': page([entry(1)], { page: 3, pageSize: 50, total: 130 }) });
    setup({
      source: 'iqra',
      direction: 'outbound',
      status: 'failed,completed',
      campaign: 'iqra:c1',
      agent: 'a7',
      phone: '+90555',
      createdFrom: '2026-03-01',
      createdTo: '2026-03-02',
      scheduledFrom: '2026-03-03',
      completedTo: '2026-03-04',
      sort: 'scheduledAt',
      order: 'asc',
      page: 3,
      pageSize: 50,
    });
    await screen.findByRole('table');
    expect(entriesQueries(mock)).toEqual([
      {
        source: 'iqra',
        direction: 'outbound',
        status: 'failed,completed',
        campaign: 'iqra:c1',
        agent: 'a7',
        phone: '+90555',
        createdFrom: new Date(2026, 2, 1).toISOString(),
        scheduledFrom: new Date(2026, 2, 3).toISOString(),
        createdTo: new Date(2026, 2, 2, 23, 59, 59, 999).toISOString(),
        completedTo: new Date(2026, 2, 4, 23, 59, 59, 999).toISOString(),
        sort: 'scheduledAt',
        order: 'asc',
        page: '3',
        pageSize: '50',
      },
    ]);
    // The controls show the same view.
    expect(screen.getByRole('button', { name: 'Status Completed, Failed' })).toBeInTheDocument();
    expect(screen.getByLabelText('Phone')).toHaveValue('+90555');
    expect(screen.getByLabelText('Created from')).toHaveValue('2026-03-01');
    expect(screen.getByLabelText('Sort by')).toHaveValue('scheduledAt');
    expect(screen.getByLabelText('Order')).toHaveValue('asc');
    expect(screen.getByLabelText('Rows per page')).toHaveValue('50');
    expect(screen.getByRole('columnheader', { name: /Scheduled/ })).toHaveAttribute('aria-sort', 'ascending');
    expect(screen.getByText('101–101 of 130 · page 3 of 3')).toBeInTheDocument();
  });

  it('shows the total and the counts per status', async () => {
    stubFetch({
      'GET /api/v1/entries': page([entry(1), entry(2)], {
        total: 1234,
        countsByStatus: { pending: 1000, failed: 34, completed: 200, weird_vendor_state: 0 },
      }),
    });
    setup({ source: 'iqra' });
    expect(await screen.findByText('1,234')).toBeInTheDocument();
    const counts = screen.getByLabelText('Entries per status');
    expect(within(counts).getAllByRole('term').map((t) => t.textContent)).toEqual([
      'Pending',
      'Completed',
      'Failed',
    ]);
  });

  it('hides filters and sorts the source cannot serve', async () => {
    stubFetch({ 'GET /api/v1/entries': page([entry(1, { sourceId: 'w1', direction: 'callback' })], { total: null }) });
    setup({ source: 'w1' });
    await screen.findByRole('table');
    expect(screen.getByRole('button', { name: /^Status/ })).toBeInTheDocument();
    for (const label of ['Campaign', 'Agent', 'Phone', 'Created from', 'Scheduled from', 'Completed from', 'Sort by', 'Order']) {
      expect(screen.queryByLabelText(label)).not.toBeInTheDocument();
    }
    // No sortable headers, and only one direction: no direction switch either.
    expect(within(screen.getByRole('table')).queryAllByRole('button', { name: /sort|first/i })).toHaveLength(0);
    expect(screen.queryByRole('group', { name: 'Direction' })).not.toBeInTheDocument();
    expect(screen.getByText('This source does not report a total')).toBeInTheDocument();
  });

  it('offers header sorting only on columns the source sorts by', async () => {
    const partial = makeSource({
      ...IQRA,
      capabilities: {
        ...IQRA.capabilities,
        entries: { ...IQRA.capabilities.entries!, sorts: ['createdAt'] },
      },
    });
    stubFetch({ 'GET /api/v1/entries': page([entry(1)]) });
    const { onSearchChange } = setup({ source: 'iqra' }, [partial]);
    await screen.findByRole('table');
    const created = screen.getByRole('columnheader', { name: /Created/ });
    const scheduled = screen.getByRole('columnheader', { name: /Scheduled/ });
    expect(within(scheduled).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Sort by')).toHaveDisplayValue('Source default');
    expect(within(screen.getByLabelText('Sort by')).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Source default',
      'Created',
    ]);

    await userEvent.click(within(created).getByRole('button'));
    expect(onSearchChange).toHaveBeenLastCalledWith({ sort: 'createdAt', order: 'desc', page: undefined });
  });

  it('tells which filters in the URL this source cannot apply, and does not send them', async () => {
    const mock = stubFetch({ 'GET /api/v1/entries': page([]) });
    setup({ source: 'w1', agent: 'a1', status: 'pending' });
    expect(
      await screen.findByText('Callbacks cannot filter by agent; those filters are not applied.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(entriesQueries(mock)).toHaveLength(1));
    expect(entriesQueries(mock)[0]).not.toHaveProperty('agent');
  });

  it('says "no match" with a way out when filters exclude everything, and "empty" without filters', async () => {
    stubFetch({ 'GET /api/v1/entries': page([], { countsByStatus: null }) });
    const { onSearchChange, unmount } = setup({ source: 'iqra', status: 'failed' });
    expect(await screen.findByRole('heading', { name: 'No entries match these filters' })).toBeInTheDocument();
    await userEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    expect(onSearchChange).toHaveBeenCalledWith(expect.objectContaining({ status: undefined, page: undefined }));
    unmount();

    setup({ source: 'iqra' });
    expect(await screen.findByRole('heading', { name: 'No entries yet' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  });

  it('changes status, page and page size through the URL', async () => {
    stubFetch({ 'GET /api/v1/entries': page([entry(1)], { hasNextPage: true, total: 60 }) });
    const { onSearchChange } = setup({ source: 'iqra' });
    await screen.findByRole('table');
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(onSearchChange).toHaveBeenLastCalledWith({ page: 2 });

    await user.selectOptions(screen.getByLabelText('Rows per page'), '100');
    expect(onSearchChange).toHaveBeenLastCalledWith({ pageSize: 100, page: undefined });

    await user.click(screen.getByRole('button', { name: 'Status Any status' }));
    await user.click(await screen.findByRole('menuitemcheckbox', { name: 'Failed' }));
    expect(onSearchChange).toHaveBeenLastCalledWith({ status: 'failed', page: undefined }, { replace: false });
  });

  it('keeps the previous page on screen, marked busy, while the next one loads', async () => {
    let release: (() => void) | undefined;
    stubFetch({
      'GET /api/v1/entries': (req) => {
        void req;
        return new Promise<Response>((resolve) => {
          const body = page([entry(1)], { hasNextPage: true, total: 60 });
          if (!release) resolve(json(body));
          else release = () => resolve(json(page([entry(26)], { page: 2 })));
        });
      },
    });
    const onSearchChange = vi.fn();
    const { rerender, queryClient } = renderWithQuery(
      <EntriesPage sources={[IQRA]} search={{ source: 'iqra' }} onSearchChange={onSearchChange} />,
    );
    expect(await screen.findByRole('button', { name: /\+905550000001/ })).toBeInTheDocument();
    release = () => {};
    rerender(
      <QueryClientProvider client={queryClient}>
        <EntriesPage sources={[IQRA]} search={{ source: 'iqra', page: 2 }} onSearchChange={onSearchChange} />
      </QueryClientProvider>,
    );
    // Still the old row, no spinner, and the table says it is busy.
    expect(screen.getByRole('button', { name: /\+905550000001/ })).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Loading entries' })).not.toBeInTheDocument();
    expect(screen.getByRole('table')).toHaveAttribute('aria-busy', 'true');
    await act(async () => release?.());
    expect(await screen.findByRole('button', { name: /\+905550000026/ })).toBeInTheDocument();
    expect(screen.getByRole('table')).not.toHaveAttribute('aria-busy');
  });

  it('opens a row in the drawer via the URL', async () => {
    stubFetch({ 'GET /api/v1/entries': page([entry(1)]) });
    const { onSearchChange } = setup({ source: 'iqra' });
    await userEvent.click(await screen.findByRole('button', { name: '+905550000001, open entry e1' }));
    expect(onSearchChange).toHaveBeenLastCalledWith({ entry: 'e1' });
  });

  it('shows every field, attempts and raw vendor fields in the drawer, all as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const detail: QueueEntryDetail = {
      ...entry(1, {
        status: 'failed',
        rawStatus: 'Failed',
        campaignName: evil,
        lastError: `<script>alert("x")</script>`,
        retryCount: 2,
      }),
      raw: { recipientNumber: '+905550000001', notes: evil, nested: { a: 1, b: [true, null] } },
      attempts: [
        { at: '2026-03-01T09:05:00.000Z', outcome: 'userNoAnswer', error: null },
        { at: '2026-03-01T09:35:00.000Z', outcome: 'initializeError', error: `<b>SIP 503</b>` },
      ],
    };
    const mock = stubFetch({
      'GET /api/v1/entries': page([entry(1, { campaignName: evil, lastError: evil })]),
      'GET /api/v1/entries/iqra/e1': detail,
    });
    const { container } = setup({ source: 'iqra', entry: 'e1' });

    const drawer = await screen.findByRole('dialog', { name: '+905550000001' });
    expect(within(drawer).getByText('AI outbound · Outbound · entry e1')).toBeInTheDocument();
    const notes = await within(drawer).findByText('notes');
    expect(notes.nextElementSibling).toHaveTextContent(evil);
    expect(within(drawer).getByText(/"b": \[\s*true,\s*null\s*\]/)).toBeInTheDocument();
    expect(within(drawer).getByText('2. initializeError')).toBeInTheDocument();
    expect(within(drawer).getByText('<b>SIP 503</b>')).toBeInTheDocument();
    expect(within(drawer).getByText('<script>alert("x")</script>')).toBeInTheDocument();
    expect(within(drawer).getAllByText(evil).length).toBeGreaterThan(0);

    // The table behind renders the same vendor strings literally.
    expect(within(screen.getByRole('table', { hidden: true })).getAllByText(evil, { exact: true }).length).toBeGreaterThan(0);
    expect(document.querySelector('img, b, script:not([src])')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(mock.mock.calls.some(([u]) => String(u) === '/api/v1/entries/iqra/e1')).toBe(true);
  });

  it('explains when no source offers entries', () => {
    stubFetch({});
    setup({}, [makeSource({ id: 'fono' })]);
    expect(screen.getByRole('heading', { name: 'No source offers queue entries' })).toBeInTheDocument();
  });
});
