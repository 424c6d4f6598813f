import type { APIRequestContext } from '@playwright/test';
import { CSRF_HEADER, CSRF_VALUE } from '../contract/common';
import { QueuesResponse } from '../contract/queue';
import { CreatedDisplayResponse, WALLBOARD_API } from '../contract/wallboard';
import { expect, test } from './fixtures/test';

// Issue 6, wallboard: a display opened by its link on a TV (a fresh browser, no cookies).

const csrf = { [CSRF_HEADER]: CSRF_VALUE };

async function createDisplay(request: APIRequestContext, name: string) {
  const queues = QueuesResponse.parse(await (await request.get('/api/v1/queues')).json()).items;
  const picked = queues.filter((q) => q.sourceId === 'support' || q.sourceId === 'sales').slice(0, 3);
  expect(picked.length).toBeGreaterThanOrEqual(2);
  const res = await request.post(WALLBOARD_API.displays, {
    headers: csrf,
    data: { name, queueIds: picked.map((q) => q.id), layout: 'tiles' },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { created: CreatedDisplayResponse.parse(await res.json()), queues: picked };
}

test.describe('Wallboard', () => {
  test('a display opens by its link without sign-in, survives a reload, goes stale offline, recovers, and shows "revoked"', async ({
    signedInPage: admin,
    browser,
  }) => {
    test.setTimeout(90_000);
    const { created, queues } = await createDisplay(admin.request, 'Floor TV');

    const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const tv = await tvContext.newPage();
    await tv.goto(created.path);
    for (const q of queues) await expect(tv.getByRole('article', { name: q.name, exact: true })).toBeVisible();
    await expect(tv.getByRole('heading', { level: 1, name: 'Floor TV' })).toBeVisible();
    await expect(tv.getByLabel('Password')).toHaveCount(0);
    expect(new URL(tv.url()).pathname).toBe(created.path);

    await tv.reload();
    for (const q of queues) await expect(tv.getByRole('article', { name: q.name, exact: true })).toBeVisible();
    expect(new URL(tv.url()).pathname).toBe(created.path);
    // Let the data settle (fresh) before measuring the offline case.
    await expect(tv.getByText('Stale')).toHaveCount(0, { timeout: 10_000 });

    // Network cut: stale within two missed polls (1 s each, plus slack), numbers stay on screen.
    await tv.route('**/api/**', (r) => r.abort());
    await expect(tv.getByText('Stale').first()).toBeVisible({ timeout: 4_500 });
    for (const q of queues) await expect(tv.getByRole('article', { name: q.name, exact: true })).toBeVisible();
    // Back online: fresh again within one poll.
    await tv.unroute('**/api/**');
    await expect(tv.getByText('Stale')).toHaveCount(0, { timeout: 3_500 });

    // Revoked: the screen says so within a poll or two, and never shows a sign-in page.
    const revoke = await admin.request.post(WALLBOARD_API.displayRevoke(created.display.id), { headers: csrf });
    expect(revoke.status()).toBe(200);
    await expect(tv.getByRole('heading', { name: 'This display was revoked' })).toBeVisible({ timeout: 5_000 });
    await expect(tv.getByRole('article')).toHaveCount(0);
    await tv.reload();
    await expect(tv.getByRole('heading', { name: 'This display was revoked' })).toBeVisible();
    expect(new URL(tv.url()).pathname).toBe(created.path);
    await tvContext.close();
  });

  test('axe finds no serious violation on a display, nor on the signed-in wallboard', async ({
    signedInPage: page,
    axe,
  }) => {
    const { created, queues } = await createDisplay(page.request, 'Axe TV');
    await page.goto(created.path);
    await expect(page.getByRole('article', { name: queues[0]!.name, exact: true })).toBeVisible();
    await axe();

    await page.goto('/wallboard');
    await expect(page.getByRole('heading', { level: 1, name: 'Wallboard' })).toBeVisible();
    await expect(page.getByRole('article', { name: queues[0]!.name, exact: true })).toBeVisible();
    await axe();
  });

  test('admins manage displays from the Displays page', async ({ signedInPage: page }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Displays' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Displays' })).toBeVisible();
    await page.getByLabel('Name').fill('Page TV');
    const firstQueue = page.getByRole('group', { name: 'Queues' }).getByRole('checkbox').first();
    await firstQueue.check();
    await page.getByRole('button', { name: 'Create display' }).click();
    const dialog = page.getByRole('dialog', { name: 'Display “Page TV” created' });
    await expect(dialog.getByLabel('Display link')).toHaveValue(/\/wallboard\/d\/[\w-]{20,}$/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByText('Page TV')).toBeVisible();
  });
});
