/**
 * First load. Budget (docs/performance.md), production build on loopback: "initial JS ≤ 180
 * KB gzip (charts, tables and forms load lazily); wallboard visible ≤ 1 s".
 *
 *   node --import tsx bench/first-load.ts [--loads 10] [--port 8600] [--seed 42]
 *     [--out bench/RESULTS.md] [--no-write]
 *
 * Initial JS: the module script and the modulepreload chunks that dist/index.html loads, each
 * gzipped at level 9 (node:zlib) and listed; KB = 1,000 bytes.
 *
 * Wallboard visible: the product starts as `npm start` does (`node --import tsx scripts/start.ts`,
 * embedded simulator, the gateway serving dist/, which start.ts rebuilds first when it is stale) on
 * a free port ≥ 8600 with an empty data dir. An admin signs in and creates a display of the Support
 * and Sales queues through the API (as e2e/wallboard.spec.ts does). Then `--loads` cold loads of
 * each of: the display URL /wallboard/d/<token> (a TV: a fresh browser context, no cookies, an
 * empty cache) and the signed-in /wallboard (a fresh context, signed in through the API so no asset
 * is cached). "Visible" is measured in the page, from navigation start (performance.now()'s origin):
 * a MutationObserver installed before the app runs waits until every expected queue tile (an
 * `article` with its queue name, rendered only with data) is in the document with a non-empty box,
 * and the time is taken two requestAnimationFrames later (the frame holding them painted). The
 * expected count is the display's queues, and for /wallboard the tiles of one warm load made first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import type { Browser, BrowserContext } from '@playwright/test';
import { createDisplay } from './lib/live-screens';
import {
  ADMIN_PASSWORD,
  CHROMIUM,
  freePort,
  launchChromium,
  loadavg,
  root,
  signIn,
  startProduct,
  stopProduct,
  type Product,
} from './lib/product';
import { freeG, machineLine, writeSection } from './lib/results';
import { median, ms } from './lib/stats';

const HEADING = 'First load';
const JS_BUDGET_KB = 180;
const VISIBLE_BUDGET_MS = 1000;

const { values: opt } = parseArgs({
  options: {
    loads: { type: 'string', default: '10' },
    port: { type: 'string', default: '8600' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'bench/RESULTS.md' },
    'no-write': { type: 'boolean', default: false },
  },
});
const LOADS = Number(opt.loads);
const FIRST_PORT = Number(opt.port);
if (![LOADS, FIRST_PORT].every(Number.isFinite) || LOADS < 1 || FIRST_PORT < 8600) {
  console.error('bad arguments (ports ≥ 8600); see the header of bench/first-load.ts');
  process.exit(2);
}
const outFile = path.resolve(root, opt.out);
const COMMAND =
  process.env.BENCH_COMMAND ??
  ['node --import tsx bench/first-load.ts', ...process.argv.slice(2)].join(' ');
const dist = path.join(root, 'dist');

// ------------------------------------------------------------------------------ initial JS

interface JsFile {
  file: string;
  how: 'script' | 'modulepreload';
  bytes: number;
  gzip: number;
}

/** The JS that dist/index.html loads before any route: its module script and modulepreloads. */
function initialJs(): JsFile[] {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const out: JsFile[] = [];
  const add = (href: string, how: JsFile['how']) => {
    const file = path.join(dist, href.replace(/^\//, ''));
    const buf = fs.readFileSync(file);
    out.push({ file: href, how, bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length });
  };
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"[^>]*>/g))
    add(m[1] as string, 'script');
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
    if (href) add(href, 'modulepreload');
  }
  if (out.length === 0) throw new Error('dist/index.html loads no script');
  return out;
}

// ------------------------------------------------------------------------------ visible

/* Plain JavaScript handed to the page as text (see bench/entries-page.ts for why). */
const PROBE = `(() => {
  const fl = (window.__fl = { expected: Number(sessionStorage.getItem('qd-fl-expected') || '1'), ready: null, visible: null, tiles: 0 });
  const check = () => {
    if (fl.ready !== null) return;
    const tiles = [...document.querySelectorAll('article')].filter((a) => {
      const r = a.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && a.textContent.trim().length > 0;
    });
    fl.tiles = tiles.length;
    if (tiles.length < fl.expected) return;
    fl.ready = performance.now();
    mo.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => { fl.visible = performance.now(); }));
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { subtree: true, childList: true });
})();`;

interface Load {
  visible: number;
  ready: number;
  responseEnd: number;
  domContentLoaded: number;
  fcp: number;
  tiles: number;
}

async function coldLoad(
  browser: Browser,
  url: string,
  expected: number,
  signInFirst: Product | null,
): Promise<Load> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
  });
  try {
    await context.addInitScript({
      content: `sessionStorage.setItem('qd-fl-expected', '${expected}');\n${PROBE}`,
    });
    if (signInFirst) {
      const res = await context.request.post(`${signInFirst.url}/api/v1/auth/login`, {
        headers: { 'x-queuedeck-csrf': '1' },
        data: { username: 'admin', password: ADMIN_PASSWORD },
      });
      if (!res.ok()) throw new Error(`sign-in: ${res.status()} ${await res.text()}`);
    }
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(
      () => (window as unknown as { __fl: { visible: number | null } }).__fl.visible !== null,
      null,
      { timeout: 30_000, polling: 100 },
    );
    return await page.evaluate(() => {
      const fl = (window as unknown as { __fl: { visible: number; ready: number; tiles: number } })
        .__fl;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        visible: fl.visible,
        ready: fl.ready,
        tiles: fl.tiles,
        responseEnd: nav.responseEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
        fcp: fcp ? fcp.startTime : Number.NaN,
      };
    });
  } finally {
    await context.close().catch(() => {});
  }
}

