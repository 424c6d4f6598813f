import { CdrsPage } from '../contract/cdr';
import { expect, test } from './fixtures/test';

test.describe('Call records', () => {
  test('shows today’s records, filters through the URL and exports them as CSV', async ({
    signedInPage: page,
    appShell,
    axe,
  }) => {
    await appShell.navigateTo('Call records');
    await expect(appShell.heading('Call records')).toBeVisible();
    await expect(page).toHaveURL(/\/reports\/calls$/);

    const table = page.getByRole('table', { name: 'Call records' });
    const empty = page.getByRole('heading', { name: /^No call records/ });
    await expect(table.or(empty)).toBeVisible({ timeout: 20_000 });
    await axe();

    await page.getByLabel('Disposition').selectOption('answered');
    await expect(page).toHaveURL(/[?&]disposition=answered/);
    await page.reload();
    await expect(page.getByLabel('Disposition')).toHaveValue('answered');
    await expect(table.or(empty)).toBeVisible({ timeout: 20_000 });
    if (await empty.isVisible()) return;

    // The page's count is the gateway's total for the same filter.
    const from = new Date();
    from.setHours(0, 0, 0, 0);
    const to = new Date(from.getTime() + 86_400_000);
    const api = CdrsPage.parse(
      await (
        await page.request.get(
          `/api/v1/cdrs?from=${from.toISOString()}&to=${to.toISOString()}&disposition=answered&pageSize=1`,
        )
      ).json(),
    );
    await expect(table.locator('tbody tr').first()).toContainText('Answered');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^call-records-\d{4}-\d{2}-\d{2}\.csv$/);
    const chunks = (await (await file.createReadStream()).toArray()) as Buffer[];
    const lines = Buffer.concat(chunks).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,sourceId,queueId,queueName,callerNumber/);
    // Records keep arriving while the simulator runs: at least what the API had a moment ago.
    expect(lines.length - 1).toBeGreaterThanOrEqual(api.total ?? 0);
    await expect(page.getByText(/^Exported [\d,]+ records\.$/)).toBeVisible();
  });
});
