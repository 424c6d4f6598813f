import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useCallback, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '@contract/admin';
import type { User } from '@contract/auth';
import type { Source } from '@contract/source';
import { errorResponse, json, requestsOf, stubFetch } from '@/test/fetch-stub';
import { makeSource, makeUser } from '@/test/fixtures';
import { renderWithQuery } from '@/test/render';
import { notify } from '@/lib/notify';
import { cleanAdminSearch, type AdminSearch } from '../lib/admin-search';
import { AdminPage } from './admin-page';

vi.mock('@/lib/notify', () => ({
  notify: { success: vi.fn(), error: vi.fn(), info: vi.fn() },
}));

const ME: User = { ...makeUser('admin', 'root'), id: 'u-root' };
const VERA: User = {
  ...makeUser('viewer', 'vera'),
  id: 'u-vera',
  scope: { sources: ['sales'], queues: null },
  createdAt: '2026-02-03T09:30:00.000Z',
};
const SAM: User = {
  ...makeUser('supervisor', 'sam'),
  id: 'u-sam',
  disabled: true,
  scope: { sources: null, queues: ['support:1', 'support:2', 'support:3'] },
};

const SOURCES: Source[] = [
  makeSource({ id: 'support', label: 'Support' }),
  makeSource({
    id: 'sales',
    label: 'Sales',
    kind: 'portsip',
    health: {
      status: 'degraded',
      lastPollAt: '2026-03-02T10:00:00.000Z',
      lastSuccessAt: '2026-03-02T09:58:00.000Z',
      lastError: 'connect ECONNREFUSED 10.0.0.5:443',
      latencyMs: 412.4,
      requestsLastMinute: 45,
      budgetPerMinute: 60,
    },
  }),
];

const QUEUES = [
  { id: 'support:1', name: 'Billing', sourceId: 'support' },
  { id: 'support:2', name: 'Technical', sourceId: 'support' },
  { id: 'support:3', name: 'Returns', sourceId: 'support' },
  { id: 'sales:9', name: 'Inbound sales', sourceId: 'sales' },
];

function Harness({ initial = {}, spy }: { initial?: AdminSearch; spy?: (patch: Partial<AdminSearch>) => void }) {
  const [search, setSearch] = useState<AdminSearch>(initial);
  const onSearchChange = useCallback(
    (patch: Partial<AdminSearch>) => {
      spy?.(patch);
      setSearch((prev) => cleanAdminSearch({ ...prev, ...patch }));
    },
    [spy],
  );
  return (
    <AdminPage
      currentUser={ME}
      search={search}
      onSearchChange={onSearchChange}
      sources={{ data: SOURCES, error: null, isRefetching: false, refetch: () => undefined }}
      queues={QUEUES}
    />
  );
}

function row(name: string): HTMLElement {
  return screen.getByRole('row', { name: new RegExp(`^${name}\\b`) });
}

function record(overrides: Partial<AuditRecord> & { id: number }): AuditRecord {
  return {
    at: '2026-03-02T10:00:00.000Z',
    userId: 'u-root',
    username: 'root',
    action: 'user.create',
    sourceId: null,
    target: 'vera',
    outcome: 'success',
    vendorCode: null,
    message: 'Created vera (Viewer)',
    details: null,
    ...overrides,
  };
}

