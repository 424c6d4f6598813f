import type { Page } from '@playwright/test';
import { API } from '../contract/api';
import { CampaignHistoryResponse, CampaignsResponse, type CampaignProgress } from '../contract/campaign';
import { ENTRY_STATUS_LABELS, EntriesPage as EntriesPageSchema, EntryStatus } from '../contract/entry';
import type { Source } from '../contract/source';
import { apiSources } from './support/agents-page';
import { CampaignPage } from './support/campaign-page';
import { createUser } from './support/users';
import { expect, test } from './fixtures/test';

// Issue 7's last "Done when": on a campaign's page, clicking a segment of the status chart opens
// that campaign's entries of that status. The gateway samples a campaign's counts as it polls
// (at most one sample a minute), and the chart needs two samples: right after the e2e server
// starts that takes up to a minute, so the test waits for the gateway's history, not a clock.

const isStatus = (s: string): s is EntryStatus => EntryStatus.safeParse(s).success;

/** The direction a campaign's entries are listed under: outbound where the source has it. */
const campaignDirection = (source: Source) =>
  source.capabilities.entries!.directions.includes('outbound') ? 'outbound' : source.capabilities.entries!.directions[0]!;

/** Every row of the entries table as { column header: cell text }, read in one go. */
async function tableRows(page: Page): Promise<Array<Record<string, string>>> {
  await expect(page.getByRole('status', { name: 'Loading entries' })).toHaveCount(0);
  await expect(page.locator('table[aria-busy="true"]')).toHaveCount(0);
  return page.getByRole('table').evaluate((table) => {
    const headers = [...table.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim());
    return [...table.querySelectorAll('tbody tr[data-entry-id]')].map((tr) => {
      const row: Record<string, string> = {};
      [...tr.children].forEach((cell, i) => (row[headers[i] ?? String(i)] = (cell.textContent ?? '').trim()));
      return row;
    });
  });
}

/**
 * Runs `open` (a click that navigates to /entries) and checks the Entries page it lands on: the
 * URL, the request the page sent, the filter controls, and every row on screen.
 */
async function expectCampaignEntries(
  page: Page,
  campaign: CampaignProgress,
  source: Source,
  status: EntryStatus,
  open: () => Promise<void>,
): Promise<void> {
  const direction = campaignDirection(source);
  // The Entries page's own request: the campaign page asks for failed entries of the campaign
  // too (its failure breakdown), so only a request sent once the address is /entries counts.
  const requested = page.waitForRequest((r) => {
    const url = new URL(r.url());
    return (
      url.pathname === API.entries &&
      new URL(page.url()).pathname === '/entries' &&
      url.searchParams.get('campaign') === campaign.vendorId &&
      url.searchParams.get('status') === status
    );
  });
  await open();

  await expect(page).toHaveURL(/\/entries\?/);
  const search = new URL(page.url()).searchParams;
  expect(Object.fromEntries(search)).toEqual({ source: source.id, direction, campaign: campaign.vendorId, status });
  await expect(page.getByRole('heading', { level: 1, name: 'Entries' })).toBeVisible();

  // The page asked the gateway for exactly this, and got only such entries back.
  const res = await (await requested).response();
  expect(res?.status(), res?.url()).toBe(200);
  const sent = new URL(res!.url()).searchParams;
  expect([sent.get('source'), sent.get('direction')]).toEqual([source.id, direction]);
  const body = EntriesPageSchema.parse(await res!.json());
  expect(body.items.length, `${status} entries of ${campaign.name}`).toBeGreaterThan(0);
  for (const e of body.items) expect([e.status, e.campaignId]).toEqual([status, campaign.vendorId]);

  // The filter controls say what is applied.
  await expect(page.getByLabel('Source', { exact: true })).toHaveValue(source.id);
  await expect(page.getByRole('button', { name: /^Status\b/ })).toHaveAccessibleName(`Status ${ENTRY_STATUS_LABELS[status]}`);
  await expect(page.getByLabel('Campaign', { exact: true })).toHaveValue(campaign.vendorId);

  // Every row on screen is one of this campaign's entries in this status.
  const rows = await tableRows(page);
  expect(rows.length).toBeGreaterThan(0);
  // The table's Campaign column shows the entry's campaign name, or its id where it has none.
  const campaignShown = body.items[0]!.campaignName ?? body.items[0]!.campaignId;
  for (const row of rows) {
    expect(row.Status).toBe(ENTRY_STATUS_LABELS[status]);
    expect(row.Campaign).toBe(campaignShown);
  }
}

