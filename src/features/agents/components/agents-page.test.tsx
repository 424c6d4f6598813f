import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent, AgentsResponse } from '@contract/agent';
import type { Source } from '@contract/source';
import { errorResponse, json, requestsOf, stubFetch, type StubRequest } from '@/test/fetch-stub';
import { makeFreshness } from '@/test/fixtures';
import { renderWithQuery } from '@/test/render';
import { notify } from '@/lib/notify';
import type { AgentsSearch } from '../lib/agents-search';
import { fonoSource, makeAgent, portsipSource } from '../test/fixtures';
import { AgentsPage } from './agents-page';

vi.mock('@/lib/notify', () => ({
  notify: { success: vi.fn(), error: vi.fn(), info: vi.fn() },
}));

const NOW = Date.parse('2026-03-02T10:00:00.000Z');

const ann = makeAgent();
const bob = makeAgent({
  vendorId: '2',
  name: 'Bob Stone',
  extension: '1002',
  state: 'on_queue_call',
  queues: [{ queueId: 'fono:q1', queueName: 'Sales', loggedIn: true }],
});
const cy = makeAgent({ vendorId: '3', name: 'Cy Twombly', extension: '2003', state: 'logged_out', queues: [] });

function agentsBody(items: Agent[]): AgentsResponse {
  return { items, freshness: [makeFreshness('fono', NOW)] };
}

interface RenderOptions {
  agents?: Agent[];
  sources?: Source[];
  search?: AgentsSearch;
  canAct?: boolean;
  routes?: Record<string, object | ((req: StubRequest) => Response | Promise<Response>)>;
}

function renderPage({ agents = [ann, bob, cy], sources = [fonoSource()], search = {}, canAct = true, routes = {} }: RenderOptions = {}) {
  const mock = stubFetch({ 'GET /api/v1/agents': () => json(agentsBody(agents)), ...routes });
  const onSearchChange = vi.fn();
  const view = renderWithQuery(
    <AgentsPage sources={sources} search={search} onSearchChange={onSearchChange} canAct={canAct} affectedQueryKeys={[['queues']]} />,
  );
  return { ...view, mock, onSearchChange };
}

const tile = (name: string) => screen.findByRole('button', { name });

