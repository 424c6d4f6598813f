import { createMemoryHistory } from '@tanstack/react-router';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CampaignProgress } from '@contract/campaign';
import { createApp } from '../create-app';
import { AppProviders } from '../providers';
import { json, stubFetch } from '@/test/fetch-stub';
import { NO_CAPABILITIES, makeSource, makeUser } from '@/test/fixtures';

const IQRA = makeSource({
  id: 'iqra',
  kind: 'iqra',
  label: 'AI outbound',
  capabilities: {
    ...NO_CAPABILITIES,
    campaigns: true,
    entries: {
      directions: ['outbound', 'inbound'],
      filters: ['status', 'campaign'],
      sorts: ['createdAt'],
      total: true,
    },
  },
});

const SPRING: CampaignProgress = {
  id: 'iqra:c1',
  sourceId: 'iqra',
  vendorId: 'c1',
  name: 'Spring renewals',
  total: 200,
  counts: { completed: 50, failed: 20, cancelled: 10, pending: 120 },
  ratePerHour: 42,
  estimatedFinishAt: null,
  updatedAt: '2026-03-02T10:00:00.000Z',
};
const EMPTY: CampaignProgress = {
  ...SPRING,
  id: 'iqra:c2',
  vendorId: 'c2',
  name: '<img src=x onerror=alert(1)>',
  total: 0,
  counts: {},
  ratePerHour: null,
};

function renderApp(path: string) {
  stubFetch({
    'GET /api/v1/auth/me': { user: makeUser('campaign_manager', 'cam') },
    'GET /api/v1/sources': { items: [IQRA] },
    'GET /api/v1/campaigns': { items: [SPRING, EMPTY] },
    'GET /api/v1/campaigns/iqra%3Ac1/history': () =>
      json({
        campaignId: 'iqra:c1',
        points: [
          { at: '2026-03-02T09:00:00.000Z', counts: { pending: 200 } },
          { at: '2026-03-02T10:00:00.000Z', counts: SPRING.counts },
        ],
      }),
    'GET /api/v1/entries': {
      items: [
        { lastError: 'SIP 486 Busy' },
        { lastError: 'SIP 486 Busy' },
        { lastError: '<b>Carrier said no</b>' },
      ].map((e, i) => ({
        id: `iqra:f${i}`,
        sourceId: 'iqra',
        vendorId: `f${i}`,
        direction: 'outbound',
        status: 'failed',
        rawStatus: 'Failed',
        phoneNumber: null,
        campaignId: 'c1',
        campaignName: 'Spring renewals',
        agentId: null,
        createdAt: null,
        scheduledAt: null,
        startedAt: null,
        completedAt: null,
        retryCount: 1,
        lastError: e.lastError,
      })),
      page: 1,
      pageSize: 100,
      total: 20,
      hasNextPage: false,
      countsByStatus: null,
    },
  });
  const app = createApp({ history: createMemoryHistory({ initialEntries: [path] }) });
  render(<AppProviders queryClient={app.queryClient} router={app.router} />);
  return app;
}

describe('/campaigns', () => {
  it('shows a card per campaign with an accessible progress bar, counts, rate and finish', async () => {
    renderApp('/campaigns');
    const card = await screen.findByRole('article', { name: 'Spring renewals' });
    const bar = within(card).getByRole('progressbar', { name: 'Progress of Spring renewals' });
    expect(bar).toHaveAttribute('aria-valuenow', '40');
    expect(bar).toHaveAttribute('aria-valuetext', '80 of 200 done (40 %)');
    expect(within(card).getByText('80 of 200 done')).toBeInTheDocument();
    const counts = within(card).getByLabelText('Entries per status');
    expect(within(counts).getAllByRole('term').map((t) => t.textContent)).toEqual([
      'Pending',
      'Completed',
      'Failed',
      'Cancelled',
    ]);
    expect(within(card).getByText('42 / h')).toBeInTheDocument();
    expect(within(card).getByText('Estimated finish').nextElementSibling).toHaveTextContent('—');

    // No entries: no percentage, no aria-valuenow, "—" everywhere, and the name stays text.
    const empty = screen.getByRole('article', { name: EMPTY.name });
    const emptyBar = within(empty).getByRole('progressbar');
    expect(emptyBar).not.toHaveAttribute('aria-valuenow');
    expect(within(empty).getByText('Rate (last hour)').nextElementSibling).toHaveTextContent('—');
    expect(document.querySelector('main img')).toBeNull();

    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Campaigns' })).toHaveAttribute('href', '/campaigns');
    expect(within(nav).getByRole('link', { name: 'Entries' })).toHaveAttribute('href', '/entries');
  });

  it('opens a campaign with a legend linking each status to its entries, and failures by error', async () => {
    const { router } = renderApp('/campaigns');
    await userEvent.click(await screen.findByRole('link', { name: 'Spring renewals' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Spring renewals' })).toBeInTheDocument();

    const legend = await screen.findByRole('list', { name: 'Legend: latest count per status' });
    const failed = within(legend).getByRole('link', { name: 'Failed: 20 entries, open them' });
    expect(failed.getAttribute('href')).toBe(
      '/entries?source=iqra&direction=outbound&campaign=c1&status=failed',
    );

    const failures = screen.getByRole('region', { name: 'Failures by last error' });
    const rows = await within(failures).findAllByRole('row');
    expect(rows.slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['SIP 486 Busy', '2'],
      ['<b>Carrier said no</b>', '1'],
    ]);
    expect(failures.querySelector('b')).toBeNull();

    await userEvent.click(failed);
    expect(router.state.location.pathname).toBe('/entries');
    expect(router.state.location.search).toMatchObject({ campaign: 'c1', status: 'failed' });
  });
});