test.describe('Campaign chart', () => {
  test('clicking a segment of the status chart opens that campaign’s entries of that status; so does the legend', async ({
    signedInPage: page,
    appShell,
    signInPage,
    axe,
  }, testInfo) => {
    test.setTimeout(180_000);
    // The admin creates a campaign manager, who follows campaigns in this same browser.
    const manager = await createUser(page.request, 'campaign_manager', testInfo);
    await appShell.signOut();
    await signInPage.expectVisible();
    await signInPage.signIn(manager.username, manager.password);
    await appShell.expectSignedIn(manager.username);

    const sources = await apiSources(page);
    // Sources whose entries filter by campaign and status: their chart segments are links.
    const linked = new Map(
      sources
        .filter((s) => s.capabilities.campaigns)
        .filter((s) => (['campaign', 'status'] as const).every((f) => s.capabilities.entries?.filters.includes(f)))
        .map((s) => [s.id, s]),
    );
    expect(linked.size, 'a source with campaigns whose entries filter by campaign and status').toBeGreaterThan(0);

    // A campaign the gateway has sampled at least twice, with the statuses its latest sample counts.
    let picked: { campaign: CampaignProgress; latest: Record<string, number> } | undefined;
    await expect
      .poll(
        async () => {
          const res = await page.request.get(API.campaigns);
          const campaigns = CampaignsResponse.parse(await res.json()).items.filter((c) => linked.has(c.sourceId));
          for (const campaign of campaigns) {
            const h = await page.request.get(`${API.campaigns}/${encodeURIComponent(campaign.id)}/history`);
            if (!h.ok()) continue;
            const points = CampaignHistoryResponse.parse(await h.json()).points;
            const latest = points.at(-1)?.counts ?? {};
            const statuses = Object.keys(latest).filter((k) => isStatus(k) && latest[k]! > 0);
            if (points.length >= 2 && statuses.length >= 2) {
              picked = { campaign, latest };
              return true;
            }
          }
          return false;
        },
        { timeout: 120_000, intervals: [1_000, 2_000, 5_000], message: 'a campaign with two samples of history' },
      )
      .toBe(true);
    const { campaign, latest } = picked!;
    const source = linked.get(campaign.sourceId)!;
    const counted = Object.entries(latest)
      .filter((e): e is [EntryStatus, number] => isStatus(e[0]) && e[1] > 0)
      .sort((a, b) => b[1] - a[1]);
    // The largest segment is the easiest to hit; the legend takes another status, a settled one
    // if there is one (open statuses can empty between the sample and the click).
    const chartStatus = counted[0]![0];
    const settled = ['failed', 'cancelled', 'completed', 'expired', 'deleted', 'pending'];
    const legendStatus = (counted.find(([s]) => s !== chartStatus && settled.includes(s)) ?? counted[1]!)[0];
    test.info().annotations.push({
      type: 'campaign',
      description: `${campaign.id}: chart → ${chartStatus}, legend → ${legendStatus}`,
    });

    // From the campaigns list to the campaign.
    await page.goto('/campaigns');
    await page.getByRole('article', { name: campaign.name, exact: true }).getByRole('link', { name: campaign.name, exact: true }).click();
    const campaignPage = new CampaignPage(page);
    await expect(page.getByRole('heading', { level: 1, name: campaign.name, exact: true })).toBeVisible();
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(`/campaigns/${campaign.id}`);
    await expect(campaignPage.chart).toBeVisible();
    await expect(campaignPage.area(chartStatus)).toHaveCount(1);
    await expect(campaignPage.legendLink(ENTRY_STATUS_LABELS[legendStatus])).toBeVisible();
    await axe();

    // 1. A real mouse click on the status's area.
    await expectCampaignEntries(page, campaign, source, chartStatus, () => campaignPage.clickArea(chartStatus));

    // 2. Back, and the legend's link of another status.
    await page.goBack();
    await expect(campaignPage.legend).toBeVisible();
    const link = campaignPage.legendLink(ENTRY_STATUS_LABELS[legendStatus]);
    await expect(link).toBeVisible();
    await expectCampaignEntries(page, campaign, source, legendStatus, () => link.click());
  });
});
