import type { Page } from '@playwright/test';
import { CallsResponse } from '../contract/call';
import { expect, test } from './fixtures/test';

async function apiCalls(page: Page): Promise<CallsResponse> {
  const res = await page.request.get('/api/v1/calls');
  expect(res.status()).toBe(200);
  return CallsResponse.parse(await res.json());
}

test.describe('Live calls', () => {
  test('shows the calls the gateway serves, sorts and filters through the URL', async ({ signedInPage: page, axe }) => {
    await page.goto('/calls');
    await expect(page.getByRole('heading', { level: 1, name: 'Live calls' })).toBeVisible();
    const active = page.getByRole('heading', { name: /^Active calls/ });
    const waiting = page.getByRole('heading', { name: /^Waiting callers/ });

    // Within a poll or two the counts equal a fresh API answer.
    await expect(async () => {
      const api = await apiCalls(page);
      await expect(active).toHaveText(`Active calls${api.calls.length}`, { timeout: 500 });
      await expect(waiting).toHaveText(`Waiting callers${api.waiting.length}`, { timeout: 500 });
    }).toPass({ timeout: 10_000, intervals: [250, 500, 1000] });

    const table = page.getByRole('table', { name: 'Active calls' });
    await expect(table).toBeVisible();
    await table.getByRole('button', { name: /Talk time/ }).click();
    await expect(page).toHaveURL(/[?&]sort=-talk(&|$)/);
    await expect(table.getByRole('columnheader', { name: /Talk time/ })).toHaveAttribute('aria-sort', 'descending');

    // A filter lands in the URL too, and survives a reload with the sort.
    const { calls } = await apiCalls(page);
    const queueId = calls.find((c) => c.queueId)?.queueId;
    if (queueId) {
      await page.getByLabel('Queue').selectOption(queueId);
      await expect(page).toHaveURL(new RegExp(`[?&]queue=${encodeURIComponent(queueId)}`));
      await page.reload();
      await expect(page.getByLabel('Queue')).toHaveValue(queueId);
      await expect(page).toHaveURL(/[?&]sort=-talk(&|$)/);
    }

    await axe();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await axe();
  });
});
