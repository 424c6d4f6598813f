import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Source } from '@contract/source';
import { errorResponse, stubFetch } from '@/test/fetch-stub';
import { NO_CAPABILITIES, makeSource } from '@/test/fixtures';
import { renderWithQuery } from '@/test/render';
import { SourcesPage } from './sources-page';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

function health(overrides: Partial<Source['health']>): Source['health'] {
  return {
    status: 'ok',
    lastPollAt: ago(1000),
    lastSuccessAt: ago(1000),
    lastError: null,
    latencyMs: 42,
    requestsLastMinute: 12,
    budgetPerMinute: null,
    ...overrides,
  };
}

const SOURCES: Source[] = [
  makeSource({
    id: 'support',
    kind: 'fonouc',
    label: 'Support',
    pollSeconds: 2,
    capabilities: { ...NO_CAPABILITIES, queues: true, agents: true, liveCalls: true },
    health: health({ lastSuccessAt: ago(3_000), latencyMs: 87.4 }),
  }),
  makeSource({
    id: 'iqra',
    kind: 'iqra',
    label: 'AI outbound',
    pollSeconds: 10,
    capabilities: {
      ...NO_CAPABILITIES,
      campaigns: true,
      initiateCall: true,
      entries: {
        directions: ['outbound', 'inbound'],
        filters: ['status', 'campaign'],
        sorts: ['createdAt'],
        total: true,
      },
    },
    health: health({ status: 'degraded', requestsLastMinute: 45, budgetPerMinute: 60, lastError: 'HTTP 429 Too Many Requests' }),
  }),
  makeSource({
    id: 'w1',
    kind: 'while1',
    label: 'Callbacks',
    health: health({ status: 'down', lastSuccessAt: null, latencyMs: null, lastError: 'connect ECONNREFUSED 10.0.0.5:443' }),
  }),
  makeSource({
    id: 'sales',
    kind: 'portsip',
    label: 'Sales',
    health: health({ status: 'unknown', lastPollAt: null, lastSuccessAt: null, latencyMs: null, requestsLastMinute: 0 }),
  }),
];

function stat(card: HTMLElement, label: string): string | null {
  const term = within(card).getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? null;
}

describe('SourcesPage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('shows a card per source with vendor, status text, poll age, latency and capabilities', async () => {
    stubFetch({ 'GET /api/v1/sources': { items: SOURCES } });
    renderWithQuery(<SourcesPage />);

    const support = await screen.findByRole('article', { name: 'Support' });
    expect(within(support).getByText(/^FonoUC · polls every 2 s/)).toBeInTheDocument();
    expect(within(support).getByText('OK')).toBeInTheDocument();
    expect(stat(support, 'Last successful poll')).toBe('updated 3 s ago');
    expect(stat(support, 'Latency')).toBe('87 ms');
    const can = within(support).getByRole('region', { name: 'What Support can do' });
    expect(within(can).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Queues',
      'Agent grid',
      'Live calls',
    ]);
    // No budget: no meter, and the count says so.
    expect(within(support).queryByRole('meter')).not.toBeInTheDocument();
    expect(stat(support, 'Requests in the last minute')).toBe('12 (no budget set)');

    const down = screen.getByRole('article', { name: 'Callbacks' });
    expect(within(down).getByText('Down')).toBeInTheDocument();
    expect(stat(down, 'Last successful poll')).toBe('never');
    expect(stat(down, 'Latency')).toBe('—');
    expect(stat(down, 'Last error')).toBe('connect ECONNREFUSED 10.0.0.5:443');

    expect(within(screen.getByRole('article', { name: 'Sales' })).getByText('Unknown')).toBeInTheDocument();
    expect(screen.getByText('4 sources:').parentElement).toHaveTextContent(
      '4 sources:1 OK,1 Degraded,1 Down,1 Unknown',
    );
  });

  it('shows requests against the budget as a meter when the source has one', async () => {
    stubFetch({ 'GET /api/v1/sources': { items: SOURCES } });
    renderWithQuery(<SourcesPage />);

    const iqra = await screen.findByRole('article', { name: 'AI outbound' });
    expect(within(iqra).getByText('Degraded')).toBeInTheDocument();
    expect(stat(iqra, 'Requests in the last minute')).toBe('45 of 60 allowed');
    const meter = within(iqra).getByRole('meter', {
      name: 'AI outbound: vendor requests in the last minute',
    });
    expect(meter).toHaveAttribute('aria-valuenow', '45');
    expect(meter).toHaveAttribute('aria-valuemax', '60');
    expect(meter).toHaveAttribute('aria-valuetext', '45 of 60 requests per minute');
    expect(stat(iqra, 'Last error')).toBe('HTTP 429 Too Many Requests');
    expect(within(iqra).getByText('Entries: outbound, inbound')).toBeInTheDocument();
    expect(
      within(iqra).getByText('Entry filters: status, campaign · Sorts: created · totals'),
    ).toBeInTheDocument();
  });

  it('renders vendor strings literally, never as HTML', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    stubFetch({
      'GET /api/v1/sources': {
        items: [makeSource({ id: 'x', label: evil, health: health({ status: 'degraded', lastError: `<b>${evil}</b>` }) })],
      },
    });
    const { container } = renderWithQuery(<SourcesPage />);
    const card = await screen.findByRole('article', { name: evil });
    expect(stat(card, 'Last error')).toBe(`<b>${evil}</b>`);
    expect(container.querySelector('img, b')).toBeNull();
  });

  it('polls every 5 seconds', async () => {
    const mock = stubFetch({ 'GET /api/v1/sources': { items: SOURCES } });
    renderWithQuery(<SourcesPage />);
    await screen.findByRole('article', { name: 'Support' });
    const before = mock.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5_100);
    expect(mock.mock.calls.length).toBeGreaterThan(before);
  });

  it('shows an error panel only when there is nothing to show', async () => {
    stubFetch({ 'GET /api/v1/sources': () => errorResponse(503, 'INTERNAL', 'Gateway starting') });
    renderWithQuery(<SourcesPage />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Sources could not be loaded');
    expect(alert).toHaveTextContent('Gateway starting');
  });
});
