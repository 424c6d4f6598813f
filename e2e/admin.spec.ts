import type { Locator, Page } from '@playwright/test';
import { AppShell, SignInPage, expect, test } from './fixtures/test';

/** The Admin page: its tabs, the users table and the create-user dialog. */
class AdminPage {
  readonly heading: Locator;
  readonly users: Locator;
  readonly audit: Locator;
  readonly health: Locator;
  readonly createUser: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Admin' });
    this.users = page.getByRole('table', { name: 'Users' });
    this.audit = page.getByRole('table', { name: 'Audit log, newest first' });
    this.health = page.getByRole('table', { name: 'Source health' });
    this.createUser = page.getByRole('button', { name: 'Create user' });
  }

  tab(name: 'Users' | 'Audit log' | 'Source health'): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  userRow(username: string): Locator {
    return this.users.getByRole('row', { name: new RegExp(`^${username}\\b`) });
  }

  async create(user: { username: string; password: string; role: string }): Promise<void> {
    await this.createUser.click();
    const dialog = this.page.getByRole('dialog', { name: 'Create user' });
    await dialog.getByLabel('Username').fill(user.username);
    await dialog.getByLabel(/^Password/).fill(user.password);
    await dialog.getByLabel('Role').selectOption(user.role);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog).toBeHidden();
  }
}

test.describe('Admin', () => {
  test('an admin creates a viewer, who sees no Admin page and no actions; the audit log lists the creation', async ({
    signedInPage: page,
    appShell,
    browser,
  }, testInfo) => {
    const viewer = {
      username: `e2e-viewer-${testInfo.workerIndex}-${Date.now()}`,
      password: 'viewer-password-long',
      role: 'viewer',
    };
    const admin = new AdminPage(page);
    await appShell.navigateTo('Admin');
    await expect(admin.heading).toBeVisible();
    await expect(admin.tab('Users')).toHaveAttribute('aria-selected', 'true');

    // A password that is too short comes back as an error beside the field.
    await admin.createUser.click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await dialog.getByLabel('Username').fill(viewer.username);
    await dialog.getByLabel(/^Password/).fill('short');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByLabel(/^Password/)).toHaveAccessibleDescription('Must be at least 12 characters.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await admin.create(viewer);
    await expect(page.getByText(`Created ${viewer.username} (Viewer)`)).toBeVisible();
    const row = admin.userRow(viewer.username);
    await expect(row.getByRole('combobox', { name: `Role of ${viewer.username}` })).toHaveValue('viewer');
    await expect(row).toContainText('All sources and queues');
    await expect(row).toContainText('Active');

    // The audit log, filtered by action: the filter lives in the URL and survives a reload.
    await admin.tab('Audit log').click();
    await expect(page).toHaveURL(/[?&]tab=audit/);
    await page.getByLabel('Action').selectOption('user.create');
    await expect(page).toHaveURL(/[?&]action=user\.create/);
    const created = admin.audit.getByRole('row').filter({ hasText: viewer.username });
    await expect(created).toHaveCount(1);
    await expect(created).toContainText('user.create');
    await expect(created).toContainText('Success');
    await page.reload();
    await expect(page.getByLabel('Action')).toHaveValue('user.create');
    await expect(admin.audit.getByRole('row').filter({ hasText: viewer.username })).toHaveCount(1);

    // The viewer, in a browser of their own.
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    try {
      const viewerPage = await context.newPage();
      const signIn = new SignInPage(viewerPage);
      await signIn.goto();
      await signIn.signIn(viewer.username, viewer.password);
      const shell = new AppShell(viewerPage);
      await shell.expectSignedIn(viewer.username, 'Queues');
      await expect(shell.nav.getByRole('link', { name: 'Queues', exact: true })).toBeVisible();
      await expect(shell.nav.getByRole('link', { name: 'Admin', exact: true })).toHaveCount(0);

      const main = viewerPage.getByRole('main');
      await expect(main.getByRole('article').first()).toBeVisible();
      await expect(main.getByRole('button')).toHaveCount(0);

      // Typing the address leads back to Queues; the gateway refuses the API outright.
      await viewerPage.goto('/admin');
      await expect(viewerPage).toHaveURL(/\/queues$/);
      expect((await viewerPage.request.get('/api/v1/users')).status()).toBe(403);
      expect((await viewerPage.request.get('/api/v1/audit')).status()).toBe(403);
    } finally {
      await context.close();
    }
  });

  test('the admin page has no serious accessibility violation on any tab', async ({ signedInPage: page, axe }) => {
    const admin = new AdminPage(page);
    await page.goto('/admin');
    await expect(admin.users.getByRole('row').nth(1)).toBeVisible();
    await axe();

    await admin.tab('Audit log').click();
    await expect(admin.audit.or(page.getByRole('heading', { name: 'Nothing recorded yet' }))).toBeVisible();
    await axe();

    await admin.tab('Source health').click();
    await expect(admin.health.getByRole('row', { name: /^Support/ })).toBeVisible();
    await axe();

    await admin.tab('Users').click();
    await admin.createUser.click();
    await expect(page.getByRole('dialog', { name: 'Create user' })).toBeVisible();
    await axe();
  });
});
