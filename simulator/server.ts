import Fastify, { type FastifyInstance } from 'fastify';
import { registerControl, type RequestCounter } from './control';
import { fonoucDialect, type FonoucCredentials } from './dialects/fonouc/fonouc';
import { portsipDialect, type PortsipCredentials } from './dialects/portsip/portsip';
import {
  campaignWorldOf,
  iqraDialect,
  iqraServerDialect,
  while1Dialect,
} from './dialects/campaign-dialects';
import type { DialectContext, DialectPlugin, SimOptions } from './dialects/types';
import { FaultController } from './faults';
import { CallCentre } from './model/call-centre';
import { createClock } from './model/clock';
import { Prng, mixSeed } from './model/prng';
import type { TenantSpec } from './model/types';
import type { CampaignWorld } from './model/campaigns';
import { TokenStore } from './tokens';

/**
 * The simulator process: one Fastify server on loopback, one URL prefix per vendor dialect, one
 * call-centre model per tenant, all on one simulated clock. `/__sim/` is the control API (faults,
 * request counts, manual clock) and belongs to no vendor.
 */

export interface StartSimulatorOptions {
  /** 0 or undefined = a random free port. */
  port?: number;
  /** Loopback by default; the simulator is never meant to be reachable from elsewhere. */
  host?: string;
  seed?: number;
  /** Simulated seconds per wall second in real clock mode (default 1). */
  speed?: number;
  /** Total agents over the default tenants (default 65: FonoUC 40, PortSIP 25). Up to 10,000. */
  agents?: number;
  /** Campaign entries for the Iqra/While1 dialects. */
  entries?: number;
  /** 'real' (default) follows the wall clock × speed; 'manual' moves only on advance(). */
  clock?: 'real' | 'manual';
  /** Simulated start time, Unix seconds (default: now). Models warm-start from its local midnight. */
  startAt?: number;
  /** Token lifetime for every dialect in seconds (default: each dialect's own, 3600 for FonoUC). */
  tokenTtlSeconds?: number;
  /** Fastify request logging (off by default). */
  logger?: boolean;
  /**
   * Iqra (docs flavor) requests per API key and window, on the wall clock. Default: the documented
   * `{ limit: 60, windowMs: 60000 }`; `false` turns the limiter off (benchmarks, load tests).
   */
  iqraRateLimit?: { limit: number; windowMs: number } | false;
}

export interface SimulatorCredentials {
  fonouc: FonoucCredentials & { baseUrl: string };
  portsip: PortsipCredentials & { baseUrl: string };
  iqra: { baseUrl: string; businessId: string; apiKey: string; flavor: 'docs' };
  'iqra-server': { baseUrl: string; businessId: string; apiKey: string; flavor: 'server' };
  while1: { baseUrl: string; apiToken: string; apiKey: string };
}

export interface RunningSimulator {
  url: string;
  port: number;
  credentials: SimulatorCredentials;
  /** Manual clock only: steps every model by whole simulated seconds. */
  advance(seconds: number): void;
  close(): Promise<void>;
  /** The tenants' models by dialect name, for tests and tools (read them, do not mutate). */
  tenants: Record<string, CallCentre[]>;
  /** The Iqra/While1 campaign world, for tests and tools (read it, do not mutate). */
  campaignWorld: CampaignWorld | undefined;
}

type AnyPlugin = DialectPlugin<object>;

/**
 * The dialects served, each under `/${name}`.
 *
 * ── PLUG-IN POINT for the Iqra and While1 dialects ──────────────────────────────────────────
 * Import their plugin objects (e.g. `iqraDialect` from './dialects/iqra/iqra') and add them to
 * this list; their credentials land in `credentials.iqra` / `credentials.while1` with baseUrl set.
 * ─────────────────────────────────────────────────────────────────────────────────────────────
 */
const DIALECTS: readonly AnyPlugin[] = [
  fonoucDialect,
  portsipDialect,
  iqraDialect,
  iqraServerDialect,
  while1Dialect,
];