describe('AgentsPage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(NOW);
    vi.mocked(notify.success).mockClear();
    vi.mocked(notify.error).mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it('shows a tile per agent and counts per state', async () => {
    renderPage();
    expect(await tile('Ann Lee')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Bob Stone' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cy Twombly' })).toBeInTheDocument();

    const counts = screen.getByRole('group', { name: 'Agents per state' });
    expect(within(counts).getByRole('button', { name: /Total\s*3/ })).toHaveAttribute('aria-pressed', 'true');
    expect(within(counts).getByRole('button', { name: /Logged in\s*2/ })).toBeInTheDocument();
    expect(within(counts).getByRole('button', { name: /Available\s*1/ })).toBeInTheDocument();
    expect(within(counts).getByRole('button', { name: /On queue call\s*1/ })).toBeInTheDocument();
    expect(within(counts).getByRole('button', { name: /Logged out\s*1/ })).toBeInTheDocument();
    expect(screen.getByText('updated 0 s ago')).toBeInTheDocument();
  });

  it('keeps the tiles and shows a Stale badge with the cause when a source fails', async () => {
    stubFetch({
      'GET /api/v1/agents': () =>
        json({ items: [ann], freshness: [makeFreshness('fono', NOW, 8000, 'FonoUC did not answer in time')] }),
    });
    renderWithQuery(<AgentsPage sources={[fonoSource()]} search={{}} onSearchChange={() => {}} canAct />);
    expect(await tile('Ann Lee')).toBeInTheDocument();
    const freshness = screen.getByRole('list', { name: 'Data freshness' });
    expect(within(freshness).getByText('FonoUC')).toBeInTheDocument();
    expect(within(freshness).getByText('updated 8 s ago')).toBeInTheDocument();
    expect(within(freshness).getByText('Stale')).toHaveTextContent('Stale: FonoUC did not answer in time');
  });

  it('filters and sorts by what the URL says', async () => {
    const { onSearchChange } = renderPage({ search: { state: 'logged_in', sort: 'state' } });
    await tile('Ann Lee');
    const tiles = within(screen.getByRole('list', { name: 'Agents' })).getAllByRole('button');
    expect(tiles).toHaveLength(2);
    // Available sorts before On queue call.
    expect(tiles[0]).toHaveAccessibleName('Ann Lee');
    expect(tiles[1]).toHaveAccessibleName('Bob Stone');
    expect(screen.queryByRole('button', { name: 'Cy Twombly' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('State')).toHaveValue('logged_in');
    expect(screen.getByLabelText('Sort by')).toHaveValue('state');

    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByRole('button', { name: /On queue call\s*1/ }));
    expect(onSearchChange).toHaveBeenCalledWith({ state: 'on_queue_call' });
  });

  it('searches by name or extension', async () => {
    renderPage({ search: { q: '200' } });
    expect(await tile('Cy Twombly')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Ann Lee' })).not.toBeInTheDocument();
  });

  it('says so when the filters leave nobody', async () => {
    const { onSearchChange } = renderPage({ search: { q: 'zzz' } });
    expect(await screen.findByRole('heading', { name: 'No agents match these filters' })).toBeInTheDocument();
    screen.getByRole('button', { name: 'Clear filters' }).click();
    expect(onSearchChange).toHaveBeenCalledWith({ source: undefined, queue: undefined, state: undefined, q: undefined });
  });

  it('logs an agent out of a queue after confirmation, and rolls back when the vendor refuses', async () => {
    let release: (r: Response) => void = () => {};
    const { mock } = renderPage({
      routes: {
        'POST /api/v1/actions/agent-queue': () =>
          new Promise<Response>((resolve) => {
            release = resolve;
          }),
      },
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await tile('Ann Lee'));

    const drawer = await screen.findByRole('dialog', { name: 'Ann Lee' });
    const sales = within(drawer).getByRole('switch', { name: 'Logged into Sales' });
    expect(sales).toBeChecked();
    await user.click(sales);

    const confirm = await screen.findByRole('alertdialog', { name: 'Log Ann Lee out of Sales?' });
    // Focus starts on the safe choice.
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Log out' }));

    // Optimistic: switched off at once, busy until the gateway answers.
    await waitFor(() => expect(within(drawer).getByRole('switch', { name: 'Logged into Sales' })).not.toBeChecked());
    expect(within(drawer).getByRole('switch', { name: 'Logged into Sales' })).toHaveAttribute('aria-busy', 'true');
    const salesRow = within(drawer).getByText('Sales').closest('li')!;
    expect(within(salesRow).getByText('Logged out')).toBeInTheDocument();
    const post = requestsOf(mock).find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ agentId: 'fono:1', queueId: 'fono:q1', action: 'logout' });
    expect(post?.headers.get('x-queuedeck-csrf')).toBe('1');

    release(errorResponse(422, 'VENDOR_ERROR', 'Agent is on a call and cannot leave the queue'));

    // Rolled back, and the vendor's words in the toast.
    await waitFor(() => expect(within(drawer).getByRole('switch', { name: 'Logged into Sales' })).toBeChecked());
    expect(within(drawer).getByRole('switch', { name: 'Logged into Sales' })).not.toHaveAttribute('aria-busy');
    expect(notify.error).toHaveBeenCalledWith(
      'Could not log Ann Lee out of Sales: Agent is on a call and cannot leave the queue',
    );
  });

  it('logs an agent into a queue without asking, then refreshes agents and queues', async () => {
    let agents = [ann];
    const { mock, queryClient } = renderPage({
      routes: {
        'GET /api/v1/agents': () => json(agentsBody(agents)),
        'POST /api/v1/actions/agent-queue': () => {
          agents = [{ ...ann, queues: ann.queues.map((m) => ({ ...m, loggedIn: true })) }];
          return json({ ok: true, message: 'Agent logged into the queue', vendorCode: null, auditId: 7 });
        },
      },
    });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await tile('Ann Lee'));
    const drawer = await screen.findByRole('dialog', { name: 'Ann Lee' });
    await user.click(within(drawer).getByRole('switch', { name: 'Logged into Support' }));

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await waitFor(() => expect(notify.success).toHaveBeenCalledWith('Logged Ann Lee into Support.'));
    expect(within(drawer).getByRole('switch', { name: 'Logged into Support' })).toBeChecked();
    expect(requestsOf(mock).find((r) => r.method === 'POST')?.body).toEqual({
      agentId: 'fono:1',
      queueId: 'fono:q2',
      action: 'login',
    });
    await waitFor(() => expect(invalidate).toHaveBeenCalledWith({ queryKey: ['queues'] }));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['agents'] });
  });

  it('shows viewers no action controls', async () => {
    renderPage({ canAct: false, sources: [portsipSource({ id: 'fono' })] });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    expect(screen.queryByRole('button', { name: 'Select agents' })).not.toBeInTheDocument();
    await user.click(await tile('Ann Lee'));
    const drawer = await screen.findByRole('dialog', { name: 'Ann Lee' });
    expect(within(drawer).getByText('Sales')).toBeInTheDocument();
    expect(within(drawer).queryByRole('switch')).not.toBeInTheDocument();
    expect(within(drawer).queryByRole('form', { name: 'Change state' })).not.toBeInTheDocument();
    expect(within(drawer).queryByRole('button', { name: /set state/i })).not.toBeInTheDocument();

    // Escape closes the drawer and focus goes back to the tile that opened it.
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Ann Lee' })).toHaveFocus();
  });

  it('offers no switches where the source cannot log agents in or out', async () => {
    renderPage({ sources: [fonoSource({ id: 'fono', capabilities: { ...fonoSource().capabilities, agentQueueLogin: false } })] });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    expect(screen.queryByRole('button', { name: 'Select agents' })).not.toBeInTheDocument();
    await user.click(await tile('Ann Lee'));
    const drawer = await screen.findByRole('dialog', { name: 'Ann Lee' });
    expect(within(drawer).queryByRole('switch')).not.toBeInTheDocument();
    // FonoUC cannot change state either: no state form.
    expect(within(drawer).queryByRole('form', { name: 'Change state' })).not.toBeInTheDocument();
  });

  it('changes state with a reason where the source can', async () => {
    const { mock } = renderPage({
      sources: [portsipSource({ id: 'fono' })],
      routes: {
        'POST /api/v1/actions/agent-state': () =>
          json({ ok: true, message: 'Agent set to Break', vendorCode: null, auditId: 9 }),
      },
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await tile('Ann Lee'));
    const form = within(await screen.findByRole('dialog', { name: 'Ann Lee' })).getByRole('form', { name: 'Change state' });
    expect(within(form).getByLabelText('New state')).toHaveDisplayValue('Not ready');
    await user.selectOptions(within(form).getByLabelText('New state'), 'break');
    await user.type(within(form).getByLabelText('Reason (optional)'), 'Coffee');
    await user.click(within(form).getByRole('button', { name: 'Set state' }));
    await waitFor(() => expect(notify.success).toHaveBeenCalledWith('Ann Lee is now Break.'));
    expect(requestsOf(mock).find((r) => r.path === '/api/v1/actions/agent-state')?.body).toEqual({
      agentId: 'fono:1',
      queueId: 'fono:q1',
      state: 'break',
      reason: 'Coffee',
    });
  });

  it('logs the selected agents out of a queue, one request each, with a summary', async () => {
    const { mock } = renderPage({
      routes: {
        'POST /api/v1/actions/agent-queue': (req) =>
          (req.body as { agentId: string }).agentId === 'fono:2'
            ? errorResponse(422, 'VENDOR_ERROR', 'Agent busy')
            : json({ ok: true, message: 'ok', vendorCode: null, auditId: 1 }),
      },
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(await screen.findByRole('button', { name: 'Select agents' }));
    const toolbar = screen.getByRole('toolbar', { name: 'Bulk actions' });
    await user.click(within(toolbar).getByRole('button', { name: 'Select all visible (3)' }));
    expect(screen.getByRole('checkbox', { name: 'Select Ann Lee' })).toBeChecked();
    expect(within(toolbar).getByText('3 selected')).toBeInTheDocument();

    await user.click(within(toolbar).getByRole('button', { name: 'Log out of queue…' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Log selected agents out of a queue' });
    expect(within(dialog).getByLabelText('Queue')).toHaveDisplayValue('Sales');
    expect(dialog).toHaveTextContent('2 agents will be logged out of this queue. 1 agent not in this queue is skipped.');
    await user.click(within(dialog).getByRole('button', { name: 'Log out 2 agents' }));

    await waitFor(() =>
      expect(notify.error).toHaveBeenCalledWith(
        'Logged 1 of 2 agents out of Sales. Not done for Bob Stone: Agent busy',
      ),
    );
    const posts = requestsOf(mock).filter((r) => r.method === 'POST').map((r) => r.body);
    expect(posts).toEqual([
      { agentId: 'fono:1', queueId: 'fono:q1', action: 'logout' },
      { agentId: 'fono:2', queueId: 'fono:q1', action: 'logout' },
    ]);
  });
});
