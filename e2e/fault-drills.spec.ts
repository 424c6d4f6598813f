import type { Browser, Page } from '@playwright/test';
import { signIn } from '../bench/lib/product';
import { createDisplay } from '../bench/lib/live-screens';
import {
  faultModes,
  runDrill,
  watchCrashes,
  type CrashWatch,
  type DrillPages,
} from '../bench/lib/drills';
import {
  startPrivateProduct,
  stopPrivateProduct,
  type PrivateProduct,
} from './support/private-product';
import { expect, test as base } from './fixtures/test';

// Issue 8, the short form of bench/fault-drills.ts: every simulator fault mode with a wallboard
// display and /agents open. Judged by booleans, never by absolute times (the machine is shared):
// the Stale badge shows on both pages and clears after the fault, no page error, and the queue
// action issued during the fault is applied exactly once (or refused, not applied, and applied
// by the retry). Faults are global to a simulator: this file runs on a product of its own.

interface Drill extends DrillPages {
  watch: CrashWatch;
}

const test = base.extend<object, { drillProduct: PrivateProduct; drill: Drill }>({
  drillProduct: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const product = await startPrivateProduct({ QUEUEDECK_POLL_SECONDS: '1' });
      try {
        await use(product);
      } finally {
        await stopPrivateProduct(product);
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  drill: [
    async ({ drillProduct: product, browser }, use) => {
      const { agents, wallboard } = await openPages(browser, product);
      await use({
        wallboard,
        agents,
        request: agents.request,
        baseUrl: product.url,
        simUrl: product.simUrl,
        sourcePollMs: 1000,
        clientPollMs: 1000,
        watch: watchCrashes([wallboard, agents]),
      });
      await wallboard.context().close();
      await agents.context().close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

async function openPages(
  browser: Browser,
  product: PrivateProduct,
): Promise<{ agents: Page; wallboard: Page }> {
  const agents = await (await browser.newContext({ baseURL: product.url })).newPage();
  await signIn(agents, product.url, 'admin', product.adminPassword);
  const display = await createDisplay(agents.request, product.url, 'Drill TV', 6);
  await agents.goto('/agents');
  await expect(agents.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
  const wallboard = await (
    await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  ).newPage();
  await wallboard.goto(`${product.url}${display.path}`);
  await expect(wallboard.getByRole('article').first()).toBeVisible({ timeout: 30_000 });
  return { agents, wallboard };
}

test.describe('Fault drills', () => {
  for (const mode of faultModes({ latencyMs: 3000, retryAfterSeconds: 2 })) {
    test(`${mode.name}: stale on both screens, fresh after, no page error, the action applied once`, async ({
      drill,
    }, testInfo) => {
      test.setTimeout(90_000);
      const r = await runDrill(drill, mode, drill.watch, { windowMs: 30_000 });
      await testInfo.attach('drill.json', {
        body: JSON.stringify(r, null, 2),
        contentType: 'application/json',
      });
      if (mode.expectStale) {
        expect(r.staleMs[0], 'the wallboard shows a Stale badge').not.toBeNull();
        expect(r.staleMs[1], '/agents shows a Stale badge').not.toBeNull();
      }
      expect(r.freshMs[0], 'the wallboard is fresh again').not.toBeNull();
      expect(r.freshMs[1], '/agents is fresh again').not.toBeNull();
      expect(r.pageErrors, 'no page error').toEqual([]);
      expect(r.crashes, 'no renderer crash').toBe(0);
      expect(r.errorScreen, 'no error screen').toBe(false);
      expect(r.unresponsive, 'both pages still answer').toBe(false);
      expect(r.action.ok, `the action: ${r.action.outcome}`).toBe(true);
      expect(r.action.finalApplied, 'the vendor has the change').toBe(true);
      if (!r.action.duringFault.ok && mode.name !== 'hangs') {
        expect(r.action.appliedAfterRecovery, 'a refused action was not applied').toBe(false);
      }
    });
  }
});
