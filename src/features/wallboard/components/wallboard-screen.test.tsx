import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DISPLAY_TOKEN_HEADER, WALLBOARD_API } from '@contract/wallboard';
import { createQueryClient } from '@/lib/query-client';
import { renderWithQuery } from '@/test/render';
import { errorResponse, json, requestsOf, stubFetch } from '@/test/fetch-stub';
import { makeBoard, makeBoardQueue } from '../test/fixtures';
import { WallboardScreen } from './wallboard-screen';

const path = `GET ${WALLBOARD_API.wallboard}`;

describe('WallboardScreen', () => {
  it('shows the display’s tiles and totals, asking with the display token in its header', async () => {
    const fetch = stubFetch({
      [path]: () => json(makeBoard([makeBoardQueue(), makeBoardQueue({ id: 'support:q2', name: 'Billing' })])),
    });
    renderWithQuery(<WallboardScreen token="tok-123" />);
    expect(await screen.findByRole('article', { name: 'Support' })).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Billing' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Floor TV' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Totals across queues' })).toBeInTheDocument();
    expect(screen.getByText(/Europe\/Bucharest/)).toBeInTheDocument();
    expect(requestsOf(fetch)[0]!.headers.get(DISPLAY_TOKEN_HEADER)).toBe('tok-123');
  });

  it('says "This display was revoked" full screen on 401 DISPLAY_REVOKED, and never goes to sign-in', async () => {
    stubFetch({ [path]: () => errorResponse(401, 'DISPLAY_REVOKED', 'This display was revoked') });
    // The app's client sends any 401 of a data request to sign-in; a display's must never reach it.
    const onUnauthenticated = vi.fn();
    renderWithQuery(<WallboardScreen token="tok-123" />, createQueryClient({ onUnauthenticated }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This display was revoked');
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('replaces the numbers with the revoked message once revoked mid-way', async () => {
    let revoked = false;
    stubFetch({
      [path]: () =>
        revoked
          ? errorResponse(401, 'DISPLAY_REVOKED', 'This display was revoked')
          : json(makeBoard([makeBoardQueue()])),
    });
    const { queryClient } = renderWithQuery(<WallboardScreen token="tok-123" />);
    expect(await screen.findByRole('article', { name: 'Support' })).toBeInTheDocument();
    revoked = true;
    await queryClient.refetchQueries();
    expect(await screen.findByText('This display was revoked')).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
  });

  it('keeps the numbers and marks them stale when a poll fails', async () => {
    let down = false;
    stubFetch({
      [path]: () => (down ? Promise.reject(new TypeError('Failed to fetch')) : json(makeBoard([makeBoardQueue()]))),
    });
    const { queryClient } = renderWithQuery(<WallboardScreen token="tok-123" />);
    expect(await screen.findByRole('article', { name: 'Support' })).toBeInTheDocument();
    down = true;
    await queryClient.refetchQueries();
    expect((await screen.findAllByText('Stale')).length).toBeGreaterThan(0);
    expect(screen.getByRole('article', { name: 'Support' })).toBeInTheDocument();
    down = false;
    await queryClient.refetchQueries();
    await vi.waitFor(() => expect(screen.queryByText('Stale')).not.toBeInTheDocument());
  });

  it('says the link is not valid for an unknown token', async () => {
    stubFetch({ [path]: () => errorResponse(401, 'UNAUTHENTICATED', 'This display link is not valid') });
    renderWithQuery(<WallboardScreen token="nope" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('This display link is not valid');
  });
});
