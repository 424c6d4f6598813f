import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, requestsOf, stubFetch, type RouteHandler } from '@/test/fetch-stub';
import { NO_CAPABILITIES, makeSource } from '@/test/fixtures';
import { renderWithQuery } from '@/test/render';
import { CallingPage } from './calling-page';

const IQRA = makeSource({
  id: 'ai',
  kind: 'iqra',
  label: 'AI outbound',
  capabilities: {
    ...NO_CAPABILITIES,
    initiateCall: true,
    entries: { directions: ['outbound'], filters: ['status', 'phone'], sorts: [], total: true },
  },
});

const placed = (id: string) =>
  json({ ok: true, message: 'Call queued', vendorCode: null, auditId: 1, entryIds: [`ai:${id}`] });

function renderCalling(initiate: RouteHandler) {
  const fetchMock = stubFetch({ 'POST /api/v1/actions/initiate-call': initiate });
  // A router of its own: the success panel links to the Entries page.
  const root = createRootRoute({ component: Outlet });
  const calling = createRoute({
    getParentRoute: () => root,
    path: '/',
    component: () => <CallingPage sources={[IQRA]} />,
  });
  const entries = createRoute({
    getParentRoute: () => root,
    path: 'entries',
    component: () => null,
  });
  const router = createRouter({
    routeTree: root.addChildren([calling, entries]),
    history: createMemoryHistory({ initialEntries: ['/'] }),
  });
  renderWithQuery(<RouterProvider router={router as never} />);
  const posts = () => requestsOf(fetchMock).filter((r) => r.method === 'POST');
  return { posts };
}

async function openAndFill(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Place a call' }, { timeout: 5000 }));
  const dialog = await screen.findByRole('dialog', { name: 'Place a call' }, { timeout: 5000 });
  await user.selectOptions(within(dialog).getByLabelText('Country'), 'US');
  for (const [label, text] of [
    ['Phone number', '415 555 0132'],
    ['Number id', 'n1'],
    ['Agent id', 'a1'],
  ] as const) {
    await user.click(within(dialog).getByLabelText(label));
    await user.paste(text);
  }
  return dialog;
}

// Typing through userEvent is slow on a loaded machine.
describe('place-call dialog', { timeout: 20_000 }, () => {
  it('shows a vendor refusal beside the field it concerns', async () => {
    const user = userEvent.setup();
    renderCalling(() =>
      json(
        {
          error: {
            code: 'VENDOR_ERROR',
            message: 'The vendor does not know this agent',
            fields: { agentId: 'The vendor does not know this agent' },
          },
        },
        422,
      ),
    );
    const dialog = await openAndFill(user);
    await user.click(within(dialog).getByRole('button', { name: 'Place call' }));
    const agent = within(dialog).getByLabelText('Agent id');
    expect(
      await within(dialog).findByText('The vendor does not know this agent', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(agent).toHaveAttribute('aria-invalid', 'true');
    expect(agent).toHaveAccessibleDescription(/The vendor does not know this agent/);
    expect(within(dialog).getByLabelText('Phone number')).not.toHaveAttribute('aria-invalid');
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  it('shows a refusal without a field as a form-level alert', async () => {
    const user = userEvent.setup();
    renderCalling(() =>
      json(
        {
          error: { code: 'VENDOR_ERROR', message: 'The account balance at the vendor has run out' },
        },
        422,
      ),
    );
    const dialog = await openAndFill(user);
    await user.click(within(dialog).getByRole('button', { name: 'Place call' }));
    expect(await within(dialog).findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
      'The account balance at the vendor has run out',
    );
  });

  it('sends nothing for a number that is not valid', async () => {
    const user = userEvent.setup();
    const { posts } = renderCalling(() => placed('x'));
    const dialog = await openAndFill(user);
    const phone = within(dialog).getByLabelText('Phone number');
    await user.clear(phone);
    await user.type(phone, '555 01');
    await user.click(within(dialog).getByRole('button', { name: 'Place call' }));
    expect(phone).toHaveAttribute('aria-invalid', 'true');
    expect(phone).toHaveAccessibleDescription(/Not a valid number/);
    expect(posts()).toHaveLength(0);
  });

  it('reuses the key when the same submission is retried, and uses a new one after an edit', async () => {
    const user = userEvent.setup();
    let n = 0;
    const { posts } = renderCalling(() => {
      n += 1;
      // The first two answers are lost on the way back; the third gets through.
      if (n <= 2) return Promise.reject(new TypeError('Failed to fetch'));
      return placed('q-77');
    });
    const dialog = await openAndFill(user);
    const submit = within(dialog).getByRole('button', { name: 'Place call' });
    await user.click(submit);
    expect(await within(dialog).findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(
      /will not be placed twice/,
    );
    await user.click(submit);
    await within(dialog).findByRole('alert', {}, { timeout: 5000 });
    await user.type(within(dialog).getByLabelText('Agent id'), '2');
    await user.click(submit);
    expect(
      await screen.findByRole('dialog', { name: 'Call placed' }, { timeout: 5000 }),
    ).toBeInTheDocument();

    const keys = posts().map((r) => r.headers.get('idempotency-key'));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(posts()[2]!.body).toMatchObject({ recipientNumber: '+14155550132', agentId: 'a12' });

    const done = screen.getByRole('dialog', { name: 'Call placed' });
    expect(within(done).getByText('ai:q-77')).toBeInTheDocument();
    expect(
      within(done).getByRole('link', { name: 'Open in Entries' }).getAttribute('href'),
    ).toMatch(/^\/entries\?source=ai&direction=outbound&phone=%2B14155550132&entry=q-77$/);
  });

  it('places one call for a double click', async () => {
    const user = userEvent.setup();
    let release: () => void = () => {};
    const { posts } = renderCalling(
      () => new Promise<Response>((resolve) => (release = () => resolve(placed('q-1')))),
    );
    const dialog = await openAndFill(user);
    await user.dblClick(within(dialog).getByRole('button', { name: 'Place call' }));
    expect(within(dialog).getByRole('button', { name: 'Place call' })).toBeDisabled();
    release();
    expect(
      await screen.findByRole('dialog', { name: 'Call placed' }, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(posts()).toHaveLength(1);
  });
});
