import { createMemoryHistory } from '@tanstack/react-router';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { User } from '@contract/auth';
import { errorResponse, json, stubFetch, type RouteHandler } from '@/test/fetch-stub';
import { NO_CAPABILITIES, makeFreshness, makeQueue, makeSource, makeUser } from '@/test/fixtures';
import { createApp } from './create-app';
import { AppProviders } from './providers';

function renderApp(path: string) {
  const app = createApp({ history: createMemoryHistory({ initialEntries: [path] }) });
  render(<AppProviders queryClient={app.queryClient} router={app.router} />);
  return app;
}

function gateway({
  user,
  sources = [makeSource({ id: 'fono', label: 'FonoUC' })],
  queues,
}: {
  user: User | null;
  sources?: ReturnType<typeof makeSource>[];
  queues?: RouteHandler;
}) {
  let session = user;
  return stubFetch({
    'GET /api/v1/auth/me': () =>
      session ? json({ user: session }) : errorResponse(401, 'UNAUTHENTICATED', 'Sign in'),
    'POST /api/v1/auth/login': (req) => {
      const body = req.body as { username: string; password: string };
      if (body.password !== 'right')
        return errorResponse(401, 'UNAUTHENTICATED', 'Invalid username or password');
      session = makeUser('supervisor', body.username);
      return json({ user: session });
    },
    'POST /api/v1/auth/logout': () => {
      session = null;
      return new Response(null, { status: 204 });
    },
    'GET /api/v1/sources': { items: sources },
    'GET /api/v1/queues':
      queues ??
      (() =>
        json({
          items: [makeQueue({ name: 'Sales' })],
          freshness: [makeFreshness('fono', Date.now())],
        })),
  });
}

describe('app', () => {
  it('sends a signed-out user to sign-in and back to the page they asked for', async () => {
    gateway({ user: null });
    const { router } = renderApp('/queues');

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toEqual({ redirect: '/queues' });

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'sam');
    await user.type(screen.getByLabelText('Password'), 'right');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('article', { name: 'Sales' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/queues');
  });

  it('redirects / to /queues and shows nav and the user menu for the role', async () => {
    gateway({ user: makeUser('viewer', 'vera') });
    const { router } = renderApp('/');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Queues' })).toHaveAttribute('href', '/queues');
    expect(within(nav).getAllByRole('link').map((l) => l.textContent)).toEqual(['Wallboard', 'Queues', 'Sources']);
    expect(router.state.location.pathname).toBe('/queues');
    expect(await screen.findByRole('heading', { level: 1, name: 'Queues' })).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Account: vera, Viewer' }),
    ).toBeInTheDocument();
  });

  it('shows no Queues link when no source serves queues', async () => {
    gateway({
      user: makeUser('admin', 'ada'),
      sources: [makeSource({ id: 'iqra', capabilities: { ...NO_CAPABILITIES, campaigns: true } })],
    });
    renderApp('/queues');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).queryByRole('link', { name: 'Queues' })).not.toBeInTheDocument();
  });

  it('goes to sign-in when the session ends during polling', async () => {
    let ended = false;
    gateway({
      user: makeUser('supervisor'),
      queues: () =>
        ended
          ? errorResponse(401, 'UNAUTHENTICATED', 'Session expired')
          : json({ items: [makeQueue()], freshness: [] }),
    });
    const { router, queryClient } = renderApp('/queues');
    expect(await screen.findByRole('article', { name: 'Sales' })).toBeInTheDocument();

    ended = true;
    await act(() => queryClient.refetchQueries({ queryKey: ['queues'] }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.search).toEqual({ redirect: '/queues' });
  });

  it('signs out from the user menu and clears the cache', async () => {
    gateway({ user: makeUser('supervisor', 'sam') });
    const { router, queryClient } = renderApp('/queues');
    expect(await screen.findByRole('article', { name: 'Sales' })).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Account: sam, Supervisor' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    await vi.waitFor(() =>
      expect(queryClient.getQueryCache().findAll({ queryKey: ['queues'] })).toHaveLength(0),
    );
  });
});