/** Tiles a signed-in /wallboard shows once settled (a warm, untimed load). */
async function settledTiles(browser: Browser, product: Product): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    await signIn(page, product.url);
    await page.goto(`${product.url}/wallboard`);
    await page.locator('article').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3000);
    return await page.locator('article').count();
  } finally {
    await context.close().catch(() => {});
  }
}

const minOf = (v: readonly number[]) => Math.min(...v);
const maxOf = (v: readonly number[]) => Math.max(...v);
const medMinMax = (v: readonly number[]) => `${ms(median(v))} (${ms(minOf(v))}–${ms(maxOf(v))})`;
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

let running: Product | null = null;
process.on('exit', () => running?.child.kill('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    running?.child.kill('SIGKILL');
    process.exit(130);
  });

async function main(): Promise<void> {
  const startedAt = new Date();
  const load0 = loadavg();
  const busy0 = os.loadavg()[0] ?? 0;
  const port = await freePort(FIRST_PORT);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'queuedeck-bench-first-load-'));
  console.log(`Starting the product on port ${port}…`);
  const product = await startProduct(port, dataDir, { QUEUEDECK_SIM_SEED: opt.seed });
  running = product;
  let browser: Browser | null = null;
  try {
    // After start: start.ts rebuilds a stale dist/ first, so the sizes are of what is served.
    const js = initialJs();
    const jsGzip = js.reduce((n, f) => n + f.gzip, 0);
    const jsRaw = js.reduce((n, f) => n + f.bytes, 0);
    console.log(`  initial JS: ${js.length} files, ${kb(jsRaw)} KB, ${kb(jsGzip)} KB gzip -9`);

    browser = await launchChromium();
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await signIn(adminPage, product.url);
    const display = await createDisplay(adminPage.request, product.url, 'First-load TV');
    await admin.close();
    const signedInTiles = await settledTiles(browser, product);
    console.log(
      `  display of ${display.queueIds.length} queues (${display.path}); signed-in /wallboard shows ${signedInTiles} tiles`,
    );

    const kinds = [
      {
        key: 'display',
        label: `Display URL \`/wallboard/d/<token>\` (${display.queueIds.length} queues, no cookies)`,
        url: `${product.url}${display.path}`,
        expected: display.queueIds.length,
        signIn: null as Product | null,
      },
      {
        key: 'signed-in',
        label: `Signed-in \`/wallboard\` (${signedInTiles} queue tiles)`,
        url: `${product.url}/wallboard`,
        expected: signedInTiles,
        signIn: product as Product | null,
      },
    ];
    const loads = new Map<string, Load[]>();
    // Interleaved, so a burst of load on the machine spoils both kinds alike.
    for (let i = 0; i < LOADS; i++) {
      for (const k of kinds) {
        const l = await coldLoad(browser, k.url, k.expected, k.signIn);
        loads.set(k.key, [...(loads.get(k.key) ?? []), l]);
        console.log(
          `  ${k.key.padEnd(9)} #${i + 1}: visible ${ms(l.visible)} ms (FCP ${ms(l.fcp)}, DCL ${ms(l.domContentLoaded)}, ${l.tiles} tiles)`,
        );
      }
    }
    const chromiumVersion = browser.version();
    await browser.close();
    browser = null;
    const endedAt = new Date();

    // ------------------------------------------------------------------------------ report
    const cpus = os.availableParallelism();
    const busy1 = os.loadavg()[0] ?? 0;
    const busyNote =
      Math.max(busy0, busy1) > cpus
        ? `\n- **Busy machine**: the 1-minute load average was ${busy0.toFixed(1)} at the start and ${busy1.toFixed(1)} at the end on ${cpus} CPUs, so other processes competed with the gateway and Chromium for the cores: the load times below are inflated, tails most of all. Rerun on a quiet machine before reading these as the product's figures.`
        : '';
    const jsOk = jsGzip / 1000 <= JS_BUDGET_KB;
    const visRows = kinds.map((k) => {
      const l = loads.get(k.key) ?? [];
      const vis = l.map((x) => x.visible);
      const ok = median(vis) <= VISIBLE_BUDGET_MS;
      return `| ${k.label} | ${l.length} | ${medMinMax(vis)} | ${medMinMax(l.map((x) => x.fcp))} | ${medMinMax(l.map((x) => x.domContentLoaded))} | ${medMinMax(l.map((x) => x.responseEnd))} | ${ok ? 'yes' : '**no**'} |`;
    });
    const visOk = kinds.every(
      (k) => median((loads.get(k.key) ?? []).map((x) => x.visible)) <= VISIBLE_BUDGET_MS,
    );
    const summaryLine = `initial JS of the production build (gzip -9) against 180 KB, and cold loads of the wallboard (display URL and signed-in) to queue tiles painted against 1 s (\`bench/first-load.ts\`).`;
    const body = `
Measures the first load of the production build against docs/performance.md's budget: **initial JS ≤
${JS_BUDGET_KB} KB gzip (charts, tables and forms load lazily); wallboard visible ≤ 1 s** (loopback).
Initial JS: **${kb(jsGzip)} KB gzip** (${jsOk ? 'within' : '**over**'} the budget). Wallboard visible:
${visOk ? 'within 1 s (median) for both' : '**over 1 s (median)** for at least one kind'}.

- **Command**: \`${COMMAND}\` (this benchmark alone: \`node --import tsx bench/first-load.ts\`)
- **Run**: ${startedAt.toISOString()} → ${endedAt.toISOString()} on ${machineLine()}; Chromium ${chromiumVersion} (\`${CHROMIUM}\`, headless, docs/performance.md flags); load average (1 / 5 / 15 min) ${load0} at the start, ${loadavg()} at the end${busyNote}
- **Setup**: \`node --import tsx scripts/start.ts\` (what \`npm start\` runs) with \`QUEUEDECK_SIM_SEED=${opt.seed}\`, an empty data dir, on 127.0.0.1:${port}; ready in ${(product.startMs / 1000).toFixed(1)} s${product.built ? ' (dist/ was stale and was rebuilt first)' : ' (dist/ was up to date)'}. An admin created the display "First-load TV" of ${display.queueIds.length} Support and Sales queues through the API. Viewport 1920×1080.
- **Method**: initial JS = the \`<script type="module">\` and \`<link rel="modulepreload">\` files of \`dist/index.html\`, each gzipped with node:zlib at level 9 (KB = 1,000 bytes; route chunks, CSS and fonts not counted). Visible: ${LOADS} cold loads of each kind, interleaved, each in a fresh browser context (empty cache; the signed-in kind signs in through \`POST /api/v1/auth/login\` first, so no asset is cached). An init script's MutationObserver waits for every expected queue tile (\`article\` with text and a non-empty box, rendered only with data) and takes \`performance.now()\` (origin: navigation start) two requestAnimationFrames later. FCP and DOMContentLoaded from the paint and navigation timing entries. Median (min–max).

### Initial JS

| file | loaded as | bytes | gzip -9 bytes |
| --- | --- | --: | --: |
${js.map((f) => `| \`${f.file}\` | ${f.how} | ${f.bytes.toLocaleString('en')} | ${f.gzip.toLocaleString('en')} |`).join('\n')}
| **total** (${js.length} files) | | ${jsRaw.toLocaleString('en')} | **${jsGzip.toLocaleString('en')}** (${kb(jsGzip)} KB; budget ${JS_BUDGET_KB} KB: ${jsOk ? 'yes' : '**no**'}) |

### Navigation start to queue tiles painted (ms)

| page | loads | visible median (min–max) | first contentful paint | DOMContentLoaded | document response end | median ≤ 1 s |
| --- | --: | --: | --: | --: | --: | :-: |
${visRows.join('\n')}

\`free -g\` at the run:

\`\`\`
${freeG()}
\`\`\`
`;
    for (const k of kinds) {
      const vis = (loads.get(k.key) ?? []).map((x) => x.visible);
      console.log(`${k.key}: visible median ${medMinMax(vis)} ms`);
    }
    console.log(`initial JS ${kb(jsGzip)} KB gzip (budget ${JS_BUDGET_KB})`);
    if (!opt['no-write']) {
      await writeSection(outFile, HEADING, summaryLine, body);
      console.log(`Wrote "## ${HEADING}" in ${path.relative(root, outFile) || outFile}`);
    }
  } finally {
    await browser?.close().catch(() => {});
    await stopProduct(product);
    running = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
