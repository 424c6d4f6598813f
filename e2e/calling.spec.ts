import type { APIResponse, Locator, Page } from '@playwright/test';
import { EntriesPage, QueueEntryDetail, type EntryStatus } from '../contract/entry';
import { ADMIN, expect, SignInPage, test } from './fixtures/test';

/** GET through the signed-in session; a spent request budget (429) is waited out and retried. */
async function apiGet(page: Page, url: string): Promise<APIResponse> {
  for (let attempt = 0; ; attempt++) {
    const res = await page.request.get(url);
    if (res.status() !== 429 || attempt === 4) return res;
    const seconds = Number(res.headers()['retry-after'] ?? '2');
    await page.waitForTimeout(Math.min(15, Math.max(1, seconds)) * 1000);
  }
}

interface IqraIds {
  numberId: string;
  agentId: string;
}

/** A number id and agent id the Iqra simulator knows: the raw fields of an existing entry. */
async function iqraIds(page: Page): Promise<IqraIds> {
  const list = await apiGet(page, '/api/v1/entries?source=ai&pageSize=1');
  expect(list.status(), await list.text()).toBe(200);
  const first = EntriesPage.parse(await list.json()).items[0];
  expect(first, 'the simulator has Iqra entries').toBeTruthy();
  const detail = await apiGet(page, `/api/v1/entries/ai/${encodeURIComponent(first!.vendorId)}`);
  expect(detail.status()).toBe(200);
  const raw = QueueEntryDetail.parse(await detail.json()).raw;
  return { numberId: String(raw.numberId), agentId: String(raw.agentId) };
}

/** A US number nobody else in the run uses. */
function uniqueUsNumber(): { national: string; e164: string } {
  const line = String(Math.floor(Math.random() * 9000) + 1000);
  return { national: `(415) 555-${line}`, e164: `+1415555${line}` };
}

/** The place-call dialog of /calling. */
class PlaceCallDialog {
  readonly dialog: Locator;
  readonly phone: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog');
    this.phone = this.dialog.getByLabel('Phone number', { exact: true });
    this.submit = this.dialog.getByRole('button', { name: 'Place call', exact: true });
  }

  async open(): Promise<void> {
    await this.page.goto('/calling');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Place calls' })).toBeVisible();
    await this.page.getByRole('button', { name: 'Place a call' }).click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByLabel('Source').selectOption('ai');
  }

  async fill(phone: string, ids: IqraIds, country = 'US'): Promise<void> {
    await this.dialog.getByLabel('Country', { exact: true }).selectOption(country);
    await this.phone.fill(phone);
    await this.dialog.getByLabel('Number id').fill(ids.numberId);
    await this.dialog.getByLabel('Agent id').fill(ids.agentId);
  }

  /** Records every POST to initiate-call the page sends. */
  watchPosts(): { keys: (string | null)[] } {
    const seen = { keys: [] as (string | null)[] };
    this.page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/v1/actions/initiate-call'))
        seen.keys.push(r.headers()['idempotency-key'] ?? null);
    });
    return seen;
  }

  /** The entry ids shown once the call is placed. */
  async placedIds(): Promise<string[]> {
    await expect(this.page.getByRole('dialog', { name: 'Call placed' })).toBeVisible({
      timeout: 15_000,
    });
    return this.dialog.getByTestId('placed-entry-id').allTextContents();
  }
}

async function entryStatus(page: Page, vendorId: string): Promise<EntryStatus> {
  const res = await apiGet(page, `/api/v1/entries/ai/${encodeURIComponent(vendorId)}`);
  expect(res.status()).toBe(200);
  return QueueEntryDetail.parse(await res.json()).status;
}

