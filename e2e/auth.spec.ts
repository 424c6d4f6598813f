import { ADMIN, INVALID_CREDENTIALS_MESSAGE, expect, test } from './fixtures/test';

test.describe('signing in and out', () => {
  test('a wrong password is refused without saying which field was wrong', async ({
    signInPage,
  }) => {
    await signInPage.goto();
    await signInPage.signIn(ADMIN.username, 'not-the-password');

    await expect(signInPage.error).toHaveText(INVALID_CREDENTIALS_MESSAGE);
    await signInPage.expectVisible();
  });

  test('the admin signs in, lands on Queues and signs out again', async ({
    page,
    signInPage,
    appShell,
  }) => {
    await signInPage.goto();
    await signInPage.signIn(ADMIN.username, ADMIN.password);

    await expect(appShell.heading('Queues')).toBeVisible();
    await expect(page).toHaveURL(/\/queues(\?|$)/);
    await appShell.expectSignedIn(ADMIN.username);

    await appShell.signOut();

    await signInPage.expectVisible();
    // The session is gone on the server too: a protected page sends us back to sign-in.
    await page.goto('/queues');
    await signInPage.expectVisible();
  });

  test('the sign-in page has no serious accessibility violation', async ({ signInPage, axe }) => {
    await signInPage.goto();
    await axe();
  });
});
