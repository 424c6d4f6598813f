import type { Locator, Page } from '@playwright/test';
import type { Agent } from '../contract/agent';
import { QueuesResponse, type Queue } from '../contract/queue';
import { apiAgents, apiQueues, apiSources } from './support/agents-page';
import { expect, test } from './fixtures/test';

// The page's own formatting, restated: the screen must say exactly what the API says.
const EMPTY = '—';
const count = (n: number | null) => (n === null ? EMPTY : new Intl.NumberFormat('en-US').format(n));
const percent = (n: number | null) => (n === null ? EMPTY : `${n.toFixed(1)} %`);
function duration(seconds: number | null): string {
  if (seconds === null) return EMPTY;
  const t = Math.max(0, Math.floor(seconds));
  const h = Math.floor(t / 3600);
  const pad = (x: number) => String(x).padStart(2, '0');
  const m = Math.floor((t % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(t % 60)}` : `${pad(m)}:${pad(t % 60)}`;
}

/** What the queue's page must show for this queue, by `<dt>` label. */
function expected(q: Queue): Record<string, string> {
  const m = q.metrics;
  return {
    'Calls waiting': count(q.live.waiting),
    'Agents logged in': count(q.live.agentsLoggedIn),
    'Agents available': count(q.live.agentsAvailable),
    'Service level': percent(m?.serviceLevel ?? null),
    'Abandon rate': percent(m?.abandonRate ?? null),
    ASA: duration(m?.asaSeconds ?? null),
    AHT: duration(m?.ahtSeconds ?? null),
    Offered: count(m?.offered ?? null),
    Answered: count(m?.answered ?? null),
    Abandoned: count(m?.abandoned ?? null),
    'Max queued today': duration(m?.maxQueuedSeconds ?? null),
  };
}

/** Every `<dt>` on the page with the `<dd>` right after it. */
async function shownStats(page: Page): Promise<Record<string, string>> {
  return page.locator('main dl').evaluateAll((lists) => {
    const out: Record<string, string> = {};
    for (const dl of lists) {
      for (const dt of dl.querySelectorAll('dt')) {
        const dd = dt.nextElementSibling;
        if (dd?.tagName === 'DD') out[(dt.textContent ?? '').trim()] = (dd.textContent ?? '').trim();
      }
    }
    return out;
  });
}

/** Opens a queue's page the way a supervisor does: from its card on the Queues page. */
async function openFromQueuesPage(page: Page, queueName: string): Promise<void> {
  await page.goto('/queues');
  await expect(page.getByRole('heading', { level: 1, name: 'Queues' })).toBeVisible();
  await page
    .getByRole('article', { name: queueName, exact: true })
    .getByRole('link', { name: queueName, exact: true })
    .click();
  await expect(page).toHaveURL(/\/queues\/[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name: queueName, exact: true })).toBeVisible();
}

function agentSwitch(page: Page, agent: Agent, queueName: string): Locator {
  return page
    .getByRole('table', { name: 'Agents of this queue' })
    .getByRole('switch', { name: `${agent.name} logged into ${queueName}`, exact: true });
}

test.describe('Queue page', () => {
  test('opens from the Queues page and shows the numbers the gateway serves', async ({
    signedInPage: page,
    axe,
  }) => {
    const queues = await apiQueues(page);
    // Names shown on cards are unique per source; pick one whose name is unique overall.
    const queue = queues.find((q) => q.metrics && queues.filter((x) => x.name === q.name).length === 1);
    expect(queue, 'a queue with today’s metrics').toBeDefined();
    await openFromQueuesPage(page, queue!.name);
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/queues/${queue!.id}`);

    // The page polls every 2 s on a ×20 floor: compare the screen with the very answer the page
    // itself received (a 200; a 304 carries nothing new).
    for (let round = 0; round < 3; round++) {
      const res = await page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/queues' && r.status() === 200,
        { timeout: 15_000 },
      );
      const api = QueuesResponse.parse(await res.json()).items.find((q) => q.id === queue!.id);
      expect(api).toBeDefined();
      await expect(async () => {
        const shown = await shownStats(page);
        for (const [label, value] of Object.entries(expected(api!))) expect(shown[label], label).toBe(value);
        if (api!.live.waiting === 0) expect(shown['Longest wait']).toBe(EMPTY);
      }).toPass({ timeout: 1500, intervals: [50, 100, 200] });
    }

    await expect(page.getByText(/answered within \d+ s; abandons/)).toBeVisible();
    await expect(page.getByText('talk + hold + wrap-up')).toBeVisible();
    await expect(page.getByText(/updated \d+ s ago/).first()).toBeVisible();
    await expect(page.getByRole('table', { name: 'Agents of this queue' })).toBeVisible();
    await axe();

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await axe();
  });

  test('a supervisor logs an agent out of the queue with its switch, and the gateway agrees', async ({
    signedInPage: page,
    axe,
  }) => {
    const sources = await apiSources(page);
    const canLogin = new Set(sources.filter((s) => s.capabilities.agentQueueLogin).map((s) => s.id));
    const [agents, queues] = await Promise.all([apiAgents(page), apiQueues(page)]);
    const uniqueQueueName = (id: string) => {
      const q = queues.find((x) => x.id === id);
      return q && queues.filter((x) => x.name === q.name).length === 1 ? q : undefined;
    };
    // An agent logged into a queue of a source that can log out, with a name unique in that queue.
    const candidates = agents.flatMap((a) =>
      canLogin.has(a.sourceId)
        ? a.queues
            .filter((m) => m.loggedIn && uniqueQueueName(m.queueId))
            .filter(
              (m) =>
                agents.filter((b) => b.name === a.name && b.queues.some((x) => x.queueId === m.queueId))
                  .length === 1,
            )
            .map((m) => ({ agent: a, queue: uniqueQueueName(m.queueId)! }))
        : [],
    );
    const pick = candidates.find((c) => c.agent.state === 'ready') ?? candidates[0];
    expect(pick, 'an agent logged into a queue of a source that supports logout').toBeDefined();
    const { agent, queue } = pick!;

    await openFromQueuesPage(page, queue.name);
    // The floor is decoded off the main thread (src/lib/keyed-list); the switch below runs through it.
    await expect
      .poll(() => page.workers().map((w) => w.url()))
      .toContainEqual(expect.stringMatching(/\/assets\/agents-list\.worker-[\w-]+\.js$/));
    const toggle = agentSwitch(page, agent, queue.name);
    await expect(toggle).toBeChecked();
    await toggle.click();

    const confirm = page.getByRole('alertdialog', { name: `Log ${agent.name} out of ${queue.name}?` });
    await expect(confirm).toBeVisible();
    await axe();
    await confirm.getByRole('button', { name: 'Log out', exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(toggle).not.toBeChecked();
    await expect(page.getByText(`Logged ${agent.name} out of ${queue.name}.`)).toBeVisible();

    await expect
      .poll(
        async () =>
          (await apiAgents(page)).find((a) => a.id === agent.id)?.queues.find((m) => m.queueId === queue.id)
            ?.loggedIn,
      )
      .toBe(false);
    // The page still says so after its own refetches.
    await expect(toggle).not.toBeChecked();
    await expect(
      page.getByRole('table', { name: 'Agents of this queue' }).getByRole('row', { name: new RegExp(agent.name) }),
    ).toContainText('Logged out');
  });
});