describe('AdminPage', () => {
  beforeEach(() => {
    vi.mocked(notify.success).mockClear();
    vi.mocked(notify.error).mockClear();
  });
  afterEach(() => vi.useRealTimers());

  describe('users', () => {
    it('lists users with role, scope, status and creation date, and keeps your own account safe', async () => {
      stubFetch({ 'GET /api/v1/users': { items: [ME, SAM, VERA] } });
      renderWithQuery(<Harness />);

      expect(await screen.findByRole('table', { name: 'Users' })).toBeInTheDocument();
      expect(screen.getByRole('tab', { name: 'Users', selected: true })).toBeInTheDocument();

      const vera = row('vera');
      expect(within(vera).getByRole('combobox', { name: 'Role of vera' })).toHaveValue('viewer');
      expect(within(vera).getByText('Sources: Sales · all queues')).toBeInTheDocument();
      expect(within(vera).getByText('Active')).toBeInTheDocument();
      expect(within(vera).getByText(/^3 Feb 2026/)).toBeInTheDocument();
      expect(within(vera).getByRole('button', { name: 'Disable vera' })).toBeInTheDocument();

      const sam = row('sam');
      expect(within(sam).getByText('All sources · Queues: Billing, Technical +1')).toBeInTheDocument();
      expect(within(sam).getByText('Disabled')).toBeInTheDocument();
      expect(within(sam).getByRole('button', { name: 'Enable sam' })).toBeInTheDocument();

      const me = row('root');
      expect(me).toHaveAccessibleName(/^root \(you\) /);
      expect(within(me).getByText('All sources and queues')).toBeInTheDocument();
      expect(within(me).getByRole('combobox', { name: 'Role of root' })).toBeDisabled();
      expect(within(me).queryByRole('button', { name: /^Disable/ })).not.toBeInTheDocument();
      expect(within(me).getByRole('button', { name: 'Reset password of root' })).toBeInTheDocument();
    });

    it('creates a user, showing the gateway’s field errors beside the fields first', async () => {
      let attempts = 0;
      const fetch = stubFetch({
        'GET /api/v1/users': { items: [ME] },
        'POST /api/v1/users': (req) => {
          attempts += 1;
          if (attempts === 1) {
            return json(
              {
                error: {
                  code: 'VALIDATION',
                  message: 'Check the request: password must be at least 12 characters',
                  fields: { password: 'must be at least 12 characters', 'scope.queues': 'choose at least one queue, or all' },
                },
              },
              400,
            );
          }
          const body = req.body as { username: string };
          return json({ user: { ...VERA, username: body.username }, message: 'Created nina (Viewer)' }, 201);
        },
      });
      const user = userEvent.setup();
      renderWithQuery(<Harness />);
      await screen.findByRole('table', { name: 'Users' });

      await user.click(screen.getByRole('button', { name: 'Create user' }));
      const dialog = await screen.findByRole('dialog', { name: 'Create user' });
      await user.type(within(dialog).getByLabelText('Username'), 'nina');
      await user.type(within(dialog).getByLabelText(/^Password/), 'short');
      await user.selectOptions(within(dialog).getByLabelText('Role'), 'supervisor');
      expect(within(dialog).getByText(/acts on agents and waiting calls/)).toBeInTheDocument();
      // Only Sales, and no queue yet.
      await user.click(within(dialog).getByRole('checkbox', { name: 'All sources' }));
      await user.click(within(dialog).getByRole('checkbox', { name: 'Sales' }));
      await user.click(within(dialog).getByRole('checkbox', { name: 'All queues of the chosen sources' }));
      expect(within(dialog).queryByRole('checkbox', { name: 'Billing' })).not.toBeInTheDocument();
      await user.click(within(dialog).getByRole('button', { name: 'Create user' }));

      const password = within(dialog).getByLabelText(/^Password/);
      await waitFor(() => expect(password).toHaveAccessibleDescription('Must be at least 12 characters.'));
      expect(password).toHaveAttribute('aria-invalid', 'true');
      expect(within(dialog).getByRole('group', { name: 'Queues' })).toHaveAccessibleDescription(
        'Choose at least one queue, or all.',
      );
      expect(notify.error).toHaveBeenCalledWith(
        'The user was not created: Check the request: password must be at least 12 characters',
      );

      await user.clear(password);
      await user.type(password, 'a-long-enough-password');
      await user.click(within(dialog).getByRole('checkbox', { name: 'Inbound sales' }));
      await user.click(within(dialog).getByRole('button', { name: 'Create user' }));

      await waitFor(() => expect(notify.success).toHaveBeenCalledWith('Created nina (Viewer)'));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      const posts = requestsOf(fetch).filter((r) => r.method === 'POST');
      expect(posts[1]!.body).toEqual({
        username: 'nina',
        password: 'a-long-enough-password',
        role: 'supervisor',
        scope: { sources: ['sales'], queues: ['sales:9'] },
      });
      expect(posts[1]!.headers.get('x-queuedeck-csrf')).toBe('1');
    });

    it('changes a role at once and toasts the gateway’s sentence', async () => {
      const fetch = stubFetch({
        'GET /api/v1/users': { items: [ME, VERA] },
        'PATCH /api/v1/users/u-vera': () =>
          json({ user: { ...VERA, role: 'supervisor' }, message: 'Updated vera: role Viewer → Supervisor' }),
      });
      const user = userEvent.setup();
      renderWithQuery(<Harness />);
      await screen.findByRole('table', { name: 'Users' });
      await user.selectOptions(screen.getByRole('combobox', { name: 'Role of vera' }), 'supervisor');
      await waitFor(() => expect(notify.success).toHaveBeenCalledWith('Updated vera: role Viewer → Supervisor'));
      expect(requestsOf(fetch).find((r) => r.method === 'PATCH')!.body).toEqual({ role: 'supervisor' });
    });

    it('shows the gateway’s refusal in a toast', async () => {
      stubFetch({
        'GET /api/v1/users': { items: [ME, VERA] },
        'PATCH /api/v1/users/u-vera': () => errorResponse(409, 'CONFLICT', 'vera is the last admin and must stay one'),
      });
      const user = userEvent.setup();
      renderWithQuery(<Harness />);
      await screen.findByRole('table', { name: 'Users' });
      await user.selectOptions(screen.getByRole('combobox', { name: 'Role of vera' }), 'admin');
      await waitFor(() =>
        expect(notify.error).toHaveBeenCalledWith('The change was not saved: vera is the last admin and must stay one'),
      );
    });

    it('disables a user only after confirmation', async () => {
      const fetch = stubFetch({
        'GET /api/v1/users': { items: [ME, VERA] },
        'PATCH /api/v1/users/u-vera': () =>
          json({ user: { ...VERA, disabled: true }, message: 'Disabled vera and signed them out' }),
      });
      const user = userEvent.setup();
      renderWithQuery(<Harness />);
      await screen.findByRole('table', { name: 'Users' });

      await user.click(screen.getByRole('button', { name: 'Disable vera' }));
      const confirm = await screen.findByRole('alertdialog', { name: 'Disable vera?' });
      expect(confirm).toHaveTextContent(/signed out at once/);
      await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
      expect(requestsOf(fetch).some((r) => r.method === 'PATCH')).toBe(false);

      await user.click(screen.getByRole('button', { name: 'Disable vera' }));
      await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Disable user' }));
      await waitFor(() => expect(notify.success).toHaveBeenCalledWith('Disabled vera and signed them out'));
      expect(requestsOf(fetch).find((r) => r.method === 'PATCH')!.body).toEqual({ disabled: true });
    });

    it('resets a password after checking the two entries match', async () => {
      const fetch = stubFetch({
        'GET /api/v1/users': { items: [ME, VERA] },
        'POST /api/v1/users/u-vera/password': () =>
          json({ user: VERA, message: 'Set a new password for vera and signed them out' }),
      });
      const user = userEvent.setup();
      renderWithQuery(<Harness />);
      await screen.findByRole('table', { name: 'Users' });

      await user.click(screen.getByRole('button', { name: 'Reset password of vera' }));
      const dialog = await screen.findByRole('dialog', { name: 'Reset the password of vera' });
      await user.type(within(dialog).getByLabelText(/^New password/), 'one-long-password');
      await user.type(within(dialog).getByLabelText('Repeat the new password'), 'another-password');
      await user.click(within(dialog).getByRole('button', { name: 'Set password' }));
      expect(within(dialog).getByLabelText('Repeat the new password')).toHaveAccessibleDescription(
        'The two passwords differ.',
      );
      expect(requestsOf(fetch).some((r) => r.method === 'POST')).toBe(false);

      await user.clear(within(dialog).getByLabelText('Repeat the new password'));
      await user.type(within(dialog).getByLabelText('Repeat the new password'), 'one-long-password');
      await user.click(within(dialog).getByRole('button', { name: 'Set password' }));
      await waitFor(() =>
        expect(notify.success).toHaveBeenCalledWith('Set a new password for vera and signed them out'),
      );
      expect(requestsOf(fetch).find((r) => r.method === 'POST')!.body).toEqual({ password: 'one-long-password' });
    });

    it('edits a scope with the source and queue multi-selects', async () => {
      const fetch = stubFetch({
        'GET /api/v1/users': { items: [ME, VERA] },
        'PATCH /api/v1/users/u-vera': (req) =>
          json({ user: { ...VERA, ...(req.body as object) }, message: 'Updated vera: scope changed' }),
      });
      const user = userEvent.setup();
      renderWithQuery(<Harness />);
      await screen.findByRole('table', { name: 'Users' });

      await user.click(screen.getByRole('button', { name: 'Edit scope of vera' }));
      const dialog = await screen.findByRole('dialog', { name: 'Scope of vera' });
      expect(within(dialog).getByRole('checkbox', { name: 'Sales' })).toBeChecked();
      expect(within(dialog).getByRole('checkbox', { name: 'Support' })).not.toBeChecked();
      await user.click(within(dialog).getByRole('checkbox', { name: 'Support' }));
      await user.click(within(dialog).getByRole('checkbox', { name: 'All queues of the chosen sources' }));
      const queues = within(dialog).getByRole('group', { name: 'Queues' });
      await user.click(within(queues).getByRole('checkbox', { name: 'Billing' }));
      await user.click(within(queues).getByRole('checkbox', { name: 'Inbound sales' }));
      // Dropping Support drops its queue too.
      await user.click(within(dialog).getByRole('checkbox', { name: 'Support' }));
      expect(within(queues).queryByRole('checkbox', { name: 'Billing' })).not.toBeInTheDocument();
      await user.click(within(dialog).getByRole('button', { name: 'Save scope' }));

      await waitFor(() => expect(notify.success).toHaveBeenCalledWith('Updated vera: scope changed'));
      expect(requestsOf(fetch).find((r) => r.method === 'PATCH')!.body).toEqual({
        scope: { sources: ['sales'], queues: ['sales:9'] },
      });
    });

    it('offers a retry when users cannot be loaded', async () => {
      stubFetch({ 'GET /api/v1/users': () => errorResponse(503, 'INTERNAL', 'Gateway down') });
      renderWithQuery(<Harness />);
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Users could not be loaded');
      expect(alert).toHaveTextContent('Gateway down');
    });
  });

  describe('audit log', () => {
    it('shows a page of records newest first, with filters and paging in the URL', async () => {
      const fetch = stubFetch({
        'GET /api/v1/audit': () =>
          json({
            items: [
              record({ id: 3, action: 'agent.state', sourceId: 'sales', target: 'sales:7 @ sales:9 → break', message: 'Agent set to Break' }),
              record({ id: 2, outcome: 'failure', message: '<b>not bold</b>', vendorCode: '400' }),
            ],
            total: 120,
            page: 1,
            pageSize: 50,
            actions: ['agent.state', 'user.create'],
          }),
      });
      const spy = vi.fn();
      const user = userEvent.setup();
      renderWithQuery(<Harness initial={{ tab: 'audit' }} spy={spy} />);

      const table = await screen.findByRole('table', { name: 'Audit log, newest first' });
      const rows = within(table).getAllByRole('row').slice(1);
      expect(rows[0]).toHaveTextContent('agent.state');
      expect(rows[0]).toHaveTextContent('Sales');
      expect(rows[0]).toHaveTextContent('Success');
      expect(rows[1]).toHaveTextContent('Failed');
      expect(rows[1]).toHaveTextContent('<b>not bold</b>');
      expect(rows[1]).toHaveTextContent('vendor code 400');
      expect(screen.getByText('Showing 1–50 of 120')).toBeInTheDocument();
      expect(screen.getByText('Page 1 of 3')).toBeInTheDocument();

      await user.selectOptions(screen.getByLabelText('Action'), 'user.create');
      expect(spy).toHaveBeenLastCalledWith({ action: 'user.create', page: undefined });
      await user.selectOptions(screen.getByLabelText('Outcome'), 'failure');
      await user.selectOptions(screen.getByLabelText('Source'), 'sales');
      await user.type(screen.getByLabelText('User'), 'root');
      await waitFor(() => expect(spy).toHaveBeenLastCalledWith({ user: 'root', page: undefined }));

      await user.click(screen.getByRole('button', { name: 'Next' }));
      expect(spy).toHaveBeenLastCalledWith({ page: 2 });
      await waitFor(() => {
        const last = fetch.mock.calls.at(-1)![0] as string;
        const params = new URL(last, 'http://localhost').searchParams;
        expect(Object.fromEntries(params)).toEqual({
          action: 'user.create',
          outcome: 'failure',
          source: 'sales',
          user: 'root',
          page: '2',
          pageSize: '50',
        });
      });
    });

    it('turns the time range into ISO instants and says when nothing matches', async () => {
      stubFetch({
        'GET /api/v1/audit': () => json({ items: [], total: 0, page: 1, pageSize: 50, actions: [] }),
      });
      const spy = vi.fn();
      const user = userEvent.setup();
      renderWithQuery(<Harness initial={{ tab: 'audit', outcome: 'denied' }} spy={spy} />);
      expect(await screen.findByRole('heading', { name: 'No records match these filters' })).toBeInTheDocument();

      const from = screen.getByLabelText('From');
      await user.type(from, '2026-03-02T09:15');
      expect(spy).toHaveBeenLastCalledWith({ from: new Date('2026-03-02T09:15').toISOString(), page: undefined });

      await user.click(screen.getByRole('button', { name: 'Clear filters' }));
      expect(spy).toHaveBeenLastCalledWith(
        expect.objectContaining({ outcome: undefined, from: undefined, page: undefined }),
      );
      expect(await screen.findByRole('heading', { name: 'Nothing recorded yet' })).toBeInTheDocument();
    });
  });

  describe('source health', () => {
    it('shows each source’s status, polls, latency, budget and last error', async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true });
      vi.setSystemTime(Date.parse('2026-03-02T10:00:05.000Z'));
      stubFetch({});
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      renderWithQuery(<Harness />);
      await user.click(screen.getByRole('tab', { name: 'Source health' }));

      const table = screen.getByRole('table', { name: 'Source health' });
      const sales = within(table).getByRole('row', { name: /^Sales/ });
      expect(within(sales).getByText('Degraded')).toBeInTheDocument();
      expect(within(sales).getByText('PortSIP PBX · every 1 s')).toBeInTheDocument();
      expect(within(sales).getByText('5 s ago')).toBeInTheDocument();
      expect(within(sales).getByText('412 ms')).toBeInTheDocument();
      expect(within(sales).getByText('45 of 60 / min')).toBeInTheDocument();
      expect(within(sales).getByRole('meter', { name: 'Sales: vendor requests in the last minute' })).toHaveAttribute(
        'aria-valuenow',
        '45',
      );
      expect(within(sales).getByText('connect ECONNREFUSED 10.0.0.5:443')).toBeInTheDocument();

      const support = within(table).getByRole('row', { name: /^Support/ });
      expect(within(support).getByText('OK')).toBeInTheDocument();
      expect(within(support).getAllByText('never')).toHaveLength(2);
      expect(within(support).getByText('None')).toBeInTheDocument();
    });

    it('moves between tabs with the arrow keys', async () => {
      stubFetch({
        'GET /api/v1/users': { items: [ME] },
        'GET /api/v1/audit': () => json({ items: [], total: 0, page: 1, pageSize: 50, actions: [] }),
      });
      const spy = vi.fn();
      const user = userEvent.setup();
      renderWithQuery(<Harness spy={spy} />);
      screen.getByRole('tab', { name: 'Users' }).focus();
      await user.keyboard('{ArrowRight}');
      expect(spy).toHaveBeenLastCalledWith({ tab: 'audit' });
      expect(screen.getByRole('tab', { name: 'Audit log' })).toHaveFocus();
      expect(screen.getByRole('tab', { name: 'Audit log' })).toHaveAttribute('aria-selected', 'true');
      await user.keyboard('{End}');
      expect(spy).toHaveBeenLastCalledWith({ tab: 'sources' });
    });
  });
});