export async function startSimulator(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const options: SimOptions = {
    seed: opts.seed ?? 42,
    speed: opts.speed ?? 1,
    clock: opts.clock ?? 'real',
    ...(opts.agents !== undefined ? { agents: opts.agents } : {}),
    ...(opts.entries !== undefined ? { entries: opts.entries } : {}),
    ...(opts.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: opts.tokenTtlSeconds } : {}),
    ...(opts.iqraRateLimit !== undefined ? { iqraRateLimit: opts.iqraRateLimit } : {}),
  };
  const rl = options.iqraRateLimit;
  if (rl && !(Number.isInteger(rl.limit) && rl.limit >= 1 && rl.windowMs > 0)) {
    throw new Error(`iqraRateLimit needs an integer limit >= 1 and windowMs > 0, got ${JSON.stringify(rl)}`);
  }
  if (options.agents !== undefined && !(options.agents >= 2 && options.agents <= 10_000)) {
    throw new Error(`agents must be between 2 and 10000, got ${options.agents}`);
  }
  const clock = createClock({
    mode: options.clock,
    speed: options.speed,
    startAt: opts.startAt ?? Math.floor(Date.now() / 1000),
  });

  const models: CallCentre[] = [];
  const tenants: Record<string, CallCentre[]> = {};
  const sync = (): void => {
    const now = clock.now();
    for (const m of models) m.advanceTo(now);
  };

  const app: FastifyInstance = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  const counter: RequestCounter = { total: 0, dialects: {} };
  const faults = new Map<string, FaultController>();
  const tokenStores = new Map<string, TokenStore<unknown>>();

  // Every vendor request first brings the models up to the clock, so a read sees "now".
  app.addHook('onRequest', async (request) => {
    const dialect = DIALECTS.find((d) => request.url === `/${d.name}` || request.url.startsWith(`/${d.name}/`));
    if (!dialect) return;
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? request.url;
    const key = `${request.method} ${route.slice(dialect.name.length + 1) || '/'}`;
    counter.total++;
    const d = (counter.dialects[dialect.name] ??= { total: 0, paths: {} });
    d.total++;
    d.paths[key] = (d.paths[key] ?? 0) + 1;
    sync();
  });

  const credentials: Record<string, object> = {};
  for (const plugin of DIALECTS) {
    const fc = new FaultController(mixSeed(options.seed, plugin.name, 'faults'), plugin.name);
    const tokens = new TokenStore<unknown>();
    faults.set(plugin.name, fc);
    tokenStores.set(plugin.name, tokens);
    const ctx: DialectContext = {
      name: plugin.name,
      seed: options.seed,
      clock,
      options,
      createCallCentre(spec: TenantSpec) {
        const model = new CallCentre({ seed: options.seed, spec, now: clock.now() });
        models.push(model);
        (tenants[plugin.name] ??= []).push(model);
        return model;
      },
      rng: (label: string) => new Prng(mixSeed(options.seed, plugin.name, label)),
      sync,
      tokens,
      tokenTtlSeconds: (fallback: number) => fc.config.tokenTtlSeconds ?? options.tokenTtlSeconds ?? fallback,
      faults: fc,
    };
    await app.register(
      async (scope) => {
        fc.install(scope);
        credentials[plugin.name] = await plugin.register(scope, ctx);
      },
      { prefix: `/${plugin.name}` },
    );
  }

  registerControl(app, { counter, faults, tokens: tokenStores, clock, sync, models: tenants });

  // Hung requests would keep close() waiting forever: abort them before the server closes.
  app.addHook('preClose', async () => {
    for (const fc of faults.values()) fc.releaseHung('abort');
  });

  await app.listen({ port: opts.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  // In real mode the models also move between requests, so time in state keeps counting even
  // when nobody polls (and a burst of requests after a pause does not pay for the whole gap).
  const timer = options.clock === 'real' ? setInterval(sync, 250) : null;
  timer?.unref();

  const withBase: Record<string, unknown> = {};
  for (const [name, cred] of Object.entries(credentials)) withBase[name] = { baseUrl: `${url}/${name}`, ...cred };

  let closed = false;
  return {
    url,
    port,
    credentials: withBase as unknown as SimulatorCredentials,
    tenants,
    campaignWorld: campaignWorldOf(clock),
    advance(seconds: number) {
      clock.advance(seconds);
      sync();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await app.close();
    },
  };
}
