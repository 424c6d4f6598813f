import { expect, type Locator, type Page } from '@playwright/test';
import { WALLBOARD_API, WallboardResponse } from '../../contract/wallboard';

/** The agent counts a wallboard tile shows, by the label beside each number. */
export interface TileAgentCounts {
  available: number;
  onCall: number;
  wrapUp: number;
  notReady: number;
}

const AGENT_LABELS: Record<keyof TileAgentCounts, string> = {
  available: 'Available',
  onCall: 'On call',
  wrapUp: 'Wrap-up',
  notReady: 'Not ready',
};

/** The signed-in user's wallboard (/wallboard): one tile (an `article` named by its queue) per queue. */
export class WallboardPage {
  readonly heading: Locator;
  /** The latest 200 answer the screen itself received for GET /api/v1/wallboard (304s carry nothing new). */
  private latest: WallboardResponse | null = null;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Wallboard' });
    page.on('response', async (res) => {
      if (new URL(res.url()).pathname !== WALLBOARD_API.wallboard || res.status() !== 200) return;
      const parsed = WallboardResponse.safeParse(await res.json().catch(() => undefined));
      if (parsed.success && (this.latest === null || parsed.data.generatedAt >= this.latest.generatedAt)) {
        this.latest = parsed.data;
      }
    });
  }

  async goto(): Promise<void> {
    await this.page.goto('/wallboard');
    await expect(this.heading).toBeVisible();
  }

  tile(queueName: string): Locator {
    return this.page.getByRole('article', { name: queueName, exact: true });
  }

  /** The answer the screen is drawn from, once it has had one. */
  lastAnswer(): WallboardResponse | null {
    return this.latest;
  }

  /** A tile's four agent counts, read in one go so they come from the same render. */
  async agentCounts(tile: Locator): Promise<TileAgentCounts> {
    const byLabel = await tile.evaluate((article) => {
      const out: Record<string, string> = {};
      for (const dt of article.querySelectorAll('dt')) {
        const dd = dt.nextElementSibling;
        if (dd?.tagName === 'DD') out[(dt.textContent ?? '').trim()] = (dd.textContent ?? '').trim();
      }
      return out;
    });
    const count = (label: string): number => {
      const text = byLabel[label];
      expect(text, `the tile shows "${label}"`).toMatch(/^\d[\d,]*$/);
      return Number(text!.replaceAll(',', ''));
    };
    return {
      available: count(AGENT_LABELS.available),
      onCall: count(AGENT_LABELS.onCall),
      wrapUp: count(AGENT_LABELS.wrapUp),
      notReady: count(AGENT_LABELS.notReady),
    };
  }
}
