import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, WALLBOARD_API, type Display } from '@contract/wallboard';
import { renderWithQuery } from '@/test/render';
import { errorResponse, json, requestsOf, stubFetch } from '@/test/fetch-stub';
import { DisplaysPage } from './displays-page';

const board = {
  display: null,
  layout: 'tiles',
  queues: [
    {
      id: 'support:q1',
      sourceId: 'support',
      name: 'Support',
      waiting: 0,
      oldestWaitingSince: null,
      serviceLevel: null,
      sla: { thresholdSeconds: 20, shortAbandonSeconds: 0, abandonTreatment: 'negative' },
      abandonRate: null,
      answered: null,
      abandoned: null,
      agents: { loggedIn: 0, available: 0, onCall: 0, wrapUp: 0, notReady: 0 },
      thresholds: DEFAULT_THRESHOLDS,
    },
  ],
  totals: {
    waiting: 0,
    oldestWaitingSince: null,
    answered: null,
    abandoned: null,
    agents: { loggedIn: 0, available: 0, onCall: 0, wrapUp: 0, notReady: 0 },
  },
  sources: [{ id: 'support', label: 'Support', timeZone: 'UTC', pollSeconds: 2 }],
  freshness: [],
  timeZone: 'UTC',
  generatedAt: new Date().toISOString(),
};

const tv: Display = {
  id: 'd1',
  name: 'Floor TV',
  queueIds: ['support:q1'],
  layout: 'tiles',
  createdAt: new Date().toISOString(),
  createdBy: 'admin',
  revokedAt: null,
  lastSeenAt: null,
};

describe('DisplaysPage', () => {
  it('creates a display and shows its link once, with Copy link', async () => {
    const fetch = stubFetch({
      [`GET ${WALLBOARD_API.wallboard}`]: board,
      [`GET ${WALLBOARD_API.displays}`]: { items: [] },
      [`POST ${WALLBOARD_API.displays}`]: () =>
        json({ display: tv, token: 'secret-token-1234567890', path: '/wallboard/d/secret-token-1234567890' }, 201),
    });
    const user = userEvent.setup();
    renderWithQuery(<DisplaysPage />);
    await user.type(screen.getByLabelText('Name'), 'Floor TV');
    await user.click(await screen.findByRole('checkbox', { name: 'Support' }));
    await user.click(screen.getByRole('radio', { name: 'Table' }));
    await user.click(screen.getByRole('button', { name: 'Create display' }));

    const dialog = await screen.findByRole('dialog', { name: 'Display “Floor TV” created' });
    expect(within(dialog).getByLabelText('Display link')).toHaveValue(
      `${window.location.origin}/wallboard/d/secret-token-1234567890`,
    );
    expect(within(dialog).getByRole('button', { name: 'Copy link' })).toBeInTheDocument();
    const post = requestsOf(fetch).find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ name: 'Floor TV', queueIds: ['support:q1'], layout: 'table' });
  });

  it('shows the gateway’s field errors', async () => {
    stubFetch({
      [`GET ${WALLBOARD_API.wallboard}`]: board,
      [`GET ${WALLBOARD_API.displays}`]: { items: [] },
      [`POST ${WALLBOARD_API.displays}`]: () =>
        json({ error: { code: 'VALIDATION', message: 'Check the request', fields: { name: 'is required', queueIds: 'choose at least one queue' } } }, 400),
    });
    const user = userEvent.setup();
    renderWithQuery(<DisplaysPage />);
    await user.click(screen.getByRole('button', { name: 'Create display' }));
    expect(await screen.findByText('Is required')).toBeInTheDocument();
    expect(screen.getByText('Choose at least one queue')).toBeInTheDocument();
  });

  it('revokes a display after a confirmation', async () => {
    let revoked = false;
    const fetch = stubFetch({
      [`GET ${WALLBOARD_API.wallboard}`]: board,
      [`GET ${WALLBOARD_API.displays}`]: () =>
        json({ items: [{ ...tv, revokedAt: revoked ? new Date().toISOString() : null }] }),
      [`POST ${WALLBOARD_API.displayRevoke('d1')}`]: () => {
        revoked = true;
        return json({ display: { ...tv, revokedAt: new Date().toISOString() }, message: 'Revoked' });
      },
    });
    const user = userEvent.setup();
    renderWithQuery(<DisplaysPage />);
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    await user.click(await screen.findByRole('button', { name: 'Revoke link' }));
    expect(await screen.findByText('Revoked')).toBeInTheDocument();
    expect(requestsOf(fetch).some((r) => r.method === 'POST' && r.path.endsWith('/revoke'))).toBe(true);
  });

  it('saves a queue’s thresholds and shows field errors beside the inputs', async () => {
    stubFetch({
      [`GET ${WALLBOARD_API.wallboard}`]: board,
      [`GET ${WALLBOARD_API.displays}`]: { items: [] },
      [`PUT ${WALLBOARD_API.queueThresholds('support:q1')}`]: () =>
        errorResponse(400, 'VALIDATION', 'Check the request'),
    });
    const user = userEvent.setup();
    renderWithQuery(<DisplaysPage />);
    const form = await screen.findByRole('form', { name: 'Thresholds of Support' });
    const warn = within(form).getByLabelText('Waiting: warn at (calls)');
    expect(warn).toHaveValue(5);
    await user.clear(warn);
    await user.type(warn, '7');
    await user.click(within(form).getByRole('button', { name: 'Save thresholds' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Check the request');
  });
});
