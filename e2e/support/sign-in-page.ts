import { expect, type Locator, type Page } from '@playwright/test';

/** The sign-in page: a username, a password and one button. */
export class SignInPage {
  readonly heading: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  /** The form-level failure (wrong credentials, rate limit), announced as an alert. */
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Sign in to your account' });
    this.username = page.getByLabel('Username', { exact: true });
    this.password = page.getByLabel('Password', { exact: true });
    this.submit = page.getByRole('button', { name: 'Sign in', exact: true });
    this.error = page.locator('form').getByRole('alert');
  }

  /** Opens the sign-in page directly; `redirect` is where to go after signing in. */
  async goto(redirect?: string): Promise<void> {
    const search = redirect ? `?${new URLSearchParams({ redirect })}` : '';
    await this.page.goto(`/sign-in${search}`);
    await this.expectVisible();
  }

  async expectVisible(): Promise<void> {
    await expect(this.page).toHaveURL(/\/sign-in(\?|$)/);
    await expect(this.username).toBeVisible();
    await expect(this.password).toBeVisible();
  }

  /** Fills both fields and submits; waits for nothing, so callers assert the outcome. */
  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }
}
