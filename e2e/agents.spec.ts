import type { Page } from '@playwright/test';
import type { Agent } from '../contract/agent';
import { AgentsPage, apiAgents, apiQueues, apiSources } from './support/agents-page';
import { AppShell, SignInPage, expect, test } from './fixtures/test';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One queue card's "Agents logged in" as shown on the Queues page. */
async function shownLoggedIn(page: Page, queueName: string): Promise<string> {
  const card = page.getByRole('article', { name: queueName, exact: true });
  return (await card.locator('dt', { hasText: 'Agents logged in' }).locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

const loggedInto = (agents: Agent[], queueId: string) =>
  agents.filter((a) => a.queues.some((m) => m.queueId === queueId && m.loggedIn)).map((a) => a.id);

test.describe('Agents', () => {
  test('a supervisor logs an agent out of a queue from the drawer, and every view agrees', async ({
    signedInPage: page,
  }) => {
    const sources = await apiSources(page);
    const canLogin = new Set(sources.filter((s) => s.capabilities.agentQueueLogin).map((s) => s.id));
    const agents = await apiAgents(page);
    const candidates = agents.filter(
      (a) =>
        canLogin.has(a.sourceId) &&
        a.queues.some((m) => m.loggedIn) &&
        agents.filter((b) => b.name === a.name).length === 1,
    );
    // Someone idle if possible: the quietest kind of change on a busy floor.
    const agent = candidates.find((a) => a.state === 'ready') ?? candidates[0];
    expect(agent, 'an agent logged into a queue of a source that supports logout').toBeDefined();
    const target = agent!;
    const queue = target.queues.find((m) => m.loggedIn)!;
    const before = loggedInto(agents, queue.queueId);
    expect(before).toContain(target.id);

    const agentsPage = new AgentsPage(page);
    await agentsPage.goto({ source: target.sourceId, q: target.name });
    // The floor is decoded off the main thread (src/lib/keyed-list); what follows runs through it.
    await expect
      .poll(() => page.workers().map((w) => w.url()))
      .toContainEqual(expect.stringMatching(/\/assets\/agents-list\.worker-[\w-]+\.js$/));
    const drawer = await agentsPage.openAgent(target.name);
    const toggle = agentsPage.queueSwitch(drawer, queue.queueName);
    await expect(toggle).toBeChecked();
    await toggle.click();

    const confirm = page.getByRole('alertdialog', { name: `Log ${target.name} out of ${queue.queueName}?` });
    await confirm.getByRole('button', { name: 'Log out', exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(toggle).not.toBeChecked();
    await expect(page.getByText(`Logged ${target.name} out of ${queue.queueName}.`)).toBeVisible();

    // The gateway agrees, and the drawer still says so after the refetch.
    await expect
      .poll(async () => (await apiAgents(page)).find((a) => a.id === target.id)?.queues.find((m) => m.queueId === queue.queueId)?.loggedIn)
      .toBe(false);
    await expect(toggle).not.toBeChecked();
    await expect(drawer.getByRole('listitem').filter({ hasText: queue.queueName })).toContainText('Logged out');

    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();
    await expect(agentsPage.tile(target.name)).toHaveAccessibleDescription(
      new RegExp(`${escape(queue.queueName)} \\(logged out\\)`),
    );

    // Queues: "Agents logged in" for that queue counts the members still logged in, without our agent.
    await new AppShell(page).navigateTo('Queues');
    const queueName = (await apiQueues(page)).find((q) => q.id === queue.queueId)!.name;
    await expect(async () => {
      const [queues, now] = await Promise.all([apiQueues(page), apiAgents(page)]);
      const members = loggedInto(now, queue.queueId);
      expect(members).not.toContain(target.id);
      const q = queues.find((x) => x.id === queue.queueId)!;
      expect(q.live.agentsLoggedIn).toBe(members.length);
      expect(await shownLoggedIn(page, queueName)).toBe(String(q.live.agentsLoggedIn));
    }).toPass({ timeout: 10_000, intervals: [250, 500, 1000] });
  });

  test('a viewer sees agents and calls but no action controls', async ({ signedInPage: page, browser }, testInfo) => {
    const viewer = { username: `viewer-${testInfo.workerIndex}-${Date.now()}`, password: 'viewer-password-1' };
    const created = await page.request.post('/api/v1/users', {
      data: { ...viewer, role: 'viewer' },
      headers: { 'x-queuedeck-csrf': '1' },
    });
    expect(created.status()).toBe(201);

    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    try {
      const viewerPage = await context.newPage();
      const signIn = new SignInPage(viewerPage);
      await signIn.goto();
      await signIn.signIn(viewer.username, viewer.password);
      await new AppShell(viewerPage).expectSignedIn(viewer.username, 'Queues');

      const agentsPage = new AgentsPage(viewerPage);
      await agentsPage.goto({ state: 'logged_in' });
      await expect(agentsPage.grid.getByRole('button').first()).toBeVisible();
      await expect(agentsPage.selectAgents).toHaveCount(0);
      await agentsPage.grid.getByRole('button').first().click();
      const drawer = viewerPage.getByRole('dialog');
      await expect(drawer.getByRole('heading', { name: 'Queues' })).toBeVisible();
      await expect(drawer.getByRole('switch')).toHaveCount(0);
      await expect(drawer.getByRole('button', { name: 'Set state' })).toHaveCount(0);
      await viewerPage.keyboard.press('Escape');

      await viewerPage.goto('/calls');
      await expect(viewerPage.getByRole('heading', { level: 1, name: 'Live calls' })).toBeVisible();
      await expect(viewerPage.getByRole('heading', { name: /^Active calls/ })).toBeVisible();
      await expect(viewerPage.getByRole('button', { name: /^Pick up/ })).toHaveCount(0);
    } finally {
      await context.close();
    }
  });

  test('the agents page, its drawer and both densities have no serious accessibility violation', async ({
    signedInPage: page,
    axe,
  }) => {
    const agentsPage = new AgentsPage(page);
    await agentsPage.goto();
    await expect(agentsPage.grid.getByRole('button').first()).toBeVisible();
    await axe();

    await page.getByText('Compact', { exact: true }).click();
    await expect(page.getByRole('radio', { name: 'Compact' })).toBeChecked();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await axe();

    await agentsPage.selectAgents.click();
    await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toBeVisible();
    await axe();
    await page.getByRole('button', { name: 'Done', exact: true }).click();

    // Tiles are buttons: the keyboard opens a drawer, Escape closes it and focus comes back.
    const first = agentsPage.grid.getByRole('button').first();
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toBeVisible();
    await axe();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(first).toBeFocused();
  });
});
