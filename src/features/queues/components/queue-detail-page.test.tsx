import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '@contract/agent';
import type { Queue } from '@contract/queue';
import { notify } from '@/lib/notify';
import { errorResponse, json, requestsOf, stubFetch, type RouteHandler } from '@/test/fetch-stub';
import { makeFreshness, makeQueue } from '@/test/fixtures';
import { renderWithRouter } from '../test/render';
import {
  makeAgent,
  makeMetrics,
  makeWaiting,
  pbxSource,
  QUEUE_ID,
} from '../test/fixtures';
import { QueueDetailPage, type QueueDetailPageProps } from './queue-detail-page';

vi.mock('@/lib/notify', () => ({
  notify: { success: vi.fn(), error: vi.fn(), info: vi.fn() },
}));

const HISTORY = `GET /api/v1/queues/${encodeURIComponent(QUEUE_ID)}/history`;

function salesQueue(overrides: Parameters<typeof makeQueue>[0] = {}): Queue {
  return makeQueue({ sourceId: 'pbx', vendorId: '100', name: 'Sales', metrics: makeMetrics(), ...overrides });
}

interface Setup {
  queue?: Queue;
  agents?: Agent[];
  waiting?: ReturnType<typeof makeWaiting>[];
  routes?: Record<string, RouteHandler | object>;
  props?: Partial<QueueDetailPageProps>;
}

function setup({ queue = salesQueue(), agents = [makeAgent()], waiting = [], routes = {}, props = {} }: Setup = {}) {
  const mock = stubFetch({
    'GET /api/v1/queues': { items: [queue], freshness: [makeFreshness('pbx', Date.now())] },
    'GET /api/v1/agents': { items: agents, freshness: [] },
    'GET /api/v1/calls': { calls: [], waiting, freshness: [] },
    [HISTORY]: { queueId: QUEUE_ID, points: [] },
    ...routes,
  });
  const view = renderWithRouter(
    <QueueDetailPage
      queueId={QUEUE_ID}
      sources={[pbxSource()]}
      canAct
      canPickup
      {...props}
    />,
  );
  return { ...view, mock, user: userEvent.setup() };
}

/** The value (first `<dd>`) next to a `<dt>` label. */
function stat(label: string): string | null {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? null;
}

function section(name: string | RegExp): HTMLElement {
  return screen.getByRole('region', { name });
}

