import { expect, type Locator, type Page } from '@playwright/test';

/** A queue's page (/queues/<id>): its numbers and the table of its agents with their login switches. */
export class QueuePage {
  readonly agents: Locator;

  constructor(
    readonly page: Page,
    readonly queueName: string,
  ) {
    this.agents = page.getByRole('table', { name: 'Agents of this queue' });
  }

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: this.queueName, exact: true });
  }

  /** Opens the page the way a supervisor does: from the queue's card on the Queues page. */
  async openFromQueuesPage(): Promise<void> {
    await this.page.goto('/queues');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Queues' })).toBeVisible();
    await this.page
      .getByRole('article', { name: this.queueName, exact: true })
      .getByRole('link', { name: this.queueName, exact: true })
      .click();
    await expect(this.page).toHaveURL(/\/queues\/[^/]+$/);
    await expect(this.heading()).toBeVisible();
  }

  /** The switch that logs `agentName` into or out of this queue. */
  agentSwitch(agentName: string): Locator {
    return this.agents.getByRole('switch', { name: `${agentName} logged into ${this.queueName}`, exact: true });
  }

  /** The agent's row; `has` is resolved inside each row, so the inner locator starts from the page. */
  agentRow(agentName: string): Locator {
    const inRow = this.page.getByRole('switch', { name: `${agentName} logged into ${this.queueName}`, exact: true });
    return this.agents.getByRole('row').filter({ has: inRow });
  }

  /** The value shown beside a `<dt>` label, e.g. "Agents logged in". */
  async stat(label: string): Promise<string | undefined> {
    return this.page.locator('main dl').evaluateAll((lists, wanted) => {
      for (const dl of lists) {
        for (const dt of dl.querySelectorAll('dt')) {
          const dd = dt.nextElementSibling;
          if ((dt.textContent ?? '').trim() === wanted && dd?.tagName === 'DD') return (dd.textContent ?? '').trim();
        }
      }
      return undefined;
    }, label);
  }
}
