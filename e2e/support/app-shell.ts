import { expect, type Locator, type Page } from '@playwright/test';

/** The signed-in layout: main navigation, page heading and the account menu. */
export class AppShell {
  readonly nav: Locator;
  /** The account menu's trigger, labelled "Account: <username>, <role>". */
  readonly userMenuButton: Locator;
  readonly signOutItem: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.userMenuButton = page.getByRole('button', { name: /^Account:/ });
    this.signOutItem = page.getByRole('menuitem', { name: 'Sign out' });
  }

  /** The page's `<h1>`. */
  heading(name: string | RegExp): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }

  /** Waits until the shell is shown for `username` with `heading` as the page title. */
  async expectSignedIn(username: string, heading?: string | RegExp): Promise<void> {
    await expect(this.userMenuButton).toBeVisible();
    await expect(this.userMenuButton).toHaveAccessibleName(new RegExp(`^Account: ${username},`));
    if (heading !== undefined) await expect(this.heading(heading)).toBeVisible();
  }

  /** Follows a main-navigation link by its label. */
  async navigateTo(label: string): Promise<void> {
    await this.nav.getByRole('link', { name: label, exact: true }).click();
  }

  async openUserMenu(): Promise<void> {
    await this.userMenuButton.click();
    await expect(this.signOutItem).toBeVisible();
  }

  async signOut(): Promise<void> {
    await this.openUserMenu();
    await this.signOutItem.click();
  }
}
