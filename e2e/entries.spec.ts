import type { Locator, Page } from '@playwright/test';
import { EntriesPage as EntriesPageSchema } from '../contract/entry';
import { SourcesResponse, type EntrySort, type Source } from '../contract/source';
import { expect, test } from './fixtures/test';

const SORT_LABELS: Record<EntrySort, string> = {
  createdAt: 'Created',
  updatedAt: 'Updated',
  scheduledAt: 'Scheduled',
};

/** The Entries page: source picker, filters, sort and the table of one page. */
class EntriesView {
  readonly table: Locator;
  readonly statusFilter: Locator;
  readonly sortBy: Locator;
  readonly order: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table');
    this.statusFilter = page.getByRole('button', { name: /^Status\b/ });
    this.sortBy = page.getByLabel('Sort by', { exact: true });
    this.order = page.getByLabel('Order', { exact: true });
  }

  /** Waits for the entries request whose URL matches `pattern`, started by `action`. */
  async answered(pattern: RegExp, action: () => Promise<unknown>): Promise<string> {
    const response = this.page.waitForResponse(
      (r) => r.url().includes('/api/v1/entries?') && pattern.test(r.url()),
    );
    await action();
    const res = await response;
    expect(res.status(), `GET ${res.url()}`).toBe(200);
    return res.url();
  }

  /** Contract ids of the rows on screen, once the table shows settled data. */
  async rowIds(): Promise<string[]> {
    await expect(this.page.getByRole('status', { name: 'Loading entries' })).toHaveCount(0);
    const table = this.page.locator('table[aria-busy="true"]');
    await expect(table).toHaveCount(0);
    return this.page
      .locator('tbody tr[data-entry-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-id') ?? ''));
  }
}

/** A source that lists entries, can filter them by status and sort them. */
function pickSource(sources: Source[]): Source | undefined {
  return sources.find(
    (s) => s.capabilities.entries?.filters.includes('status') && s.capabilities.entries.sorts.length > 0,
  );
}

/** GET /api/v1/entries for a source; a rate-limited answer is retried after the time it names. */
async function probeEntries(page: Page, sourceId: string) {
  for (let attempt = 0; ; attempt++) {
    const res = await page.request.get(`/api/v1/entries?source=${encodeURIComponent(sourceId)}`);
    if (res.status() !== 429 || attempt === 3) return res;
    const seconds = Number(res.headers()['retry-after'] ?? '2');
    await page.waitForTimeout(Math.min(10, Math.max(1, seconds)) * 1000);
  }
}

test.describe('Entries', () => {
  test('a status filter and a sort survive a reload, with the same rows', async ({
    signedInPage: page,
    appShell,
    axe,
  }) => {
    const sources = SourcesResponse.parse(await (await page.request.get('/api/v1/sources')).json()).items;
    const source = pickSource(sources);
    expect(source, 'a source that lists entries with a status filter and a sort').toBeTruthy();
    const probe = await probeEntries(page, source!.id);
    expect(probe.status(), `GET /api/v1/entries?source=${source!.id}`).toBe(200);
    const caps = source!.capabilities.entries!;
    const counts = EntriesPageSchema.parse(await probe.json()).countsByStatus;
    // Finished entries stay put while the dialer runs, so the page stays the same across a reload.
    const status = (counts?.completed ?? 1) === 0 && (counts?.failed ?? 0) > 0 ? 'failed' : 'completed';
    const statusLabel = status === 'completed' ? 'Completed' : 'Failed';
    const sort = caps.sorts.includes('createdAt') ? 'createdAt' : caps.sorts[0]!;

    const view = new EntriesView(page);
    await appShell.navigateTo('Entries');
    await expect(appShell.heading('Entries')).toBeVisible();
    const picker = page.getByLabel('Source', { exact: true });
    await expect(picker).toBeVisible();
    // The first source with entries is preselected; choosing it again would change nothing.
    if ((await picker.inputValue()) !== source!.id) {
      await view.answered(new RegExp(`source=${source!.id}\\b`), () => picker.selectOption(source!.id));
    }

    await view.statusFilter.click();
    await view.answered(new RegExp(`status=${status}\\b`), () =>
      page.getByRole('menuitemcheckbox', { name: statusLabel }).click(),
    );
    await page.keyboard.press('Escape');
    await expect(view.statusFilter).toHaveAccessibleName(`Status ${statusLabel}`);

    await view.answered(new RegExp(`sort=${sort}\\b`), () => view.sortBy.selectOption(sort));
    const requestUrl = await view.answered(/order=asc\b/, () => view.order.selectOption('asc'));
    await expect(page).toHaveURL(/order=asc/);
    for (const part of [`status=${status}`, `sort=${sort}`]) {
      expect(page.url()).toContain(part);
    }
    const before = await view.rowIds();

    const address = page.url();
    await page.reload();
    await expect(appShell.heading('Entries')).toBeVisible();
    expect(page.url()).toBe(address);
    await expect(picker).toHaveValue(source!.id);
    await expect(view.statusFilter).toHaveAccessibleName(`Status ${statusLabel}`);
    await expect(view.sortBy).toHaveValue(sort);
    await expect(view.order).toHaveValue('asc');
    await expect(page.getByRole('columnheader', { name: new RegExp(SORT_LABELS[sort]) }).first()).toBeVisible();
    await expect.poll(async () => (await view.rowIds()).length, { timeout: 15_000 }).toBe(before.length);
    const after = await view.rowIds();

    test.info().annotations.push({
      type: 'rows after reload',
      description: after.join() === before.join() ? 'identical' : 'the data moved in between',
    });
    if (after.join() !== before.join()) {
      // Only a vendor that changed in between may change the rows: then the reload shows exactly
      // what the gateway now answers for the very same query.
      const now = EntriesPageSchema.parse(await (await page.request.get(requestUrl)).json()).items;
      expect(now.map((e) => e.id), 'the data moved between the two loads').not.toEqual(before);
      expect(after).toEqual(now.map((e) => e.id));
    } else {
      expect(after).toEqual(before);
    }

    await axe();

    // A row opens its details; Escape closes them and the view stays.
    if (after.length > 0) {
      await page.locator('tbody tr').first().getByRole('button').click();
      const drawer = page.getByRole('dialog');
      await expect(drawer.getByRole('heading', { name: 'Vendor fields' })).toBeVisible();
      await expect(page).toHaveURL(/entry=/);
      await page.keyboard.press('Escape');
      await expect(drawer).toHaveCount(0);
      await expect(page).not.toHaveURL(/entry=/);
    }
  });
});
