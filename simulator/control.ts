import type { FastifyInstance } from 'fastify';
import type { FaultController, FaultPatch } from './faults';
import type { CallCentre } from './model/call-centre';
import type { SimClock } from './model/clock';
import type { TokenStore } from './tokens';

/**
 * `/__sim/`: the simulator's own control API, for tests and demos. It is not part of any vendor
 * contract, is never counted as vendor traffic and is not subject to faults.
 *
 *   GET    /__sim/health                      → { ok, clock, speed, now }
 *   GET    /__sim/requests                    → { total, dialects: { fonouc: { total, paths: { "GET /api/v2/config/users": 3 } } } }
 *   POST   /__sim/requests/reset              → 204
 *   GET    /__sim/faults                      → { fonouc: FaultConfig & { hung }, portsip: ... }
 *   POST   /__sim/faults   { dialect?: name|"*", ...FaultPatch }  → the resulting configs
 *   DELETE /__sim/faults[?dialect=name]       → 204 (clears; hung requests are then answered)
 *   POST   /__sim/advance  { seconds }        → { now } (manual clock only, 409 otherwise)
 *   GET    /__sim/state                       → per tenant: time, queues (waiting, ready), agents by state, CDR count
 */

export interface RequestCounter {
  total: number;
  dialects: Record<string, { total: number; paths: Record<string, number> }>;
}

export interface ControlDeps {
  counter: RequestCounter;
  faults: Map<string, FaultController>;
  tokens: Map<string, TokenStore<unknown>>;
  clock: SimClock;
  sync(): void;
  models: Record<string, CallCentre[]>;
}

export function registerControl(app: FastifyInstance, deps: ControlDeps): void {
  const { counter, faults } = deps;

  const faultView = () =>
    Object.fromEntries([...faults].map(([name, fc]) => [name, { ...fc.config, hung: fc.hungCount }]));

  const targets = (dialect: unknown): FaultController[] | string => {
    if (dialect === undefined || dialect === '*' || dialect === 'all') return [...faults.values()];
    if (typeof dialect !== 'string' || !faults.has(dialect)) {
      return `unknown dialect ${JSON.stringify(dialect)}; known: ${[...faults.keys()].join(', ')}`;
    }
    return [faults.get(dialect) as FaultController];
  };

  app.get('/__sim/health', async () => ({
    ok: true,
    clock: deps.clock.mode,
    speed: deps.clock.speed,
    now: new Date(deps.clock.now() * 1000).toISOString(),
  }));

  app.get('/__sim/requests', async () => counter);

  app.post('/__sim/requests/reset', async (_req, reply) => {
    counter.total = 0;
    counter.dialects = {};
    return reply.code(204).send();
  });

  app.get('/__sim/faults', async () => faultView());

  app.post('/__sim/faults', async (req, reply) => {
    const body = (req.body ?? {}) as FaultPatch & { dialect?: unknown };
    if (typeof body !== 'object' || Array.isArray(body)) return reply.code(400).send({ error: 'body must be an object' });
    const list = targets(body.dialect);
    if (typeof list === 'string') return reply.code(400).send({ error: list });
    const { dialect: _dialect, revokeTokens, ...patch } = body;
    try {
      // Validate for every target first so a bad field changes nothing anywhere.
      for (const fc of list) fc.merged(patch);
      for (const fc of list) fc.apply(patch);
    } catch (err) {
      return reply.code(400).send({ error: (err as Error).message });
    }
    if (revokeTokens) for (const fc of list) deps.tokens.get(fc.dialect)?.revokeAll();
    return faultView();
  });

  app.delete('/__sim/faults', async (req, reply) => {
    const list = targets((req.query as Record<string, unknown>).dialect);
    if (typeof list === 'string') return reply.code(400).send({ error: list });
    for (const fc of list) fc.clear();
    return reply.code(204).send();
  });

  app.post('/__sim/advance', async (req, reply) => {
    const seconds = (req.body as { seconds?: unknown } | undefined)?.seconds;
    if (deps.clock.mode !== 'manual') return reply.code(409).send({ error: 'the clock is real; start with clock "manual"' });
    if (typeof seconds !== 'number' || !(seconds >= 0) || seconds > 7 * 86400) {
      return reply.code(400).send({ error: 'seconds must be a number between 0 and 604800' });
    }
    deps.clock.advance(seconds);
    deps.sync();
    return { now: new Date(deps.clock.now() * 1000).toISOString() };
  });

  app.get('/__sim/state', async () => {
    deps.sync();
    const out: Record<string, unknown[]> = {};
    for (const [dialect, list] of Object.entries(deps.models)) {
      out[dialect] = list.map((m) => {
        const states: Record<string, number> = {};
        for (const a of m.agents) states[a.state] = (states[a.state] ?? 0) + 1;
        return {
          tenant: m.tenantName,
          time: new Date(m.time * 1000).toISOString(),
          queues: m.queues.map((q) => ({ id: q.id, name: q.name, waiting: q.waiting.length, ready: q.readyCount, ...q.counters })),
          agents: states,
          cdrs: m.cdrCount,
        };
      });
    }
    return out;
  });
}
