/**
 * Runs every benchmark in bench/, one child process each (so one's memory and event loop never
 * colour another's figures), in the order listed. Each benchmark writes its own `## ` section of
 * bench/RESULTS.md. Exits non-zero as soon as one fails.
 *
 *   npm run bench                     all of them
 *   npm run bench -- simulator-scale  only the named ones
 *
 * To add a benchmark: write bench/<name>.ts (standalone, `node --import tsx bench/<name>.ts`) and
 * add it to BENCHMARKS below.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Benchmark {
  name: string;
  /** Script under bench/. */
  script: string;
  /** Extra arguments for the script. */
  args?: string[];
  description: string;
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'simulator-scale',
    script: 'simulator-scale.ts',
    description:
      'simulator at 10,000 agents and 1,000,000 entries: every vendor call over HTTP vs 50 ms p95',
  },
  {
    name: 'entries-page',
    script: 'entries-page.ts',
    description:
      'entries page at 1,000,000 entries in Chromium: next page, sort, status filter to rows painted vs 200 ms p95',
  },
  {
    name: 'gateway-load',
    script: 'gateway-load.ts',
    description:
      'gateway under load: vendor requests with 1 vs 500 viewers (ratio 1.0), 304s under autocannon vs 10,000 req/s and 20 ms p99, one vendor call per Idempotency-Key',
  },
  {
    name: 'wallboard-soak',
    script: 'wallboard-soak.ts',
    description:
      'wallboard display 10 min at 1 s polling in Chromium: heap after GC +0.25 MB max from minute 2, DOM nodes and listeners flat, heap snapshots split by kind; then 12 min at 120× simulated clock and 10 min with V8 compilers off (control)',
  },
  {
    name: 'fault-drills',
    script: 'fault-drills.ts',
    description:
      'every simulator fault mode with the wallboard and /agents open: stale within two polls, fresh within one, no crash, the action applied once',
  },
  {
    name: 'agent-grid',
    script: 'agent-grid.ts',
    description:
      'agents grid in Chromium at 500 / 2,000 / 5,000 agents, 20 % changing state per 1 s poll, unthrottled and 4× throttled: main-thread work per update vs 8 ms / 16 ms p95, long animation frames, busy < 25 %',
  },
  {
    name: 'first-load',
    script: 'first-load.ts',
    description:
      'first load of the production build: initial JS (gzip -9) vs 180 KB, cold wallboard loads (display URL and signed-in) to queue tiles painted vs 1 s',
  },
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runOne(b: Benchmark, command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('bench', b.script), ...(b.args ?? [])],
      { cwd: root, stdio: 'inherit', env: { ...process.env, BENCH_COMMAND: command } },
    );
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.name === w));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
    process.exit(2);
  }
  const list = wanted.length > 0 ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  const command = `npm run bench${wanted.length > 0 ? ` -- ${wanted.join(' ')}` : ''}`;
  const t0 = performance.now();
  for (const [i, b] of list.entries()) {
    console.log(`\n▶ [${i + 1}/${list.length}] ${b.name}: ${b.description}`);
    const s0 = performance.now();
    const code = await runOne(b, command);
    const secs = ((performance.now() - s0) / 1000).toFixed(0);
    if (code !== 0) {
      console.error(`✖ ${b.name} failed (exit ${code}) after ${secs} s`);
      process.exit(code);
    }
    console.log(`✔ ${b.name} done in ${secs} s`);
  }
  console.log(
    `\nAll ${list.length} benchmark(s) done in ${((performance.now() - t0) / 1000).toFixed(0)} s; figures in bench/RESULTS.md.`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
