import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveCall, WaitingCaller } from '@contract/call';
import type { Source } from '@contract/source';
import { errorResponse, json, requestsOf, stubFetch, type StubRequest } from '@/test/fetch-stub';
import { makeFreshness } from '@/test/fixtures';
import { notify } from '@/lib/notify';
import { renderWithQuery } from '@/test/render';
import type { CallsSearch } from '../lib/calls-search';
import { callsSource, makeCall, makeWaiting } from '../test/fixtures';
import { CallsPage } from './calls-page';

vi.mock('@/lib/notify', () => ({
  notify: { success: vi.fn(), error: vi.fn(), info: vi.fn() },
}));

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const QUEUE_NAMES = new Map([
  ['fono:q1', 'Sales'],
  ['fono:q2', 'Support'],
]);

interface Options {
  calls?: LiveCall[];
  waiting?: WaitingCaller[];
  sources?: Source[];
  search?: CallsSearch;
  canPickup?: boolean;
  routes?: Record<string, object | ((req: StubRequest) => Response | Promise<Response>)>;
}

function renderPage({ calls = [], waiting = [], sources = [callsSource('fono', false)], search = {}, canPickup = true, routes = {} }: Options = {}) {
  const mock = stubFetch({
    'GET /api/v1/calls': () => json({ calls, waiting, freshness: [makeFreshness('fono', NOW)] }),
    ...routes,
  });
  const onSearchChange = vi.fn();
  const view = renderWithQuery(
    <CallsPage
      sources={sources}
      queueNames={QUEUE_NAMES}
      search={search}
      onSearchChange={onSearchChange}
      canPickup={canPickup}
      affectedQueryKeys={[['queues']]}
    />,
  );
  return { ...view, mock, onSearchChange };
}

/** Cell texts of a table's body rows. */
function rows(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).queryAllByRole('cell').map((c) => c.textContent ?? ''));
}

