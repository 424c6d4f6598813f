import { createMemoryHistory } from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Role } from '@contract/auth';
import { json, stubFetch } from '@/test/fetch-stub';
import { makeFreshness, makeUser } from '@/test/fixtures';
import { fonoSource, makeAgent } from '@/features/agents/test/fixtures';
import { createApp } from '../create-app';
import { AppProviders } from '../providers';

// The route's code is lazily loaded: its first import in a cold test run can take a while.
const LAZY = { timeout: 5000 };

function renderAt(path: string, role: Role = 'supervisor') {
  stubFetch({
    'GET /api/v1/auth/me': { user: makeUser(role) },
    'GET /api/v1/sources': { items: [fonoSource()] },
    'GET /api/v1/agents': () =>
      json({
        items: [
          makeAgent({ vendorId: '1', name: 'Ann Lee', extension: '1001', state: 'ready' }),
          makeAgent({ vendorId: '2', name: 'Anna Bell', extension: '1002', state: 'break' }),
          makeAgent({ vendorId: '3', name: 'Bob Stone', extension: '1003', state: 'ready' }),
        ],
        freshness: [makeFreshness('fono', Date.now())],
      }),
  });
  const app = createApp({ history: createMemoryHistory({ initialEntries: [path] }) });
  render(<AppProviders queryClient={app.queryClient} router={app.router} />);
  return app;
}

describe('/agents', () => {
  it('reads filters and sort from the URL and writes changes back', async () => {
    const { router } = renderAt('/agents?state=ready&q=ann');
    const list = await screen.findByRole('list', { name: 'Agents' }, LAZY);
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(1));
    expect(within(list).getByRole('button', { name: 'Ann Lee' })).toBeInTheDocument();
    expect(screen.getByLabelText('State')).toHaveValue('ready');
    expect(screen.getByLabelText('Search agents')).toHaveValue('ann');

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('State'), '');
    await waitFor(() => expect(router.state.location.search).toEqual({ q: 'ann' }));
    expect(await within(list).findByRole('button', { name: 'Anna Bell' })).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Sort by'), 'time');
    await waitFor(() => expect(router.state.location.search).toEqual({ q: 'ann', sort: 'time' }));
  });

  it('drops a mangled parameter instead of failing the page', async () => {
    const { router } = renderAt('/agents?state=dancing&sort=sideways');
    const list = await screen.findByRole('list', { name: 'Agents' }, LAZY);
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(3));
    expect(screen.getByLabelText('State')).toHaveValue('');
    expect(router.state.location.search).toEqual({ state: undefined, sort: undefined });
  });

  it('is in the navigation for every role when a source reports agents', async () => {
    renderAt('/agents', 'viewer');
    const nav = await screen.findByRole('navigation', { name: 'Main' }, LAZY);
    expect(within(nav).getByRole('link', { name: 'Agents' })).toHaveAttribute('href', '/agents');
    expect(within(nav).getByRole('link', { name: 'Live calls' })).toHaveAttribute('href', '/calls');
    expect(await screen.findByRole('heading', { level: 1, name: 'Agents' }, LAZY)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Select agents' })).not.toBeInTheDocument();
  });
});
