import { act, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, json, stubFetch } from '@/test/fetch-stub';
import { makeFreshness, makeQueue, makeSource } from '@/test/fixtures';
import { renderWithRouter } from '../test/render';
import { QueuesPage } from './queues-page';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');

/** The value next to a `<dt>` label inside a queue card. */
function stat(card: HTMLElement, label: string): string | null {
  const term = within(card).getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? null;
}

function card(name: string): HTMLElement {
  return screen.getByRole('article', { name });
}

describe('QueuesPage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('shows one card per queue with the four stats, formatted', async () => {
    stubFetch({
      'GET /api/v1/queues': {
        items: [
          makeQueue({
            vendorId: '1',
            name: 'Sales',
            live: {
              waiting: 3,
              oldestWaitingSince: new Date(NOW - 83_000).toISOString(),
              agentsLoggedIn: 7,
              agentsAvailable: 2,
            },
          }),
          makeQueue({
            vendorId: '2',
            name: 'Support',
            live: { waiting: 0, agentsLoggedIn: 0, agentsAvailable: 0 },
          }),
        ],
        freshness: [makeFreshness('fono', NOW, 1000)],
      },
    });

    renderWithRouter(
      <QueuesPage sources={[makeSource({ id: 'fono', label: 'FonoUC Istanbul' })]} />,
    );

    const sales = await screen.findByRole('article', { name: 'Sales' });
    expect(within(sales).getByRole('heading', { name: 'Sales' })).toBeInTheDocument();
    expect(stat(sales, 'Calls waiting')).toBe('3');
    expect(stat(sales, 'Longest wait')).toBe('01:23');
    expect(stat(sales, 'Agents logged in')).toBe('7');
    expect(stat(sales, 'Agents available')).toBe('2');

    const support = card('Support');
    expect(stat(support, 'Calls waiting')).toBe('0');
    expect(stat(support, 'Longest wait')).toBe('—');

    // Grouped under the source's label, with its freshness.
    const section = screen.getByRole('region', { name: 'FonoUC Istanbul' });
    expect(within(section).getByText('updated 1 s ago')).toBeInTheDocument();
    expect(within(section).queryByText('Stale')).not.toBeInTheDocument();
  });

  it('ticks the longest wait from oldestWaitingSince on the shared clock', async () => {
    stubFetch({
      'GET /api/v1/queues': {
        items: [
          makeQueue({
            live: { waiting: 1, oldestWaitingSince: new Date(NOW - 3_599_000).toISOString() },
          }),
        ],
        freshness: [makeFreshness('fono', NOW)],
      },
    });
    renderWithRouter(<QueuesPage />);
    const sales = await screen.findByRole('article', { name: 'Sales' });
    expect(stat(sales, 'Longest wait')).toBe('59:59');
    expect(within(sales).getByText('Over target')).toBeInTheDocument();

    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
    });
    expect(stat(sales, 'Longest wait')).toBe('1:00:01');
  });

  it('shows a Stale badge with the error text when the last poll failed', async () => {
    stubFetch({
      'GET /api/v1/queues': {
        items: [makeQueue()],
        freshness: [makeFreshness('fono', NOW, 4000, 'connect ECONNREFUSED 10.0.0.5:443')],
      },
    });
    renderWithRouter(<QueuesPage sources={[makeSource({ id: 'fono', label: 'FonoUC' })]} />);

    const section = await screen.findByRole('region', { name: 'FonoUC' });
    const badge = within(section).getByText('Stale');
    expect(badge).toHaveAttribute('title', 'connect ECONNREFUSED 10.0.0.5:443');
    // The cause is also in the text, for screen readers and touch users.
    expect(badge).toHaveTextContent('Stale: connect ECONNREFUSED 10.0.0.5:443');
    // The numbers stay.
    expect(stat(card('Sales'), 'Agents logged in')).toBe('4');
  });

  it('marks data older than two polls as stale even without an error', async () => {
    stubFetch({
      'GET /api/v1/queues': {
        items: [makeQueue()],
        freshness: [makeFreshness('fono', NOW, 9_000)],
      },
    });
    renderWithRouter(
      <QueuesPage sources={[makeSource({ id: 'fono', label: 'FonoUC', pollSeconds: 2 })]} />,
    );
    const section = await screen.findByRole('region', { name: 'FonoUC' });
    expect(within(section).getByText('updated 9 s ago')).toBeInTheDocument();
    expect(within(section).getByText('Stale')).toBeInTheDocument();
  });

  it('links each card to its queue’s page', async () => {
    stubFetch({
      'GET /api/v1/queues': { items: [makeQueue({ vendorId: '7', name: 'Sales' })], freshness: [] },
    });
    renderWithRouter(<QueuesPage />);
    const sales = await screen.findByRole('article', { name: 'Sales' });
    expect(within(sales).getByRole('link', { name: 'Sales' })).toHaveAttribute(
      'href',
      '/queues/fono%3A7',
    );
  });

  it('renders a vendor queue name literally, never as HTML', async () => {
    const name = '<img src=x onerror=alert(1)>';
    stubFetch({
      'GET /api/v1/queues': { items: [makeQueue({ name })], freshness: [] },
    });
    const { container } = renderWithRouter(<QueuesPage />);
    const article = await screen.findByRole('article', { name });
    expect(within(article).getByRole('heading', { name })).toHaveTextContent(name);
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows a clear empty state when no source reports queues', async () => {
    stubFetch({ 'GET /api/v1/queues': { items: [], freshness: [] } });
    renderWithRouter(<QueuesPage />);
    expect(await screen.findByRole('heading', { name: 'No queues to show' })).toBeInTheDocument();
  });

  it('shows an error panel only when there is nothing to show', async () => {
    stubFetch({
      'GET /api/v1/queues': () => errorResponse(503, 'VENDOR_UNAVAILABLE', 'All sources are down'),
    });
    renderWithRouter(<QueuesPage />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Queues could not be loaded');
    expect(alert).toHaveTextContent('All sources are down');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('keeps the last numbers when a later poll fails', async () => {
    let calls = 0;
    stubFetch({
      'GET /api/v1/queues': () => {
        calls += 1;
        return calls === 1
          ? json({
              items: [makeQueue({ live: { waiting: 5 } })],
              freshness: [makeFreshness('fono', NOW)],
            })
          : errorResponse(502, 'VENDOR_ERROR', 'Gateway hiccup');
      },
    });
    renderWithRouter(<QueuesPage />);
    const sales = await screen.findByRole('article', { name: 'Sales' });
    expect(stat(sales, 'Calls waiting')).toBe('5');

    await act(async () => {
      await vi.advanceTimersByTimeAsync(2100);
    });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(await screen.findByText(/The last refresh failed/)).toBeInTheDocument();
    expect(stat(card('Sales'), 'Calls waiting')).toBe('5');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
