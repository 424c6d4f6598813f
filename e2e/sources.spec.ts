import type { Page } from '@playwright/test';
import { SourcesResponse, type HealthStatus, type Source } from '../contract/source';
import { expect, test } from './fixtures/test';

/** The word each health status is shown as (the colour only repeats it). */
const STATUS_TEXT: Record<HealthStatus, string> = {
  ok: 'OK',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

async function apiSources(page: Page): Promise<Source[]> {
  const res = await page.request.get('/api/v1/sources');
  expect(res.status()).toBe(200);
  return SourcesResponse.parse(await res.json()).items;
}

test.describe('Sources', () => {
  test('shows a card for every source the gateway reports, with its health as text', async ({
    signedInPage: page,
    appShell,
    axe,
  }) => {
    await appShell.navigateTo('Sources');
    await expect(appShell.heading('Sources')).toBeVisible();
    await expect(page).toHaveURL(/\/sources$/);

    const sources = await apiSources(page);
    expect(sources.length).toBeGreaterThan(0);
    await expect(page.getByRole('article')).toHaveCount(sources.length);

    for (const source of sources) {
      const card = page.getByRole('article', { name: source.label, exact: true });
      await expect(card).toBeVisible();
      // Health can move (unknown → ok right after start-up); the page polls every 5 s and follows.
      await expect(async () => {
        const now = (await apiSources(page)).find((s) => s.id === source.id)!;
        await expect(card.getByText(STATUS_TEXT[now.health.status], { exact: true })).toBeVisible({
          timeout: 1000,
        });
      }).toPass({ timeout: 15_000, intervals: [500, 1000, 2000] });
      await expect(card.getByText(/^(updated \d+ (s|min|h|d) ago|never)$/)).toBeVisible();
    }

    await axe();
  });
});
