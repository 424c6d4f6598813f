import type { Agent, AgentState } from '../contract/agent';
import { WALLBOARD_API, WallboardResponse } from '../contract/wallboard';
import { AgentsPage, apiAgents, apiQueues, apiSources } from './support/agents-page';
import { QueuePage } from './support/queue-page';
import { createUser } from './support/users';
import { WallboardPage, type TileAgentCounts } from './support/wallboard-page';
import { expect, test } from './fixtures/test';

// Issue 4's last "Done when": a supervisor logs an agent out of a queue and every screen that
// shows that queue changes: the agents grid, the queue's page and the wallboard.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** States a wallboard tile counts under Available, On call, Wrap-up or Not ready. */
const TILE_STATES = new Set<AgentState>([
  'ready',
  'ringing',
  'on_queue_call',
  'on_other_call',
  'wrap_up',
  'not_ready',
  'break',
  'lunch',
]);

/** Ids of the agents logged into `queueId`, as the gateway's agent list has them. */
const membersOf = (agents: Agent[], queueId: string) =>
  agents.filter((a) => a.queues.some((m) => m.queueId === queueId && m.loggedIn)).map((a) => a.id);

const staffed = (c: TileAgentCounts) => c.available + c.onCall + c.wrapUp + c.notReady;

test.describe('Supervisor journey', () => {
  test('a supervisor logs an agent out of a queue and the grid, the queue page and the wallboard all change', async ({
    signedInPage: page,
    appShell,
    signInPage,
  }, testInfo) => {
    test.setTimeout(90_000);

    // The admin creates a supervisor, who signs in on this same browser.
    const supervisor = await createUser(page.request, 'supervisor', testInfo);
    await appShell.signOut();
    await signInPage.expectVisible();
    await signInPage.signIn(supervisor.username, supervisor.password);
    await appShell.expectSignedIn(supervisor.username, 'Queues');
    await expect(appShell.userMenuButton).toHaveAccessibleName(new RegExp(`^Account: ${supervisor.username}, Supervisor`));

    // An agent the tiles count (a known state), logged into a queue of a source that can log
    // agents out, with a name unique among agents and a queue name unique among queues (tiles,
    // cards and switches are named by them).
    const [sources, agents, queues] = await Promise.all([apiSources(page), apiAgents(page), apiQueues(page)]);
    const canLogin = new Set(sources.filter((s) => s.capabilities.agentQueueLogin).map((s) => s.id));
    const uniqueQueue = (id: string) => {
      const q = queues.find((x) => x.id === id);
      return q && queues.filter((x) => x.name === q.name).length === 1 ? q : undefined;
    };
    const candidates = agents
      .filter((a) => canLogin.has(a.sourceId) && TILE_STATES.has(a.state))
      .filter((a) => agents.filter((b) => b.name === a.name).length === 1)
      .flatMap((a) =>
        a.queues.filter((m) => m.loggedIn && uniqueQueue(m.queueId)).map((m) => ({ agent: a, queue: uniqueQueue(m.queueId)! })),
      );
    // Other journeys take the first idle agent; taking the last keeps parallel workers apart.
    const pick = candidates.filter((c) => c.agent.state === 'ready').at(-1) ?? candidates.at(-1);
    expect(pick, 'an agent logged into a queue of a source that supports logout').toBeDefined();
    const { agent, queue } = pick!;
    testInfo.annotations.push({ type: 'agent', description: `${agent.name} (${agent.id}) out of ${queue.name}` });

    // 1. The queue's page: the supervisor flips the agent's switch and confirms.
    const queuePage = new QueuePage(page, queue.name);
    await queuePage.openFromQueuesPage();
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/queues/${queue.id}`);
    const toggle = queuePage.agentSwitch(agent.name);
    await expect(toggle).toBeChecked();
    await toggle.click();
    const confirm = page.getByRole('alertdialog', { name: `Log ${agent.name} out of ${queue.name}?` });
    await confirm.getByRole('button', { name: 'Log out', exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText(`Logged ${agent.name} out of ${queue.name}.`)).toBeVisible();
    await expect(toggle).not.toBeChecked();

    // The vendor took it: the gateway's own agent list says so.
    await expect
      .poll(async () => (await apiAgents(page)).find((a) => a.id === agent.id)?.queues.find((m) => m.queueId === queue.id)?.loggedIn, {
        timeout: 15_000,
      })
      .toBe(false);

    // 2. The agents grid: the tile lists the queue as logged out, and so does the drawer.
    const agentsPage = new AgentsPage(page);
    await agentsPage.goto({ source: agent.sourceId, q: agent.name });
    await expect(agentsPage.tile(agent.name)).toHaveAccessibleDescription(
      new RegExp(`${escape(queue.name)} \\(logged out\\)`),
    );
    const drawer = await agentsPage.openAgent(agent.name);
    await expect(agentsPage.queueSwitch(drawer, queue.name)).not.toBeChecked();
    await expect(drawer.getByRole('listitem').filter({ hasText: queue.name })).toContainText('Logged out');
    await page.keyboard.press('Escape');
    await expect(drawer).toBeHidden();

    // 3. The wallboard: the queue's tile counts one fewer agent. The floor keeps moving, so each
    // state's count changes on its own; the four counts together are the agents logged into the
    // queue, which only a login or a logout changes. Wait until the tile shows the numbers of the
    // screen's last answer and their sum equals the queue's members (without our agent) in the
    // gateway's agent list, which its own wallboard answer also counts.
    const wallboard = new WallboardPage(page);
    await wallboard.goto();
    const tile = wallboard.tile(queue.name);
    await expect(tile).toBeVisible();
    await expect(async () => {
      const [now, wbRes] = await Promise.all([apiAgents(page), page.request.get(WALLBOARD_API.wallboard)]);
      expect(wbRes.status()).toBe(200);
      const wb = WallboardResponse.parse(await wbRes.json());
      const members = membersOf(now, queue.id);
      expect(members, 'the gateway lists the agent as logged out').not.toContain(agent.id);
      const wbQueue = wb.queues.find((q) => q.id === queue.id);
      expect(wbQueue, 'the wallboard serves the queue').toBeDefined();
      expect(wbQueue!.agents.loggedIn, "the wallboard's logged-in count").toBe(members.length);

      // The screen: exactly the numbers of the last answer it received, adding up to the members.
      const shown = await wallboard.agentCounts(tile);
      const answer = wallboard.lastAnswer()?.queues.find((q) => q.id === queue.id);
      expect(answer, 'the screen has had an answer').toBeDefined();
      expect(shown).toEqual({
        available: answer!.agents.available,
        onCall: answer!.agents.onCall,
        wrapUp: answer!.agents.wrapUp,
        notReady: answer!.agents.notReady,
      });
      expect(staffed(shown), 'agents the tile counts').toBe(members.length);
    }).toPass({ timeout: 20_000, intervals: [250, 500, 1000] });

    // 4. Back on the queue's page, loaded afresh: the switch is off and the count agrees.
    await queuePage.openFromQueuesPage();
    await expect(toggle).not.toBeChecked();
    await expect(queuePage.agentRow(agent.name)).toContainText('Logged out');
    await expect(async () => {
      const [qs, now] = await Promise.all([apiQueues(page), apiAgents(page)]);
      const members = membersOf(now, queue.id);
      expect(members).not.toContain(agent.id);
      expect(qs.find((q) => q.id === queue.id)?.live.agentsLoggedIn).toBe(members.length);
      expect(await queuePage.stat('Agents logged in')).toBe(new Intl.NumberFormat('en-US').format(members.length));
    }).toPass({ timeout: 15_000, intervals: [250, 500, 1000] });
  });
});
