import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { ADMIN, E2E_SIM_SEED } from './e2e/support/credentials';

// E2E_PORT lets two runs (say, CI and a developer's) share a machine.
const PORT = Number(process.env.E2E_PORT ?? 8199);
const HOST = '127.0.0.1';
const baseURL = `http://${HOST}:${PORT}`;

// Every run gets an empty data dir, so the gateway seeds the admin from QUEUEDECK_ADMIN_PASSWORD
// and no session, audit row or idempotency key leaks between runs. Not under test-results/:
// Playwright empties its output dir after loading this file, before it starts the web server.
// Workers load this file too; they inherit the env var and so reuse the runner's directory.
function e2eDataDir(): string {
  const existing = process.env.QUEUEDECK_E2E_DATA_DIR;
  if (existing) return existing;
  const dir = mkdtempSync(path.join(tmpdir(), 'queuedeck-e2e-data-'));
  process.env.QUEUEDECK_E2E_DATA_DIR = dir;
  // Kept after a failed run, for the post-mortem.
  process.on('exit', (code) => {
    if (code === 0) rmSync(dir, { recursive: true, force: true });
    else console.error(`e2e gateway data kept in ${dir}`);
  });
  return dir;
}
const dataDir = e2eDataDir();

const isCI = !!process.env.CI;

// Chromium on a machine with no network: without these it retries refused connections (updates,
// sync, safe browsing, QUIC) and spams the log; the sandbox needs privileges CI (root) lacks.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  // Two cores, shared with the gateway and the simulator under test.
  workers: isCI ? 1 : 2,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    headless: true,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
      },
    },
  ],
  webServer: {
    // The real product: gateway + embedded simulator + the built SPA (npm run test:e2e builds it).
    command: 'node --import tsx scripts/start.ts',
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: {
      PORT: String(PORT),
      HOST,
      QUEUEDECK_DATA_DIR: dataDir,
      QUEUEDECK_ADMIN_PASSWORD: ADMIN.password,
      QUEUEDECK_SKIP_BUILD: '1',
      // A fixed seed makes the simulator's credentials known to the secret-leak test; a faster
      // clock makes the simulated day move visibly within a test.
      QUEUEDECK_SIM_SEED: String(E2E_SIM_SEED),
      QUEUEDECK_SIM_SPEED: '20',
      // Set by scripts/with-postgres.ts: the gateway then stores in that (fresh, empty) PostgreSQL
      // database instead of SQLite in dataDir. Named here so the e2e's database is never implicit.
      ...(process.env.QUEUEDECK_DATABASE_URL
        ? { QUEUEDECK_DATABASE_URL: process.env.QUEUEDECK_DATABASE_URL }
        : {}),
    },
  },
});