describe('CallsPage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(NOW);
    vi.mocked(notify.success).mockClear();
    vi.mocked(notify.error).mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it('shows active calls with wait and a ticking talk time', async () => {
    renderPage({ calls: [makeCall({}, NOW)] });
    const table = await screen.findByRole('table', { name: 'Active calls' });
    expect(rows(table)).toEqual([
      ['FonoUC', 'Sales', '+14155550100', 'Dana Scully', 'Ann Lee', 'Talking', '00:30', '02:00'],
    ]);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3000);
    });
    expect(rows(table)[0]?.[7]).toBe('02:03');
  });

  it('shows waiting callers with queue names, ticking waits and positions, longest wait first', async () => {
    renderPage({
      waiting: [
        makeWaiting({ vendorId: 'w1', position: 2, waitingSince: new Date(NOW - 10_000).toISOString(), callerNumber: '111' }, NOW),
        makeWaiting({ vendorId: 'w2', queueId: 'fono:q2', position: 1, waitingSince: new Date(NOW - 70_000).toISOString(), callerNumber: '222' }, NOW),
      ],
    });
    const table = await screen.findByRole('table', { name: 'Waiting callers' });
    expect(rows(table)).toEqual([
      ['FonoUC', 'Support', '222', '—', '01:10', '1'],
      ['FonoUC', 'Sales', '111', '—', '00:10', '2'],
    ]);
    expect(within(table).getByRole('columnheader', { name: /Wait/ })).toHaveAttribute('aria-sort', 'descending');
    // FonoUC cannot pick up: no action column.
    expect(within(table).queryByRole('button', { name: /Pick up/ })).not.toBeInTheDocument();
  });

  it('sorts from the URL and writes header clicks back to it', async () => {
    const { onSearchChange } = renderPage({
      calls: [
        makeCall({ vendorId: 'a', agentName: 'Zed' }, NOW),
        makeCall({ vendorId: 'b', agentName: 'Amy' }, NOW),
      ],
      search: { sort: '-agent' },
    });
    const table = await screen.findByRole('table', { name: 'Active calls' });
    expect(rows(table).map((r) => r[4])).toEqual(['Zed', 'Amy']);
    expect(within(table).getByRole('columnheader', { name: /Agent/ })).toHaveAttribute('aria-sort', 'descending');

    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(within(table).getByRole('button', { name: /Talk time/ }));
    expect(onSearchChange).toHaveBeenCalledWith({ sort: '-talk' });
  });

  it('filters by queue and search from the URL', async () => {
    renderPage({
      calls: [
        makeCall({ vendorId: 'a', callerNumber: '+1555', callerName: null }, NOW),
        makeCall({ vendorId: 'b', queueId: 'fono:q2', queueName: 'Support', agentName: 'Bob' }, NOW),
      ],
      search: { queue: 'fono:q2', q: 'bob' },
    });
    const table = await screen.findByRole('table', { name: 'Active calls' });
    expect(rows(table).map((r) => r[1])).toEqual(['Support']);
    expect(screen.getByLabelText('Queue')).toHaveValue('fono:q2');
  });

  it('says clearly when there are no calls', async () => {
    renderPage();
    expect(await screen.findByRole('heading', { name: 'No calls right now' })).toBeInTheDocument();
    expect(screen.getByText('Nobody is waiting right now.')).toBeInTheDocument();
  });

  it('offers Clear filters when filters hide every call', async () => {
    const { onSearchChange } = renderPage({ calls: [makeCall({}, NOW)], search: { q: 'nobody' } });
    expect(await screen.findByRole('heading', { name: 'No calls match these filters' })).toBeInTheDocument();
    screen.getByRole('button', { name: 'Clear filters' }).click();
    expect(onSearchChange).toHaveBeenCalledWith({ source: undefined, queue: undefined, q: undefined });
  });

  it('picks up a waiting call where the source can, and rolls back when the vendor refuses', async () => {
    let release: (r: Response) => void = () => {};
    const { mock } = renderPage({
      sources: [callsSource('fono', true)],
      waiting: [makeWaiting({ callerName: 'Fox Mulder' }, NOW)],
      routes: {
        'POST /api/v1/actions/pickup': () =>
          new Promise<Response>((resolve) => {
            release = resolve;
          }),
      },
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await screen.findByRole('button', { name: 'Pick up Fox Mulder (+442079460000)' }));

    const pending = await screen.findByRole('button', { name: 'Picking up Fox Mulder (+442079460000)' });
    expect(pending).toBeDisabled();
    expect(pending).toHaveAttribute('aria-busy', 'true');
    expect(requestsOf(mock).find((r) => r.method === 'POST')?.body).toEqual({ queueId: 'fono:q1', waitingId: 'fono:w1' });

    release(errorResponse(404, 'NOT_FOUND', 'That caller is no longer waiting in this queue'));
    expect(await screen.findByRole('button', { name: 'Pick up Fox Mulder (+442079460000)' })).toBeEnabled();
    expect(notify.error).toHaveBeenCalledWith(
      'Could not pick up Fox Mulder (+442079460000) in Sales: That caller is no longer waiting in this queue',
    );
  });

  it('removes a picked-up caller and says so', async () => {
    let waiting = [makeWaiting({}, NOW)];
    renderPage({
      sources: [callsSource('fono', true)],
      routes: {
        'GET /api/v1/calls': () => json({ calls: [], waiting, freshness: [] }),
        'POST /api/v1/actions/pickup': () => {
          waiting = [];
          return json({ ok: true, message: 'Call picked up', vendorCode: null, auditId: 3 });
        },
      },
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await screen.findByRole('button', { name: 'Pick up +442079460000' }));
    await waitFor(() => expect(notify.success).toHaveBeenCalledWith('Picked up +442079460000 in Sales.'));
    expect(await screen.findByText('Nobody is waiting right now.')).toBeInTheDocument();
  });

  it('shows viewers no Pick up button', async () => {
    renderPage({ sources: [callsSource('fono', true)], waiting: [makeWaiting({}, NOW)], canPickup: false });
    const table = await screen.findByRole('table', { name: 'Waiting callers' });
    expect(within(table).queryByRole('button', { name: /Pick up/ })).not.toBeInTheDocument();
    expect(within(table).queryByRole('columnheader', { name: 'Actions' })).not.toBeInTheDocument();
  });

  it('renders a vendor caller name literally, never as HTML', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { container } = renderPage({
      calls: [makeCall({ callerName: evil, agentName: evil }, NOW)],
      waiting: [makeWaiting({ callerName: evil }, NOW)],
    });
    const table = await screen.findByRole('table', { name: 'Active calls' });
    expect(within(table).getAllByText(evil)).toHaveLength(2);
    expect(within(screen.getByRole('table', { name: 'Waiting callers' })).getByText(evil)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });
});
