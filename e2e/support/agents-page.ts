import { expect, type Locator, type Page } from '@playwright/test';
import { AgentsResponse, type Agent } from '../../contract/agent';
import { QueuesResponse, type Queue } from '../../contract/queue';
import { SourcesResponse, type Source } from '../../contract/source';

/** GET /api/v1/agents with the page's session, parsed with the contract. */
export async function apiAgents(page: Page): Promise<Agent[]> {
  const res = await page.request.get('/api/v1/agents');
  expect(res.status()).toBe(200);
  return AgentsResponse.parse(await res.json()).items;
}

/** GET /api/v1/queues with the page's session. */
export async function apiQueues(page: Page): Promise<Queue[]> {
  const res = await page.request.get('/api/v1/queues');
  expect(res.status()).toBe(200);
  return QueuesResponse.parse(await res.json()).items;
}

/** GET /api/v1/sources with the page's session. */
export async function apiSources(page: Page): Promise<Source[]> {
  const res = await page.request.get('/api/v1/sources');
  expect(res.status()).toBe(200);
  return SourcesResponse.parse(await res.json()).items;
}

/** The Agents page: filters, the grid of tiles, and an agent's drawer. */
export class AgentsPage {
  readonly heading: Locator;
  readonly grid: Locator;
  readonly search: Locator;
  readonly selectAgents: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Agents' });
    this.grid = page.getByRole('list', { name: 'Agents' });
    this.search = page.getByLabel('Search agents');
    this.selectAgents = page.getByRole('button', { name: 'Select agents' });
  }

  /** Opens /agents with these URL filters and waits for the grid. */
  async goto(search: Record<string, string> = {}): Promise<void> {
    const qs = new URLSearchParams(search).toString();
    await this.page.goto(`/agents${qs ? `?${qs}` : ''}`);
    await expect(this.heading).toBeVisible();
    await expect(this.grid).toBeVisible();
  }

  /** An agent's tile: a button named by the agent. */
  tile(name: string): Locator {
    return this.grid.getByRole('button', { name, exact: true });
  }

  /** The drawer of an open agent. */
  drawer(name: string): Locator {
    return this.page.getByRole('dialog', { name, exact: true });
  }

  /** The login switch of one queue inside a drawer. */
  queueSwitch(drawer: Locator, queueName: string): Locator {
    return drawer.getByRole('switch', { name: `Logged into ${queueName}`, exact: true });
  }

  async openAgent(name: string): Promise<Locator> {
    await this.tile(name).click();
    const drawer = this.drawer(name);
    await expect(drawer).toBeVisible();
    return drawer;
  }
}
