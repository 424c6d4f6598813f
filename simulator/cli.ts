import { parseArgs } from 'node:util';
import { startSimulator, type StartSimulatorOptions } from './server';

/**
 * npm run sim -- --port 7100 --seed 42 --speed 1 --agents 200 --entries 100000 [--clock manual]
 * Prints each dialect's base URL and credentials; Ctrl-C (or SIGTERM) closes cleanly.
 */

const USAGE = `Usage: npm run sim -- [--port 7100] [--host 127.0.0.1] [--seed 42] [--speed 1] [--agents 65]
                       [--entries N] [--clock real|manual] [--token-ttl SECONDS]
                       [--iqra-rate-limit off|N] [--log] [--json]
  --iqra-rate-limit  Iqra docs-flavor requests per API key per minute (default 60, "off" = no limit)`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number, got ${JSON.stringify(v)}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '7100' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        agents: { type: 'string' },
        entries: { type: 'string' },
        clock: { type: 'string' },
        'token-ttl': { type: 'string' },
        'iqra-rate-limit': { type: 'string' },
        log: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.clock !== undefined && values.clock !== 'real' && values.clock !== 'manual') {
    console.error(`--clock must be real or manual\n${USAGE}`);
    process.exit(2);
  }
  const opts: StartSimulatorOptions = { host: values.host, logger: values.log };
  const set = <K extends keyof StartSimulatorOptions>(k: K, v: StartSimulatorOptions[K] | undefined) => {
    if (v !== undefined) opts[k] = v;
  };
  set('port', num('port', values.port));
  set('seed', num('seed', values.seed));
  set('speed', num('speed', values.speed));
  set('agents', num('agents', values.agents));
  set('entries', num('entries', values.entries));
  set('tokenTtlSeconds', num('token-ttl', values['token-ttl']));
  set('clock', values.clock as 'real' | 'manual' | undefined);
  const irl = values['iqra-rate-limit'];
  if (irl !== undefined) {
    if (irl === 'off') opts.iqraRateLimit = false;
    else if (/^\d+$/.test(irl) && Number(irl) >= 1) opts.iqraRateLimit = { limit: Number(irl), windowMs: 60_000 };
    else {
      console.error(`--iqra-rate-limit must be "off" or a whole number of requests per minute, got ${JSON.stringify(irl)}\n${USAGE}`);
      process.exit(2);
    }
  }

  const t0 = performance.now();
  const sim = await startSimulator(opts);
  if (values.json) {
    console.log(JSON.stringify({ url: sim.url, credentials: sim.credentials }, null, 2));
  } else {
    console.log(`Queuedeck simulator on ${sim.url} (seed ${opts.seed ?? 42}, speed ×${opts.speed ?? 1}, clock ${opts.clock ?? 'real'}, ready in ${Math.round(performance.now() - t0)} ms)\n`);
    for (const [dialect, cred] of Object.entries(sim.credentials)) {
      if (!cred) continue;
      console.log(`${dialect}`);
      for (const [k, v] of Object.entries(cred as Record<string, unknown>)) console.log(`  ${k.padEnd(10)} ${String(v)}`);
      console.log('');
    }
    console.log(`control    ${sim.url}/__sim/ (requests, faults, advance, state)`);
    console.log('Ctrl-C to stop.');
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing…`);
    sim.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
