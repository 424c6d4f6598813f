import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A campaign's page (/campaigns/<id>): the stacked area chart of status counts over time and its
 * legend, whose entries open the campaign's entries of one status.
 */
export class CampaignPage {
  readonly statusHistory: Locator;
  /** The chart: an image for assistive tech (the legend carries its numbers and links). */
  readonly chart: Locator;
  readonly legend: Locator;

  constructor(readonly page: Page) {
    this.statusHistory = page.getByRole('region', { name: 'Status over time' });
    this.chart = this.statusHistory.getByRole('img', { name: /^Stacked area chart of entries per status/ });
    this.legend = this.statusHistory.getByRole('list', { name: 'Legend: latest count per status' });
  }

  async goto(campaignId: string, campaignName: string): Promise<void> {
    await this.page.goto(`/campaigns/${encodeURIComponent(campaignId)}`);
    await expect(this.page.getByRole('heading', { level: 1, name: campaignName, exact: true })).toBeVisible();
  }

  /**
   * The filled SVG path of one status's area. Pointer users click it; the path carries the
   * series' name (Recharts writes an Area's `name` onto its paths), so no colour is guessed.
   */
  area(status: string): Locator {
    return this.chart.locator(`path.recharts-area-area[name="${status}"]`);
  }

  /** The legend's link of a status, named "<Label>: <n> entries, open them". */
  legendLink(label: string): Locator {
    return this.legend.getByRole('link', { name: new RegExp(`^${label}: [\\d,]+ entries, open them$`) });
  }

  /**
   * Clicks a status's area with the mouse, at a point where that very path is the topmost element
   * (stacked areas and the stroke on top share their edges): the middle of the longest vertical run
   * of such points, trying columns from the middle of the time axis outwards.
   */
  async clickArea(status: string): Promise<void> {
    const area = this.area(status);
    await area.scrollIntoViewIfNeeded();
    const position = await area.evaluate((path) => {
      const box = path.getBoundingClientRect();
      for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
        const x = box.left + box.width * f;
        let best: [number, number] = [0, 0];
        let start = -1;
        for (let y = Math.ceil(box.top); y <= Math.floor(box.bottom) + 1; y++) {
          const hit = y <= box.bottom && document.elementFromPoint(x, y) === path;
          if (hit && start < 0) start = y;
          if (!hit && start >= 0) {
            if (y - start > best[1] - best[0]) best = [start, y];
            start = -1;
          }
        }
        if (best[1] - best[0] >= 4) return { x: x - box.left, y: (best[0] + best[1]) / 2 - box.top };
      }
      return null;
    });
    expect(position, `a point of the "${status}" area that the mouse can reach`).not.toBeNull();
    await area.click({ position: position! });
  }
}
