import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';

/**
 * What the browser benchmarks share: the product started as `npm start` starts it (embedded
 * simulator, gateway serving the production build in dist/), the system Chromium with
 * docs/performance.md's flags, and signing in as a person would.
 */

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const ADMIN_PASSWORD = 'bench-admin-password-1';

/** docs/performance.md: gc exposed, no background throttling of timers or renderers. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--js-flags=--expose-gc',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export const sleep = (msec: number) => new Promise<void>((r) => setTimeout(r, msec));

/** The first port from `from` on that nobody listens on (loopback). */
export function freePort(from: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const tryPort = (port: number) => {
      if (port > from + 200) return reject(new Error(`no free port in ${from}–${from + 200}`));
      const srv = net.createServer();
      srv.once('error', () => tryPort(port + 1));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(port)));
    };
    tryPort(from);
  });
}

export interface Product {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:8500 */
  url: string;
  /** The simulator's base URL (its `/__sim/` control API lives there). */
  simUrl: string;
  /** True when start.ts rebuilt dist/ first (the build was missing or stale). */
  built: boolean;
  startMs: number;
}

/**
 * `node --import tsx scripts/start.ts` (what `npm start` runs) on 127.0.0.1:`port` with `dataDir`,
 * the bench admin password and `env` on top (QUEUEDECK_SIM_AGENTS, QUEUEDECK_SIM_SPEED,
 * QUEUEDECK_SIM_ENTRIES, QUEUEDECK_POLL_SECONDS, …). Resolves when the gateway says it is running.
 */
export function startProduct(
  port: number,
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 300_000,
): Promise<Product> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      QUEUEDECK_DATA_DIR: dataDir,
      QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      QUEUEDECK_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let built = false;
    const timer = setTimeout(
      () => reject(new Error(`product did not start in ${timeoutMs / 1000} s:\n${out}`)),
      timeoutMs,
    );
    const onData = (b: Buffer) => {
      const s = b.toString();
      out += s;
      if (/Building the dashboard/.test(s)) built = true;
      const m = /Queuedeck is running at (\S+)/.exec(out);
      const sim = /Simulator: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({
          child,
          url: m[1] as string,
          simUrl: sim?.[1] ?? '',
          built,
          startMs: performance.now() - t0,
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => {
      out += b.toString();
      process.stderr.write(b);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`product exited (${code}) before it was ready:\n${out}`));
    });
  });
}

export function stopProduct(p: Product): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve();
    const force = setTimeout(() => p.child.kill('SIGKILL'), 8000);
    p.child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    p.child.kill('SIGTERM');
  });
}

/** Chromium with docs/performance.md's flags; `jsFlags` are added to V8's (the soak's compilers-off control). */
export function launchChromium(jsFlags: readonly string[] = []): Promise<Browser> {
  const args = CHROMIUM_ARGS.map((a) => (a.startsWith('--js-flags=') && jsFlags.length ? `${a} ${jsFlags.join(' ')}` : a));
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/** Signs in on the sign-in page as a person would and waits to leave it. */
export async function signIn(
  page: Page,
  baseUrl: string,
  username = 'admin',
  password = ADMIN_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 30_000 });
}

/** "1.23 / 0.98 / 0.75": the load averages, to show how busy the machine was. */
export function loadavg(): string {
  return os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(' / ');
}
