import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { QueuesResponse, type Queue } from '../contract/queue';
import { startSimulator } from '../simulator/server';
import { E2E_SIM_SEED } from './support/credentials';
import { expect, test } from './fixtures/test';

/** Reads one queue card's stats as shown, by their visible labels. */
async function cardStats(page: Page, name: string): Promise<Record<string, string>> {
  const card = page.getByRole('article', { name, exact: true });
  const terms = await card.locator('dt').allInnerTexts();
  const values = await card.locator('dd').allInnerTexts();
  return Object.fromEntries(terms.map((t, i) => [t.trim(), (values[i] ?? '').trim()]));
}

async function apiQueues(page: Page): Promise<Queue[]> {
  const res = await page.request.get('/api/v1/queues');
  expect(res.status()).toBe(200);
  return QueuesResponse.parse(await res.json()).items;
}

test.describe('Queues', () => {
  test('shows every queue with the numbers the gateway serves, and they move with the day', async ({
    signedInPage: page,
    axe,
  }) => {
    await expect(page.getByRole('heading', { level: 1, name: 'Queues' })).toBeVisible();
    const queues = await apiQueues(page);
    expect(queues.length).toBeGreaterThanOrEqual(3);
    for (const q of queues) await expect(page.getByRole('article', { name: q.name, exact: true })).toBeVisible();

    // The page polls every 2 s and the floor moves fast: compare the screen with the very answer
    // the page itself received (a 200; an unchanged snapshot is a 304 with nothing new to show).
    const seen = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const res = await page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/queues' && r.status() === 200,
        { timeout: 15_000 },
      );
      const api = QueuesResponse.parse(await res.json()).items;
      await expect(async () => {
        for (const q of api) {
          const shown = await cardStats(page, q.name);
          expect(shown['Calls waiting']).toBe(String(q.live.waiting));
          expect(shown['Agents logged in']).toBe(String(q.live.agentsLoggedIn));
          expect(shown['Agents available']).toBe(String(q.live.agentsAvailable));
          if (q.live.waiting === 0) expect(shown['Longest wait']).toBe('—');
        }
      }).toPass({ timeout: 1500, intervals: [50, 100, 200] });
      seen.add(JSON.stringify(api.map((q) => q.live)));
    }
    // The simulated floor runs at ×20 here: over a few polls the numbers change.
    expect(seen.size).toBeGreaterThan(1);

    await expect(page.getByText(/updated \d+ s ago|updated just now/i).first()).toBeVisible();
    await axe();
  });

  test('no vendor credential reaches the browser or the production build', async ({ page, signInPage }) => {
    const sim = await startSimulator({ seed: E2E_SIM_SEED, clock: 'manual', port: 0 });
    const { fonouc } = sim.credentials;
    await sim.close();
    const secrets = [fonouc.password, fonouc.accountId];

    const bodies: string[] = [];
    page.on('response', async (res) => {
      try {
        bodies.push(JSON.stringify(res.headers()), await res.text());
      } catch {
        // redirects and aborted requests have no body
      }
    });
    await signInPage.goto();
    await signInPage.signIn('admin', 'e2e-admin-password-1');
    await expect(page.getByRole('heading', { level: 1, name: 'Queues' })).toBeVisible();
    for (const path of ['/api/v1/queues', '/api/v1/agents', '/api/v1/calls', '/api/v1/sources', '/api/v1/auth/me']) {
      const res = await page.request.get(path);
      bodies.push(JSON.stringify(res.headers()), await res.text());
    }
    expect(bodies.length).toBeGreaterThan(10);
    const all = bodies.join('\n');
    for (const s of secrets) expect(all).not.toContain(s);

    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk('dist');
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    for (const f of files) {
      const text = readFileSync(f, 'latin1');
      for (const s of secrets) expect(text, f).not.toContain(s);
      expect(text, f).not.toMatch(/x-account-id|\/api\/v2\/login/i);
    }
  });
});
