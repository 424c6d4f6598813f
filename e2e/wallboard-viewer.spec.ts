import { CSRF_HEADER, CSRF_VALUE } from '../contract/common';
import { WALLBOARD_API } from '../contract/wallboard';
import { apiQueues } from './support/agents-page';
import { createUser } from './support/users';
import { WallboardPage } from './support/wallboard-page';
import { AppShell, SignInPage, expect, test } from './fixtures/test';

// Issue 6, "a viewer finds no action buttons": the signed-in wallboard of a viewer shows every
// queue and nothing to press, the Displays page is not theirs, and the gateway agrees.

test.describe('Wallboard for a viewer', () => {
  test('a viewer opens the wallboard, finds every queue and no action button, and cannot manage displays', async ({
    signedInPage: admin,
    browser,
  }, testInfo) => {
    const viewer = await createUser(admin.request, 'viewer', testInfo);
    const queues = await apiQueues(admin);
    expect(queues.length).toBeGreaterThan(0);

    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    try {
      const page = await context.newPage();
      const signIn = new SignInPage(page);
      await signIn.goto();
      await signIn.signIn(viewer.username, viewer.password);
      const shell = new AppShell(page);
      await shell.expectSignedIn(viewer.username, 'Queues');
      await expect(shell.nav.getByRole('link', { name: 'Displays', exact: true })).toHaveCount(0);

      await shell.navigateTo('Wallboard');
      const wallboard = new WallboardPage(page);
      await expect(wallboard.heading).toBeVisible();
      // Up to six tiles share a page; beyond that the board rotates, so check what one page shows.
      const tiles = page.getByRole('article');
      if (queues.length <= 6) {
        for (const q of queues) await expect(wallboard.tile(q.name).first()).toBeVisible();
      } else {
        await expect(tiles.first()).toBeVisible();
      }
      await expect(page.getByRole('button')).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'Exit wallboard' })).toBeVisible();

      // Typing the address leads back to Queues; the gateway refuses display and threshold changes.
      await page.goto('/displays');
      await expect(page).toHaveURL(/\/queues$/);
      const csrf = { [CSRF_HEADER]: CSRF_VALUE };
      const create = await page.request.post(WALLBOARD_API.displays, {
        headers: csrf,
        data: { name: 'Viewer TV', queueIds: [queues[0]!.id], layout: 'tiles' },
      });
      expect(create.status()).toBe(403);
      const thresholds = await page.request.put(WALLBOARD_API.queueThresholds(queues[0]!.id), {
        headers: csrf,
        data: {},
      });
      expect(thresholds.status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});
