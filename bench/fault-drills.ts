/**
 * Fault drills (issue 8): every simulator fault mode against the product with two screens open in
 * Chromium — a wallboard display (/wallboard/d/<token>, a TV with no cookies) and /agents (signed
 * in as admin) — and a supervisor action issued during the fault.
 *
 *   node --import tsx bench/fault-drills.ts [--poll-seconds 1] [--latency-ms 3000]
 *     [--retry-after 2] [--hold-seconds 6] [--only <mode,…>] [--port 8820] [--seed 42]
 *     [--out bench/RESULTS.md] [--no-write]
 *
 * The product is `node --import tsx scripts/start.ts` (what `npm start` runs; start.ts rebuilds
 * dist/ when stale) with QUEUEDECK_POLL_SECONDS (default 1) and an empty data dir. Each fault is
 * injected on both live dialects (FonoUC = Support, PortSIP = Sales) with POST /__sim/faults and
 * cleared with DELETE /__sim/faults. Per drill (bench/lib/drills.ts):
 *
 * (a) no crash: no `pageerror`, no renderer `crash`, no error-screen text, and each page still
 *     answers an evaluate within 5 s afterwards;
 * (b) stale: ms from the injection until a "Stale" badge is on screen on each page (polled every
 *     100 ms). One poll = the gateway's source poll interval (staleness originates there) + the
 *     browser's 1 s; budget two polls;
 * (c) fresh: ms from the clear until no "Stale" badge is left on either page; budget one poll
 *     (+ Retry-After for 429, + the injected latency for requests already at the vendor);
 * (d) the action: log a Support agent out of (or into) a queue through POST
 *     /api/v1/actions/agent-queue right after the injection. After recovery the vendor's state is
 *     read back (a gateway poll that started after the clear) and the vendor's write requests are
 *     counted at /__sim/requests. Pass = applied exactly once (success during the fault), or
 *     refused with an error code and message and not applied, then applied by the user's retry
 *     ("not lost": the user was told and could retry). A duplicate submission afterwards must
 *     leave the state as it is. That route takes no Idempotency-Key: queue login/logout sets a
 *     flag, so a repeat cannot double it; the gateway never re-sends a write by itself (except
 *     once after a vendor 401, which the vendor refused without applying).
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
  startProduct,
  stopProduct,
} from './lib/product';
import { freeG, machineLine, writeSection } from './lib/results';
import { createDisplay } from './lib/live-screens';
import { faultModes, runDrill, watchCrashes, type DrillResult } from './lib/drills';

const HEADING = 'Fault drills';
const CLIENT_POLL_MS = 1000;

const { values: opt } = parseArgs({
  options: {
    'poll-seconds': { type: 'string', default: '1' },
    'latency-ms': { type: 'string', default: '3000' },
    'retry-after': { type: 'string', default: '2' },
    'hold-seconds': { type: 'string', default: '6' },
    only: { type: 'string' },
    port: { type: 'string', default: '8820' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'bench/RESULTS.md' },
    'no-write': { type: 'boolean', default: false },
  },
});
const POLL_S = Number(opt['poll-seconds']);
const LATENCY = Number(opt['latency-ms']);
const RETRY_AFTER = Number(opt['retry-after']);
const HOLD_MS = Number(opt['hold-seconds']) * 1000;
const FIRST_PORT = Number(opt.port);
if (
  ![POLL_S, LATENCY, RETRY_AFTER, HOLD_MS, FIRST_PORT].every(Number.isFinite) ||
  FIRST_PORT < 8800
) {
  console.error('bad arguments (ports ≥ 8800); see the header of bench/fault-drills.ts');
  process.exit(2);
}
const outFile = path.resolve(root, opt.out);
const COMMAND =
  process.env.BENCH_COMMAND ??
  ['node --import tsx bench/fault-drills.ts', ...process.argv.slice(2)].join(' ');

const s = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v) ? 'never' : `${(v / 1000).toFixed(2)} s`;
const yes = (b: boolean) => (b ? '✅' : '❌');

function section(r: DrillResult): string {
  const a = r.action;
  const stale = r.staleMs;
  const fresh = r.freshMs;
  const staleRow =
    r.mode === 'revoked token'
      ? `| stale badge (wallboard / agents) | ${s(stale[0])} / ${s(stale[1])} | none expected: the gateway logs in again at once; a brief badge is allowed | ${yes(r.staleOk)} |`
      : `| stale badge (wallboard / agents) | ${s(stale[0])} / ${s(stale[1])} | ≤ ${s(r.staleBudgetMs)} (two polls) | ${yes(r.staleOk)} |`;
  const dup = `${a.duplicate.status}${a.duplicate.ok ? '' : ` ${a.duplicate.code}`}`;
  return `#### ${r.mode} — \`${JSON.stringify(r.patch)}\`: ${r.ok ? 'pass ✅' : 'FAIL ❌'}

| check | measured | budget | pass |
| --- | --- | --- | :-: |
| no crash (page errors / crashes / error screen / unresponsive) | ${r.pageErrors.length} / ${r.crashes} / ${r.errorScreen ? 'yes' : 'no'} / ${r.unresponsive ? 'yes' : 'no'} | 0 / 0 / no / no | ${yes(r.noCrashOk)} |
${staleRow}
| fresh again after clearing (wallboard / agents) | ${s(fresh[0])} / ${s(fresh[1])} | ≤ ${s(r.freshBudgetMs)} (one poll${r.freshBudgetMs > r.staleBudgetMs / 2 ? ' + see note' : ''}) | ${yes(r.freshOk)} |
| action ${a.kind} (${a.target}) during the fault | ${a.duringFault.status}${a.duringFault.code ? ` ${a.duringFault.code}` : ''} in ${s(a.duringFault.ms)} | applied, or refused with a clear error | ${yes(a.duringFault.ok || a.duringFault.code !== null)} |
| vendor writes during the fault / in the whole drill | ${a.vendorWritesDuringFault} / ${a.vendorWritesTotal} | 1 (2 after a 401) / + retry + duplicate | ${yes(a.ok)} |
| applied after recovery, before any retry | ${a.appliedAfterRecovery ? 'yes' : 'no'} | = success during the fault${r.mode === 'hangs' ? ' (a held request: either)' : ''} | ${yes(a.ok)} |
| retry / duplicate submission | ${a.retry ? `${a.retry.status}${a.retry.ok ? '' : ` ${a.retry.code}`}` : '–'} / ${dup} | retry applies; duplicate changes nothing | ${yes(a.ok)} |
| final vendor state / audit successes | ${a.finalApplied ? 'applied' : 'NOT applied'} / ${a.auditSuccesses} | applied | ${yes(a.finalApplied)} |

Action: ${a.outcome}.${
    r.pageErrors.length
      ? ` Page errors: ${r.pageErrors
          .slice(0, 3)
          .map((e) => `“${e.slice(0, 160)}”`)
          .join('; ')}.`
      : ''
  }
`;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const load0 = loadavg();
  const port = await freePort(FIRST_PORT);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'queuedeck-bench-drills-'));
  console.log(`Starting the product on port ${port} (QUEUEDECK_POLL_SECONDS=${POLL_S})…`);
  const product = await startProduct(port, dataDir, {
    QUEUEDECK_POLL_SECONDS: String(POLL_S),
    QUEUEDECK_SIM_SEED: opt.seed,
  });
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const adminCtx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agents = await adminCtx.newPage();
    await signIn(agents, product.url);
    const display = await createDisplay(agents.request, product.url, 'Drill TV');
    await agents.goto(`${product.url}/agents`);
    await agents.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    const tvCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wallboard = await tvCtx.newPage();
    await wallboard.goto(`${product.url}${display.path}`);
    await wallboard.getByRole('article').first().waitFor({ timeout: 60_000 });
    const watch = watchCrashes([wallboard, agents]);

    const only = opt.only?.split(',').map((x) => x.trim());
    const modes = faultModes({ latencyMs: LATENCY, retryAfterSeconds: RETRY_AFTER }).filter(
      (m) => !only || only.includes(m.name),
    );
    const results: DrillResult[] = [];
    for (const mode of modes) {
      const r = await runDrill(
        {
          wallboard,
          agents,
          request: agents.request,
          baseUrl: product.url,
          simUrl: product.simUrl,
          sourcePollMs: POLL_S * 1000,
          clientPollMs: CLIENT_POLL_MS,
        },
        mode,
        watch,
        { holdMs: HOLD_MS, log: console.log },
      );
      console.log(`  → ${r.ok ? 'pass' : 'FAIL'}: ${r.action.outcome}`);
      results.push(r);
    }
    const endedAt = new Date();
    const passed = results.filter((r) => r.ok).length;
    const poll = POLL_S + CLIENT_POLL_MS / 1000;
    const summaryLine = `${results.length} simulator fault modes with a wallboard display and /agents open in Chromium and a queue action during each fault: ${passed}/${results.length} pass (stale within two polls, fresh within one after clearing, no crash, action applied once or refused and retried)`;
    const overview = results.map(
      (r) =>
        `| ${r.mode} | ${s(Math.max(...r.staleMs.map((x) => x ?? Number.NaN)))}${r.mode === 'revoked token' ? ' (none expected)' : ''} | ${s(Math.max(...r.freshMs.map((x) => x ?? Number.POSITIVE_INFINITY)))} / ${s(r.freshBudgetMs)} | ${r.action.duringFault.ok ? 'applied' : `refused ${r.action.duringFault.code}`} | ${yes(r.noCrashOk)} | ${r.ok ? '✅' : '❌'} |`,
    );
    const chromiumVersion = browser.version();
    const body = `${summaryLine}.

- **Command**: \`${COMMAND}\` (this benchmark alone: \`node --import tsx bench/fault-drills.ts\`; one mode: \`--only "vendor down" --out /tmp/drills.md\`)
- **Run**: ${startedAt.toISOString()} → ${endedAt.toISOString()} on ${machineLine()}; Chromium ${chromiumVersion} (\`${CHROMIUM}\`, headless, docs/performance.md flags); load average (1 / 5 / 15 min) ${load0} at the start, ${loadavg()} at the end
- **Setup**: \`node --import tsx scripts/start.ts\` with \`QUEUEDECK_POLL_SECONDS=${POLL_S}\`, \`QUEUEDECK_SIM_SEED=${opt.seed}\`, an empty data dir, on 127.0.0.1:${port}. Two pages: a display of every Support and Sales queue (${display.queueIds.length} queues) opened by its link in a context with no cookies, and \`/agents\` signed in as admin. Faults go to both live dialects (FonoUC = Support, PortSIP = Sales) through \`POST /__sim/faults\`, held at least ${HOLD_MS / 1000} s (and until the action answered and both badges showed), cleared with \`DELETE /__sim/faults\`.
- **Poll (the unit of the budgets)**: the gateway's source poll interval (${POLL_S} s; staleness originates there) + the browser's ${CLIENT_POLL_MS / 1000} s = **${poll} s**. Stale budget: two polls (${2 * poll} s) from the injection to a "Stale" badge on both pages. Fresh budget: one poll (${poll} s) from the clear to no badge on either page; for 429 plus the Retry-After (${RETRY_AFTER} s, which the gateway obeys), for latency plus the ${LATENCY / 1000} s that requests already at the vendor still take. Badges are polled every 100 ms from the bench process.
- **Action**: \`POST /api/v1/actions/agent-queue\` (log a Support agent out of its first queue, or in when out) right after the injection; the vendor's state is read back after recovery through a gateway poll that started after the clear, and the vendor's writes (\`PUT …/agent/:id/login|logout\`) counted at \`/__sim/requests\`. Pass: applied exactly once, or refused with an error code and message, not applied, and applied by the user's retry after recovery ("not lost": the user got an error and could retry). Then a duplicate submission must leave the state as it is. The route takes no Idempotency-Key: queue login/logout sets a flag (a repeat cannot double it), and the gateway never re-sends a write on its own except once after a vendor 401 (refused unapplied). A hung write is refused when the gateway's 8 s vendor timeout ends, but the vendor still holds it and applies it when it wakes: its outcome is unknown to the gateway, so either state after recovery passes, as long as the retry converges.

\`free -g\` at the run:

\`\`\`
${freeG()}
\`\`\`

| mode | stale (slower page) | fresh (slower page) / budget | action during the fault | no crash | pass |
| --- | --: | --: | --- | :-: | :-: |
${overview.join('\n')}

${results.map(section).join('\n')}`;

    console.log(`\n${summaryLine}`);
    if (!opt['no-write']) {
      await writeSection(outFile, HEADING, summaryLine, body);
      console.log(`Wrote "## ${HEADING}" in ${path.relative(root, outFile)}`);
    }
  } finally {
    await browser?.close().catch(() => {});
    await stopProduct(product);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
