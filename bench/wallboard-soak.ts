/**
 * Wallboard soak (issue 8). Budget (docs/performance.md): "10 minutes at 1 s polling: heap
 * after forced GC grows ≤ 0.25 MB from minute 2 to minute 10; DOM nodes and listeners flat".
 *
 *   node --import tsx bench/wallboard-soak.ts [--minutes 10] [--accelerated-minutes 12]
 *     [--control-minutes 10] [--speed 120] [--port 8800] [--seed 42] [--out bench/RESULTS.md] [--no-write]
 *
 * Three runs, each on a fresh product (`node --import tsx scripts/start.ts`, what `npm start` runs:
 * embedded simulator + gateway on the production build; start.ts rebuilds dist/ when stale) with
 * QUEUEDECK_POLL_SECONDS=1 (the gateway polls Support and Sales every second; the screen polls
 * the gateway every second anyway) and an empty data dir:
 *
 * 1. real time, `--minutes` long: the budget run.
 * 2. the simulator's clock at `--speed` × (QUEUEDECK_SIM_SPEED) for `--accelerated-minutes`: hours
 *    of floor time (shift changes, a day roll-over when the span crosses midnight UTC) through the
 *    same screen. Reported, and judged by the same rule from minute 2 to its end.
 * 3. a control at 1× for `--control-minutes` with V8's compilers off (no Sparkplug, Maglev or
 *    TurboFan): what grows in run 1 and not here is code compiled as functions get hot, not
 *    objects the page keeps. Run 1 also takes heap snapshots at minute 2 and its last minute and
 *    reports the growth by kind (JS objects, compiled code, V8 internals; bench/lib/heap-split.ts).
 *
 * In each, an admin signs in and creates a display of every Support and Sales queue through the
 * API (as e2e/wallboard.spec.ts does); a fresh browser context with no cookies (a TV) opens
 * /wallboard/d/<token>. At minute 0 (first data on screen) and then every minute: CDP
 * HeapProfiler.collectGarbage (twice), Performance.getMetrics JSHeapUsedSize, Memory.getDOMCounters
 * (documents, nodes, jsEventListeners). Alongside: the wallboard responses of the minute (200 / 304
 * / other), page errors, whether a Stale badge was on screen, and the simulator's clock and agents.
 *
 * Verdicts: heap(last) − heap(minute 2) ≤ 0.25 MB; DOM nodes(last) ≤ nodes(minute 2) × 1.02 + 10
 * and listeners(last) ≤ listeners(minute 2) + 5 ("flat": the board's content changes with the
 * floor, so a few nodes come and go; a leak grows every minute); documents constant; no page error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import {
  CHROMIUM,
  freePort,
  launchChromium,
  loadavg,
  root,
  signIn,
  sleep,
  startProduct,
  stopProduct,
} from './lib/product';
import { freeG, machineLine, writeSection } from './lib/results';
import {
  createDisplay,
  mb,
  memorySample,
  pageShowsStale,
  simHealth,
  simState,
  type MemorySample,
} from './lib/live-screens';
import { heapSplit, type HeapSplit } from './lib/heap-split';

const HEADING = 'Wallboard soak';
const HEAP_BUDGET_BYTES = 0.25 * 2 ** 20;
const NODE_SLACK = { ratio: 1.02, plus: 10 };
const LISTENER_SLACK = 5;

const { values: opt } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'accelerated-minutes': { type: 'string', default: '12' },
    /** A control run at 1× with V8's optimising and baseline compilers off; 0 skips it. */
    'control-minutes': { type: 'string', default: '10' },
    speed: { type: 'string', default: '120' },
    port: { type: 'string', default: '8800' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'bench/RESULTS.md' },
    'no-write': { type: 'boolean', default: false },
  },
});
const MINUTES = Number(opt.minutes);
const ACC_MINUTES = Number(opt['accelerated-minutes']);
const CONTROL_MINUTES = Number(opt['control-minutes']);
/** The control: no Sparkplug, Maglev or TurboFan, so no compiled code appears as functions get hot. */
const NO_JIT = ['--no-sparkplug', '--no-maglev', '--no-turbofan'];
const SPEED = Number(opt.speed);
const FIRST_PORT = Number(opt.port);
if (
  ![MINUTES, ACC_MINUTES, SPEED, FIRST_PORT].every(Number.isFinite) ||
  MINUTES < 3 ||
  ACC_MINUTES < 0 ||
  SPEED <= 0 ||
  FIRST_PORT < 8800
) {
  console.error(
    'bad arguments (--minutes ≥ 3, ports ≥ 8800); see the header of bench/wallboard-soak.ts',
  );
  process.exit(2);
}
const outFile = path.resolve(root, opt.out);
const COMMAND =
  process.env.BENCH_COMMAND ??
  ['node --import tsx bench/wallboard-soak.ts', ...process.argv.slice(2)].join(' ');