test.describe('Place calls', () => {
  // The Iqra request budget is shared by every journey here: one at a time.
  test.describe.configure({ mode: 'serial' });
  let ids: IqraIds;

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(ADMIN.username, ADMIN.password);
    await expect(page.getByRole('button', { name: /^Account:/ })).toBeVisible();
    ids = await iqraIds(page);
    await page.close();
  });

  test('a call placed from the dialog appears as pending and then moves on', async ({
    signedInPage: page,
    axe,
  }) => {
    test.setTimeout(90_000);
    const dialog = new PlaceCallDialog(page);
    await dialog.open();
    const number = uniqueUsNumber();
    await dialog.fill(number.national, ids);
    await expect(dialog.dialog.getByText(number.e164)).toBeVisible();
    await axe({ include: '[role="dialog"]' });
    await dialog.submit.click();
    const [entryId] = await dialog.placedIds();
    expect(entryId).toMatch(/^ai:/);
    const vendorId = entryId!.slice('ai:'.length);
    const link = dialog.dialog.getByRole('link', { name: 'Open in Entries' });
    await expect(link).toHaveAttribute(
      'href',
      new RegExp(`^/entries\\?source=ai.*entry=${vendorId}`),
    );

    const first = await entryStatus(page, vendorId);
    expect(['pending', 'dialing', 'in_progress']).toContain(first);
    // The simulator runs 20× fast: the dialer picks the entry up within a simulated minute or so.
    await expect
      .poll(() => entryStatus(page, vendorId), { timeout: 60_000, intervals: [3000] })
      .not.toBe('pending');
  });

  test('a number that is not E.164 gets a field error and no vendor call', async ({
    signedInPage: page,
  }) => {
    const dialog = new PlaceCallDialog(page);
    const posts = dialog.watchPosts();
    await dialog.open();
    await dialog.fill('555 01', ids);
    await dialog.submit.click();
    await expect(dialog.phone).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.dialog.getByText(/^Not a valid number for United States/)).toBeVisible();
    // A pasted number without its country code is not E.164 either.
    await dialog.phone.fill('+999 1234');
    await dialog.submit.click();
    await expect(dialog.phone).toHaveAttribute('aria-invalid', 'true');
    await page.waitForTimeout(500);
    expect(posts.keys).toEqual([]);
  });

  test('a double click places one call', async ({ signedInPage: page }) => {
    const dialog = new PlaceCallDialog(page);
    const posts = dialog.watchPosts();
    await dialog.open();
    const number = uniqueUsNumber();
    await dialog.fill(number.e164, ids);
    await dialog.submit.dblclick();
    const placed = await dialog.placedIds();
    expect(placed).toHaveLength(1);
    expect(posts.keys).toHaveLength(1);
    expect(posts.keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** 50 callback rows; rows 5, 20 and 33 are broken (bad number, no name, not a date). */
function callbacksCsv(): string {
  const at = new Date(Date.now() + 2 * 86_400_000);
  const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  const stamp = Date.now().toString().slice(-4);
  const lines = ['phone,name,campaign,scheduledAt'];
  for (let i = 1; i <= 50; i++) {
    let phone = `+40721${stamp}${String(i).padStart(2, '0')}`;
    let name = `Caller ${i}`;
    let when = `${day} ${String(8 + (i % 10)).padStart(2, '0')}:30`;
    if (i === 5) phone = '0721 55';
    if (i === 20) name = '';
    if (i === 33) when = 'soon';
    lines.push(`${phone},${name},E2E bulk,${when}`);
  }
  return `${lines.join('\n')}\n`;
}

test.describe('Bulk upload', () => {
  test('50 rows with 3 invalid queue 47 callbacks, the report lists the 3, and a re-upload calls nobody twice', async ({
    signedInPage: page,
  }) => {
    test.setTimeout(90_000);
    const saves: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/v1/actions/schedule-callback'))
        saves.push(r.headers()['idempotency-key'] ?? '');
    });
    await page.goto('/calling');
    const bulk = page.getByRole('region', { name: 'Bulk upload' });
    // While1 has no request budget, so 47 rows go out back to back.
    await bulk.getByLabel('Source').selectOption('callbacks');
    await bulk.getByLabel('Country of national numbers').selectOption('RO');
    const file = {
      name: 'callbacks.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(callbacksCsv()),
    };
    await bulk.getByLabel('CSV file').setInputFiles(file);

    await expect(bulk.getByText(/50 rows — 47 ready, 3 with problems/)).toBeVisible();
    const invalid = bulk.getByRole('table', { name: '3 rows will not be sent' });
    await expect(invalid.locator('tbody tr')).toHaveCount(3);
    await expect(invalid.locator('tbody tr').nth(0)).toContainText(
      '0721 55 is not a valid phone number',
    );
    await expect(invalid.locator('tbody tr').nth(1)).toContainText('name is missing');
    await expect(invalid.locator('tbody tr').nth(2)).toContainText('is not a date and time');

    await bulk.getByRole('button', { name: 'Place 47 callbacks' }).click();
    await expect(bulk.getByText('47 of 47 sent — finished')).toBeVisible({ timeout: 60_000 });
    await expect(bulk.getByRole('progressbar', { name: 'Bulk progress' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    const report = bulk.getByRole('table', { name: 'Bulk report' });
    await expect(report.locator('tbody tr')).toHaveCount(50);
    await expect(report.locator('tr[data-outcome="queued"]')).toHaveCount(47);
    const invalidRows = report.locator('tr[data-outcome="invalid"]');
    await expect(invalidRows).toHaveCount(3);
    await expect(invalidRows.locator('td:first-child')).toHaveText(['5', '20', '33']);
    expect(saves).toHaveLength(47);
    expect(new Set(saves).size).toBe(47);

    const download = page.waitForEvent('download');
    await bulk.getByRole('button', { name: 'Download report' }).click();
    const csv = await (await (await download).createReadStream()).toArray();
    const text = Buffer.concat(csv as Buffer[]).toString('utf8');
    expect(text.split(/\r?\n/)[0]).toBe('row,number,outcome,entryId,message');
    expect(text.split(/\r?\n/).filter((l) => l.includes(',invalid,'))).toHaveLength(3);

    // The same file again: the same row keys, so the gateway answers from its store.
    await bulk.getByLabel('CSV file').setInputFiles([]);
    await bulk.getByLabel('CSV file').setInputFiles(file);
    await bulk.getByRole('button', { name: 'Place 47 callbacks' }).click();
    await expect(bulk.getByText('47 of 47 sent — finished')).toBeVisible({ timeout: 30_000 });
    await expect(report.locator('tr[data-outcome="already placed"]')).toHaveCount(47);
    expect(saves.slice(47)).toEqual(saves.slice(0, 47));
  });
});