describe('QueueDetailPage', () => {
  beforeEach(() => {
    vi.mocked(notify.success).mockClear();
    vi.mocked(notify.error).mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it('shows the name, source, freshness and today’s metrics, formatted', async () => {
    setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Sales' })).toBeInTheDocument();
    expect(screen.getByText('PortSIP Berlin')).toBeInTheDocument();
    expect(screen.getByText(/updated \d+ s ago/)).toBeInTheDocument();

    expect(stat('Service level')).toBe('87.5 %');
    expect(stat('Abandon rate')).toBe('16.7 %');
    expect(stat('ASA')).toBe('00:07');
    expect(stat('AHT')).toBe('04:05');
    expect(stat('Offered')).toBe('120');
    expect(stat('Answered')).toBe('100');
    expect(stat('Abandoned')).toBe('20');
    expect(stat('Max queued today')).toBe('1:02:05');
    // The variant and threshold are spelled out, and AHT says what it adds up.
    expect(
      screen.getByText('answered within 20 s; abandons count against (negative)'),
    ).toBeInTheDocument();
    expect(screen.getByText('talk + hold + wrap-up')).toBeInTheDocument();
  });

  it('shows "—" for metrics the source cannot derive, never 0 or 100 %', async () => {
    setup({
      queue: salesQueue({
        metrics: makeMetrics({ serviceLevel: null, abandonRate: null, asaSeconds: null, ahtSeconds: null, offered: 0, answered: 0, abandoned: 0, maxQueuedSeconds: null }),
        sla: { thresholdSeconds: 30, shortAbandonSeconds: 5, abandonTreatment: 'positive' },
      }),
    });
    await screen.findByRole('heading', { level: 1, name: 'Sales' });
    expect(stat('Service level')).toBe('—');
    expect(stat('Abandon rate')).toBe('—');
    expect(stat('ASA')).toBe('—');
    expect(stat('AHT')).toBe('—');
    expect(stat('Max queued today')).toBe('—');
    // A real zero stays a zero.
    expect(stat('Offered')).toBe('0');
    expect(
      screen.getByText(
        'answered within 30 s; abandons within 30 s count as met (positive); abandons under 5 s are not counted',
      ),
    ).toBeInTheDocument();
  });

  it('shows "—" everywhere when the source reports no metrics at all', async () => {
    setup({ queue: salesQueue({ metrics: null }) });
    await screen.findByRole('heading', { level: 1, name: 'Sales' });
    for (const label of ['Service level', 'Abandon rate', 'ASA', 'AHT', 'Offered', 'Answered', 'Abandoned', 'Max queued today']) {
      expect(stat(label), label).toBe('—');
    }
    expect(screen.getByText(/does not report today’s figures/)).toBeInTheDocument();
  });

  it('lists the queue’s agents with state and login switches, and only this queue’s waiting callers', async () => {
    setup({
      agents: [
        makeAgent(),
        makeAgent({ vendorId: '2', name: 'Raj Patel', state: 'break', reason: 'Coffee', queues: [{ queueId: QUEUE_ID, queueName: 'Sales', loggedIn: false }] }),
        makeAgent({ vendorId: '3', name: 'Not A Member', queues: [{ queueId: 'pbx:200', queueName: 'Support', loggedIn: true }] }),
      ],
      waiting: [makeWaiting(), makeWaiting({ id: 'pbx:w2', queueId: 'pbx:200', callerName: 'Elsewhere' })],
    });
    const agents = await screen.findByRole('table', { name: 'Agents of this queue' });
    const ann = within(agents).getByRole('row', { name: /Ann Lee/ });
    expect(within(ann).getByText('Available')).toBeInTheDocument();
    expect(within(ann).getByRole('switch', { name: 'Ann Lee logged into Sales' })).toBeChecked();
    const raj = within(agents).getByRole('row', { name: /Raj Patel/ });
    expect(within(raj).getByText('Break')).toBeInTheDocument();
    expect(within(raj).getByText('(Coffee)')).toBeInTheDocument();
    expect(within(raj).getByRole('switch')).not.toBeChecked();
    expect(within(agents).queryByText('Not A Member')).not.toBeInTheDocument();
    expect(section('Agents')).toHaveTextContent('1 of 2 members logged into this queue.');

    const waiting = await screen.findByRole('table', { name: 'Waiting callers' });
    expect(within(waiting).getByText('Bo Chen (+14155550123)')).toBeInTheDocument();
    expect(within(waiting).queryByText(/Elsewhere/)).not.toBeInTheDocument();
    expect(within(waiting).getByRole('button', { name: 'Pick up Bo Chen (+14155550123)' })).toBeInTheDocument();
  });

  it('shows a viewer no switches and no pick-up', async () => {
    setup({ waiting: [makeWaiting()], props: { canAct: false, canPickup: false } });
    const agents = await screen.findByRole('table', { name: 'Agents of this queue' });
    expect(within(agents).getByText('Logged in')).toBeInTheDocument();
    await screen.findByRole('table', { name: 'Waiting callers' });
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Pick up/ })).not.toBeInTheDocument();
  });

  it('shows no controls where the source cannot log agents in or pick up', async () => {
    setup({
      waiting: [makeWaiting()],
      props: { sources: [pbxSource({ capabilities: { ...pbxSource().capabilities, agentQueueLogin: false, pickup: false } })] },
    });
    await screen.findByRole('table', { name: 'Agents of this queue' });
    await screen.findByRole('table', { name: 'Waiting callers' });
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Pick up/ })).not.toBeInTheDocument();
  });

  it('asks before a logout, shows it at once, and rolls back with the vendor’s words on failure', async () => {
    let agentGets = 0;
    const { mock, user } = setup({
      routes: {
        // The first answer fills the page; later refetches never answer, so only the rollback
        // (not a refetch) can put the switch back.
        'GET /api/v1/agents': () => {
          agentGets += 1;
          return agentGets === 1 ? json({ items: [makeAgent()], freshness: [] }) : new Promise<Response>(() => {});
        },
        'POST /api/v1/actions/agent-queue': () =>
          errorResponse(502, 'VENDOR_ERROR', 'Agent is on a call and cannot leave the queue'),
      },
    });
    const toggle = await screen.findByRole('switch', { name: 'Ann Lee logged into Sales' });
    expect(toggle).toBeChecked();

    await user.click(toggle);
    const dialog = await screen.findByRole('alertdialog', { name: 'Log Ann Lee out of Sales?' });
    // Cancel leaves everything as it was and sends nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(toggle).toBeChecked();
    expect(requestsOf(mock).filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.click(toggle);
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Log out' }),
    );
    await waitFor(() => expect(notify.error).toHaveBeenCalled());
    expect(notify.error).toHaveBeenCalledWith(
      'Could not log Ann Lee out of Sales: Agent is on a call and cannot leave the queue',
    );
    await waitFor(() => expect(screen.getByRole('switch', { name: 'Ann Lee logged into Sales' })).toBeChecked());

    const post = requestsOf(mock).find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/api/v1/actions/agent-queue');
    expect(post.body).toEqual({ agentId: 'pbx:a1', queueId: QUEUE_ID, action: 'logout' });
    expect(post.headers.get('x-queuedeck-csrf')).toBe('1');
  });

  it('shows a logout at once while the request runs, then confirms it in a toast', async () => {
    let release: (r: Response) => void = () => {};
    const { user } = setup({
      routes: {
        'POST /api/v1/actions/agent-queue': () => new Promise<Response>((r) => (release = r)),
      },
    });
    const toggle = await screen.findByRole('switch', { name: 'Ann Lee logged into Sales' });
    await user.click(toggle);
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Log out' }));
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(toggle).toHaveAttribute('aria-busy', 'true');
    expect(toggle).toBeDisabled();
    release(json({ ok: true, message: 'done', vendorCode: null, auditId: 1 }));
    await waitFor(() => expect(notify.success).toHaveBeenCalledWith('Logged Ann Lee out of Sales.'));
  });

  it('logs an agent in without asking', async () => {
    const { mock, user } = setup({
      agents: [makeAgent({ queues: [{ queueId: QUEUE_ID, queueName: 'Sales', loggedIn: false }] })],
      routes: { 'POST /api/v1/actions/agent-queue': { ok: true, message: 'ok', vendorCode: null, auditId: 2 } },
    });
    await user.click(await screen.findByRole('switch', { name: 'Ann Lee logged into Sales' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await waitFor(() => expect(notify.success).toHaveBeenCalledWith('Logged Ann Lee into Sales.'));
    expect(requestsOf(mock).find((r) => r.method === 'POST')?.body).toMatchObject({ action: 'login' });
  });

  it('picks up a waiting caller: pending on the button, a toast, and the list refreshes', async () => {
    let picked = false;
    let release: (r: Response) => void = () => {};
    const { mock, user } = setup({
      routes: {
        'GET /api/v1/calls': () =>
          json({ calls: [], waiting: picked ? [] : [makeWaiting()], freshness: [] }),
        'POST /api/v1/actions/pickup': () =>
          new Promise<Response>((r) => {
            release = r;
          }),
      },
    });
    const button = await screen.findByRole('button', { name: 'Pick up Bo Chen (+14155550123)' });
    await user.click(button);
    expect(await screen.findByRole('button', { name: 'Picking up Bo Chen (+14155550123)' })).toBeDisabled();
    picked = true;
    release(json({ ok: true, message: 'Picked up', vendorCode: null, auditId: 3 }));
    await waitFor(() =>
      expect(notify.success).toHaveBeenCalledWith('Picked up Bo Chen (+14155550123) in Sales.'),
    );
    expect(await screen.findByText('Nobody is waiting in this queue.')).toBeInTheDocument();
    const post = requestsOf(mock).find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ queueId: QUEUE_ID, waitingId: 'pbx:w1' });
  });

  it('says in plain words why a pickup failed', async () => {
    const { user } = setup({
      waiting: [makeWaiting()],
      routes: {
        'POST /api/v1/actions/pickup': () => errorResponse(409, 'VENDOR_REJECTED', 'The call was already answered'),
      },
    });
    await user.click(await screen.findByRole('button', { name: /^Pick up/ }));
    await waitFor(() =>
      expect(notify.error).toHaveBeenCalledWith(
        'Could not pick up Bo Chen (+14155550123) in Sales: The call was already answered',
      ),
    );
    expect(await screen.findByRole('button', { name: /^Pick up/ })).toBeEnabled();
  });

  it('renders a caller named like markup literally, never as HTML', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const { container } = setup({ waiting: [makeWaiting({ callerName: name, callerNumber: null })] });
    const waiting = await screen.findByRole('table', { name: 'Waiting callers' });
    expect(within(waiting).getByText(name)).toBeInTheDocument();
    expect(within(waiting).getByRole('button', { name: `Pick up ${name}` })).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows a clear not-found state for an unknown queue id', async () => {
    setup({ props: { queueId: 'pbx:nope' } });
    expect(await screen.findByRole('heading', { name: 'Queue not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← All queues' })).toHaveAttribute('href', '/queues');
  });

  it('keeps the numbers when a later poll fails', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let calls = 0;
    setup({
      routes: {
        'GET /api/v1/queues': () => {
          calls += 1;
          return calls === 1
            ? json({ items: [salesQueue({ live: { waiting: 5 } })], freshness: [makeFreshness('pbx', Date.now())] })
            : errorResponse(502, 'VENDOR_ERROR', 'Gateway hiccup');
        },
      },
    });
    await screen.findByRole('heading', { level: 1, name: 'Sales' });
    expect(stat('Calls waiting')).toBe('5');
    await vi.advanceTimersByTimeAsync(2100);
    expect(await screen.findByText(/The last refresh of the queue failed/)).toBeInTheDocument();
    expect(stat('Calls waiting')).toBe('5');
    expect(stat('Service level')).toBe('87.5 %');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('draws the intraday chart from the history once there are two samples', async () => {
    setup({
      routes: {
        [HISTORY]: {
          queueId: QUEUE_ID,
          points: [
            { at: '2026-03-02T08:00:00.000Z', waiting: 2, serviceLevel: 90, answered: 10, abandoned: 1 },
            { at: '2026-03-02T08:01:00.000Z', waiting: null, serviceLevel: null, answered: null, abandoned: null },
            { at: '2026-03-02T08:02:00.000Z', waiting: 4, serviceLevel: 85, answered: 12, abandoned: 2 },
          ],
        },
      },
    });
    expect(
      await screen.findByRole('img', { name: /calls waiting and service level today for Sales/ }),
    ).toBeInTheDocument();
    expect(screen.getByText('Service level (right axis)')).toBeInTheDocument();
  });
});