interface Row extends MemorySample {
  minute: number;
  /** Wallboard answers during the minute before the sample. */
  ok200: number;
  notModified: number;
  otherStatus: number;
  stale: boolean;
  simNow: string;
  /** Agents not logged out, over both live tenants. */
  agentsOn: number;
}

interface Run {
  label: string;
  speed: number;
  rows: Row[];
  pageErrors: string[];
  queues: number;
  startMs: number;
  built: boolean;
  port: number;
  jsFlags: readonly string[];
  /** Heap snapshots split by kind (bench/lib/heap-split.ts), at minute 2 and the last minute. */
  splits: { minute: number; split: HeapSplit }[];
}

async function agentsOn(simUrl: string): Promise<number> {
  const state = await simState(simUrl);
  let n = 0;
  for (const dialect of ['fonouc', 'portsip'])
    for (const t of state[dialect] ?? [])
      for (const [s, c] of Object.entries(t.agents)) if (s !== 'logged_out') n += c;
  return n;
}

async function soak(
  label: string,
  minutes: number,
  speed: number,
  { snapshots = false, jsFlags = [] }: { snapshots?: boolean; jsFlags?: readonly string[] } = {},
): Promise<Run> {
  const port = await freePort(FIRST_PORT);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'queuedeck-bench-soak-'));
  console.log(`\n${label}: starting the product on port ${port} (sim speed ${speed}×, poll 1 s)…`);
  const product = await startProduct(port, dataDir, {
    QUEUEDECK_POLL_SECONDS: '1',
    QUEUEDECK_SIM_SPEED: String(speed),
    QUEUEDECK_SIM_SEED: opt.seed,
  });
  let browser: Browser | null = null;
  try {
    browser = await launchChromium(jsFlags);
    const adminCtx = await browser.newContext();
    const admin = await adminCtx.newPage();
    await signIn(admin, product.url);
    const display = await createDisplay(admin.request, product.url, 'Soak TV');
    await adminCtx.close();

    const tvCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const tv = await tvCtx.newPage();
    const pageErrors: string[] = [];
    tv.on('pageerror', (e) => pageErrors.push(e.message));
    tv.on('crash', () => pageErrors.push('renderer crashed'));
    let ok200 = 0;
    let notModified = 0;
    let otherStatus = 0;
    tv.on('response', (r) => {
      if (!r.url().includes('/api/v1/wallboard')) return;
      const s = r.status();
      if (s === 200) ok200++;
      else if (s === 304) notModified++;
      else otherStatus++;
    });
    const cdp = await tvCtx.newCDPSession(tv);
    await cdp.send('Performance.enable');
    await tv.goto(`${product.url}${display.path}`);
    await tv.getByRole('article').first().waitFor({ timeout: 60_000 });

    const rows: Row[] = [];
    const splits: Run['splits'] = [];
    const t0 = performance.now();
    for (let minute = 0; minute <= minutes; minute++) {
      const due = t0 + minute * 60_000;
      while (performance.now() < due) await sleep(Math.min(1000, due - performance.now()));
      const stale = await pageShowsStale(tv);
      const sample = await memorySample(cdp);
      const [health, on] = await Promise.all([simHealth(product.simUrl), agentsOn(product.simUrl)]);
      const row: Row = {
        minute,
        ...sample,
        ok200,
        notModified,
        otherStatus,
        stale,
        simNow: health.now,
        agentsOn: on,
      };
      ok200 = notModified = otherStatus = 0;
      rows.push(row);
      // After the sample, so the snapshot's own allocations are not in it.
      if (snapshots && (minute === 2 || minute === minutes)) splits.push({ minute, split: await heapSplit(cdp) });
      console.log(
        `  min ${String(minute).padStart(2)}  heap ${mb(row.heapUsed)} MB  nodes ${row.nodes}  listeners ${row.jsEventListeners}  docs ${row.documents}  ` +
          `polls ${row.ok200}/${row.notModified}/${row.otherStatus}  ${stale ? 'STALE ' : ''}sim ${row.simNow.slice(0, 16)} agents on ${on}`,
      );
    }
    return {
      label,
      speed,
      rows,
      pageErrors,
      queues: display.queueIds.length,
      startMs: product.startMs,
      built: product.built,
      port,
      jsFlags,
      splits,
    };
  } finally {
    await browser?.close().catch(() => {});
    await stopProduct(product);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Verdict {
  heapGrowth: number;
  heapOk: boolean;
  nodesOk: boolean;
  listenersOk: boolean;
  docsOk: boolean;
  errorsOk: boolean;
  ok: boolean;
  from: Row;
  to: Row;
}

function judge(run: Run): Verdict {
  const from = run.rows.find((r) => r.minute === 2) ?? (run.rows[0] as Row);
  const to = run.rows.at(-1) as Row;
  const heapGrowth = to.heapUsed - from.heapUsed;
  const heapOk = heapGrowth <= HEAP_BUDGET_BYTES;
  const nodesOk = to.nodes <= from.nodes * NODE_SLACK.ratio + NODE_SLACK.plus;
  const listenersOk = to.jsEventListeners <= from.jsEventListeners + LISTENER_SLACK;
  const docsOk = run.rows.every((r) => r.minute < 2 || r.documents === from.documents);
  const errorsOk = run.pageErrors.length === 0;
  return {
    heapGrowth,
    heapOk,
    nodesOk,
    listenersOk,
    docsOk,
    errorsOk,
    ok: heapOk && nodesOk && listenersOk && docsOk && errorsOk,
    from,
    to,
  };
}

const yes = (b: boolean) => (b ? '✅' : '❌');

function table(run: Run): string {
  const first = run.rows[0] as Row;
  const lines = [
    '| minute | heap after GC (MB) | Δ vs min 2 (MB) | DOM nodes | JS listeners | documents | polls 200 / 304 / other | stale on screen | simulated time (UTC) | agents logged in |',
    '| --: | --: | --: | --: | --: | --: | --: | :-: | --- | --: |',
  ];
  const m2 = run.rows.find((r) => r.minute === 2) ?? first;
  for (const r of run.rows) {
    const d =
      r.minute >= 2
        ? `${r.heapUsed - m2.heapUsed >= 0 ? '+' : ''}${mb(r.heapUsed - m2.heapUsed)}`
        : '';
    lines.push(
      `| ${r.minute} | ${mb(r.heapUsed)} | ${d} | ${r.nodes} | ${r.jsEventListeners} | ${r.documents} | ${r.minute === 0 ? '–' : `${r.ok200} / ${r.notModified} / ${r.otherStatus}`} | ${r.stale ? 'yes' : 'no'} | ${r.simNow.replace('T', ' ').slice(0, 16)} | ${r.agentsOn} |`,
    );
  }
  return lines.join('\n');
}

function splitSummary(run: Run): string {
  const [a, b] = run.splits;
  if (!a || !b) return '';
  const d = (k: keyof HeapSplit) => `${b.split[k] - a.split[k] >= 0 ? '+' : ''}${((b.split[k] - a.split[k]) / 1024).toFixed(1)} KB`;
  return ` (heap snapshots: JavaScript objects ${d('js')}, compiled code ${d('code')}, V8 internals ${d('v8')})`;
}

/** What grew between the two heap snapshots of a run, by kind. */
function splitTable(run: Run): string {
  const [a, b] = run.splits;
  if (!a || !b) return '';
  const kb = (n: number) => (n / 1024).toFixed(1);
  const rows: [keyof HeapSplit, string][] = [
    ['js', "JavaScript objects (the page's objects, arrays, strings, closures)"],
    ['code', 'compiled code (machine code, its relocation and deoptimisation data)'],
    ['v8', "V8's internal arrays and caches (feedback, dependent code, number-string cache)"],
    ['shapes', 'hidden classes'],
  ];
  const inHeap = (s: HeapSplit) => s.js + s.code + s.v8 + s.shapes;
  const lines = [
    `Heap snapshots at minute ${a.minute} and minute ${b.minute} of this run (\`HeapProfiler.takeHeapSnapshot\` after that minute's sample; bench/lib/heap-split.ts sums the nodes' self sizes by kind):`,
    '',
    `| kind | minute ${a.minute} (KB) | minute ${b.minute} (KB) | Δ (KB) |`,
    '| --- | --: | --: | --: |',
    ...rows.map(([k, label]) => `| ${label} | ${kb(a.split[k])} | ${kb(b.split[k])} | ${b.split[k] - a.split[k] >= 0 ? '+' : ''}${kb(b.split[k] - a.split[k])} |`),
    `| **V8 heap in the snapshot** | ${kb(inHeap(a.split))} | ${kb(inHeap(b.split))} | ${inHeap(b.split) - inHeap(a.split) >= 0 ? '+' : ''}${kb(inHeap(b.split) - inHeap(a.split))} |`,
    `| Blink's native objects (not in JSHeapUsedSize) | ${kb(a.split.native)} | ${kb(b.split.native)} | ${b.split.native - a.split.native >= 0 ? '+' : ''}${kb(b.split.native - a.split.native)} |`,
  ];
  return `\n${lines.join('\n')}\n`;
}

function span(run: Run): { hours: number; days: string[]; shiftSwing: string } {
  const first = run.rows[0] as Row;
  const last = run.rows.at(-1) as Row;
  const hours = (Date.parse(last.simNow) - Date.parse(first.simNow)) / 3_600_000;
  const days = [...new Set(run.rows.map((r) => r.simNow.slice(0, 10)))];
  const on = run.rows.map((r) => r.agentsOn);
  return { hours, days, shiftSwing: `${Math.min(...on)}–${Math.max(...on)}` };
}

function verdictLine(run: Run, v: Verdict): string {
  return (
    `heap ${mb(v.from.heapUsed)} → ${mb(v.to.heapUsed)} MB from minute ${v.from.minute} to ${v.to.minute} ` +
    `(${v.heapGrowth >= 0 ? '+' : ''}${mb(v.heapGrowth)} MB, budget +0.25: ${yes(v.heapOk)}); ` +
    `DOM nodes ${v.from.nodes} → ${v.to.nodes} (${yes(v.nodesOk)}); listeners ${v.from.jsEventListeners} → ${v.to.jsEventListeners} (${yes(v.listenersOk)}); ` +
    `documents ${yes(v.docsOk)}; page errors ${run.pageErrors.length} (${yes(v.errorsOk)})`
  );
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const load0 = loadavg();
  const real = await soak(`Real time, ${MINUTES} min`, MINUTES, 1, { snapshots: true });
  const acc =
    ACC_MINUTES > 0
      ? await soak(`Accelerated ${SPEED}×, ${ACC_MINUTES} min`, ACC_MINUTES, SPEED)
      : null;
  const chromiumVersion = await launchChromium().then(async (b) => {
    const v = b.version();
    await b.close();
    return v;
  });

  const control =
    CONTROL_MINUTES > 0
      ? await soak(`Control: compilers off, ${CONTROL_MINUTES} min`, CONTROL_MINUTES, 1, { jsFlags: NO_JIT })
      : null;
  // After the control run, so the Run line covers all three runs.
  const endedAt = new Date();
  const vr = judge(real);
  const vc = control ? judge(control) : null;
  const va = acc ? judge(acc) : null;
  const sa = acc ? span(acc) : null;
  const summaryLine = `wallboard display ${MINUTES} min at 1 s polling: heap after GC ${vr.heapGrowth >= 0 ? '+' : ''}${mb(vr.heapGrowth)} MB from minute 2 (budget ≤ +0.25 MB), DOM nodes ${vr.from.nodes} → ${vr.to.nodes}, listeners ${vr.from.jsEventListeners} → ${vr.to.jsEventListeners}: ${vr.ok ? 'within budget' : '**over budget**'}${splitSummary(real)}${control && vc ? `; with the compilers off ${vc.heapGrowth >= 0 ? '+' : ''}${mb(vc.heapGrowth)} MB` : ''}${acc && va && sa ? `; ${sa.hours.toFixed(1)} simulated hours at ${SPEED}×: ${va.ok ? 'flat' : '**grew**'}` : ''}`;

  const body = `${summaryLine}.

- **Command**: \`${COMMAND}\` (this benchmark alone: \`node --import tsx bench/wallboard-soak.ts\`; shorter while developing: \`--minutes 3 --accelerated-minutes 2 --out /tmp/soak.md\`)
- **Run**: ${startedAt.toISOString()} → ${endedAt.toISOString()} on ${machineLine()}; Chromium ${chromiumVersion} (\`${CHROMIUM}\`, headless, docs/performance.md flags: \`--js-flags=--expose-gc\`, no background throttling); load average (1 / 5 / 15 min) ${load0} at the start, ${loadavg()} at the end
- **Setup**: each run on a fresh \`node --import tsx scripts/start.ts\` (what \`npm start\` runs) with \`QUEUEDECK_POLL_SECONDS=1\` (the gateway polls Support and Sales every second), \`QUEUEDECK_SIM_SEED=${opt.seed}\`, an empty data dir, on 127.0.0.1. An admin creates a display of every Support and Sales queue (${real.queues} queues, tiles; more than a page, so the board also rotates pages) through \`POST /api/v1/displays\`; a fresh browser context with no cookies (a TV, 1920×1080) opens \`/wallboard/d/<token>\`, which polls \`/api/v1/wallboard\` every second.
- **Method**: at minute 0 (first data on screen) and every minute after: \`HeapProfiler.collectGarbage\` (twice), \`Performance.getMetrics\` → \`JSHeapUsedSize\`, \`Memory.getDOMCounters\`. Budget: heap after GC grows ≤ 0.25 MB from minute 2 to the last minute; "flat" DOM = nodes at the end ≤ nodes at minute 2 × ${NODE_SLACK.ratio} + ${NODE_SLACK.plus} (tiles and badges come and go with the floor) and listeners ≤ minute 2 + ${LISTENER_SLACK}; documents constant; no page error. Polls per minute are the wallboard's answers (200 with a body / 304 unchanged / anything else).

\`free -g\` at the run:

\`\`\`
${freeG()}
\`\`\`

### ${real.label} (simulator clock 1×): ${vr.ok ? 'within budget ✅' : 'over budget ❌'}

${verdictLine(real, vr)}.${
    real.pageErrors.length
      ? ` Page errors: ${real.pageErrors
          .slice(0, 3)
          .map((e) => `“${e.slice(0, 160)}”`)
          .join('; ')}.`
      : ''
  }

${table(real)}
${splitTable(real)}
${
  control && vc
    ? `
### ${control.label} (simulator clock 1×, \`--js-flags=--expose-gc ${NO_JIT.join(' ')}\`): ${vc.heapOk ? 'flat ✅' : 'grew ❌'}

The same run with V8 interpreting only: no baseline, Maglev or TurboFan code is made as functions get hot. If the real-time run's growth is compiled code, this one stays flat; if the page retained objects, it grows here too. ${verdictLine(control, vc)}.

${table(control)}
`
    : ''
}
${
  acc && va && sa
    ? `
### ${acc.label} (QUEUEDECK_SIM_SPEED=${SPEED}): ${va.ok ? 'flat ✅' : 'grew ❌'}

Simulated span ${sa.hours.toFixed(1)} h (${(acc.rows[0] as Row).simNow.replace('T', ' ').slice(0, 16)} → ${(acc.rows.at(-1) as Row).simNow.replace('T', ' ').slice(0, 16)} UTC${sa.days.length > 1 ? `; day roll-over reached: ${sa.days.join(' → ')}` : '; no day roll-over in this span'}); agents logged in ranged ${sa.shiftSwing} over the run (shift changes). ${verdictLine(acc, va)}.${
        acc.pageErrors.length
          ? ` Page errors: ${acc.pageErrors
              .slice(0, 3)
              .map((e) => `“${e.slice(0, 160)}”`)
              .join('; ')}.`
          : ''
      }

${table(acc)}
`
    : ''
}`;

  console.log(`\n${summaryLine}`);
  if (!opt['no-write']) {
    await writeSection(outFile, HEADING, summaryLine, body);
    console.log(`Wrote "## ${HEADING}" in ${path.relative(root, outFile)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
