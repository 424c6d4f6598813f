/**
 * `npm start`: builds the SPA when missing or stale, starts the gateway and — when no config is
 * given — the embedded simulator on loopback with the default sources pointed at it.
 *
 * Env: PORT, HOST, QUEUEDECK_CONFIG, QUEUEDECK_DATA_DIR, QUEUEDECK_DATABASE_URL,
 * QUEUEDECK_ADMIN_PASSWORD,
 * QUEUEDECK_SKIP_BUILD=1 (the caller built already), QUEUEDECK_SIM_SEED, QUEUEDECK_SIM_SPEED,
 * QUEUEDECK_SIM_ENTRIES (campaign entries of the embedded simulator, e.g. 1000000 for the bench),
 * QUEUEDECK_SIM_AGENTS (agents of the embedded simulator, 2–10,000), QUEUEDECK_POLL_SECONDS (how
 * often the gateway polls the embedded simulator's live sources, Support and Sales; screens follow).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyEnvOverrides,
  ConfigError,
  loadConfigFile,
  parseConfig,
  type Config,
} from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/server';
import { StoreStartError } from '../gateway/store/store';
import { startSimulator, type RunningSimulator } from '../simulator/server';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const BUILD_INPUTS = [
  'src',
  'contract',
  'public',
  'index.html',
  'vite.config.ts',
  'tailwind.config.ts',
  'package-lock.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newestMtime(join(path, name)));
  return max;
}

/** True when dist/ is missing or older than any input of the build. */
export function buildIsStale(): boolean {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return BUILD_INPUTS.some((p) => newestMtime(join(root, p)) > built);
}

async function ensureBuild(): Promise<void> {
  if (process.env.QUEUEDECK_SKIP_BUILD === '1' || !buildIsStale()) return;
  console.log('Building the dashboard (the build is missing or older than its sources)…');
  const { build } = await import('vite');
  await build({ root, logLevel: 'warn', configFile: join(root, 'vite.config.ts') });
}

/** A positive number from the environment, or undefined when unset; a clear error when bad. */
function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new ConfigError([`${name}: "${raw}" is not a positive number`]);
  return n;
}

function simulatorConfig(sim: RunningSimulator): Config {
  const f = sim.credentials.fonouc;
  const livePoll = envNumber('QUEUEDECK_POLL_SECONDS');
  const p = sim.credentials.portsip;
  return parseConfig({
    listen: { host: '127.0.0.1', port: 8080 },
    dataDir: './data',
    timeZone: 'UTC',
    sources: [
      {
        id: 'support',
        kind: 'fonouc',
        label: 'Support',
        baseUrl: f.baseUrl,
        accountId: f.accountId,
        domain: f.domain,
        username: f.username,
        password: f.password,
        pollSeconds: livePoll ?? 2,
      },
      {
        id: 'sales',
        kind: 'portsip',
        label: 'Sales',
        baseUrl: p.baseUrl,
        domain: p.domain,
        username: p.username,
        password: p.password,
        pollSeconds: livePoll ?? 3,
      },
      {
        id: 'ai',
        kind: 'iqra',
        label: 'AI outbound',
        baseUrl: sim.credentials.iqra.baseUrl,
        businessId: sim.credentials.iqra.businessId,
        apiKey: sim.credentials.iqra.apiKey,
        flavor: 'docs',
        pollSeconds: 30,
      },
      {
        id: 'callbacks',
        kind: 'while1',
        label: 'Callbacks',
        baseUrl: sim.credentials.while1.baseUrl,
        apiToken: sim.credentials.while1.apiToken,
        apiKey: sim.credentials.while1.apiKey,
        timeZone: 'Europe/Bucharest',
        pollSeconds: 30,
        callbacks: {
          projectId: 1,
          type: 'queue',
          destination: 'suport',
          campaign: 'Queuedeck callbacks',
        },
      },
    ],
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' } } });
  const configFile = values.config ?? process.env.QUEUEDECK_CONFIG;
  let sim: RunningSimulator | null = null;
  let gateway: RunningGateway | null = null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    await gateway?.close().catch((e: unknown) => console.error(e));
    await sim?.close().catch((e: unknown) => console.error(e));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  let config: Config;
  if (configFile) {
    config = loadConfigFile(configFile);
  } else {
    sim = await startSimulator({
      host: '127.0.0.1',
      port: 0,
      seed: process.env.QUEUEDECK_SIM_SEED ? Number(process.env.QUEUEDECK_SIM_SEED) : undefined,
      speed: envNumber('QUEUEDECK_SIM_SPEED'),
      entries: process.env.QUEUEDECK_SIM_ENTRIES
        ? Number(process.env.QUEUEDECK_SIM_ENTRIES)
        : undefined,
      agents: envNumber('QUEUEDECK_SIM_AGENTS'),
    });
    config = simulatorConfig(sim);
  }
  config = applyEnvOverrides(config);

  await ensureBuild();
  gateway = await startGateway(config, {
    staticDir: dist,
    adminPassword: process.env.QUEUEDECK_ADMIN_PASSWORD,
    logLevel: process.env.QUEUEDECK_LOG_LEVEL ?? 'warn',
  });

  console.log('');
  if (sim) console.log(`Simulator: ${sim.url} (FonoUC "Support" and more, on loopback)`);
  if (gateway.adminPassword) {
    console.log(
      'First start: created the user "admin" with this password (shown once, not stored in clear):',
    );
    console.log(`\n    ${gateway.adminPassword}\n`);
  }
  console.log(`Queuedeck is running at ${gateway.url}  (Ctrl-C to stop)`);
}

main().catch((err: unknown) => {
  // Both name what is wrong (a config field, the database's host) and need no stack trace.
  if (err instanceof ConfigError || err instanceof StoreStartError) console.error(err.message);
  else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
