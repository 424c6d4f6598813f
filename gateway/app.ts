import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
  type RouteOptions,
} from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import { resolve } from 'node:path';
import type { Config } from './config';
import { sourceTimeZone } from './config';
import { Store, StoreUnavailableError, storeLocation } from './store/store';
import { LiveService } from './services/live';
import { SigninThrottle } from './services/signin-throttle';
import { Maintenance } from './services/maintenance';
import type { Services } from './services/services';
import { createConnector } from './connectors/registry';
import type { Connector } from './connectors/types';
import { HttpError, schemaValidationError, sendError } from './http/errors';
import { COMPRESS_THRESHOLD } from './http/compression';
import { checkCsrf, registerSecurity } from './http/security';
import { registerDisplayAuth } from './http/display-auth';
import { registerOpenApi } from './http/openapi';
import { authRoutes } from './routes/auth';
import { liveRoutes } from './routes/live';
import { sourceRoutes } from './routes/sources';
import { actionRoutes } from './routes/actions';
import { userRoutes } from './routes/users';
import { auditRoutes } from './routes/audit';
import { openApiRoutes } from './routes/openapi';
import { callPlacingRoutes } from './routes/calls-placed';
import { IdempotencyService } from './services/idempotency';
import { metricsRoutes } from './routes/metrics';
import { CampaignService } from './services/campaigns';
import { EntriesService } from './services/entries';
import { CdrFeed, openCallsFromLive } from './services/cdr-feed';
import { HistoryService } from './services/history';
import { historyRoutes } from './routes/history';
import { queueSettingsRoutes } from './routes/queue-settings';
import { cdrRoutes } from './routes/cdrs';
import { entryRoutes } from './routes/entries';
import { campaignRoutes } from './routes/campaigns';
import { WallboardService } from './services/wallboard';
import { displayRoutes } from './routes/displays';
import { wallboardRoutes } from './routes/wallboard';
import { thresholdRoutes } from './routes/thresholds';

export interface AppOptions {
  config: Config;
  /** The SPA build to serve; omitted in API-only tests. */
  staticDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** Pollers start with the app unless a test wants to drive them. */
  startPolling?: boolean;
  /** Queue metrics and history timings (issue 5); tests shorten them. */
  metrics?: {
    cdrPollMs?: number;
    historyIntervalMs?: number;
    /** The CDR feed's clock: tests run a manual-clock simulator ahead of the wall clock. */
    now?: () => number;
  };
  /** Sees every route as it is registered (the OpenAPI test checks each one is documented). */
  onRoute?: (route: RouteOptions) => void;
  /** How often the store is pinged while it is up (15 s); tests see an outage sooner. */
  storeProbeMs?: number;
}

/** Methods that read: served from memory during a database outage; the rest are writes. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes that go ahead during an outage: signing out forgets the session here at once. */
const WRITES_DURING_OUTAGE = new Set(['/api/v1/auth/logout']);

const storeUnavailable = () =>
  new HttpError(
    503,
    'STORE_UNAVAILABLE',
    'The database is unreachable, so this change cannot be saved. Live screens keep working; try again when it is back.',
    undefined,
    { 'retry-after': '5' },
  );

/** Structured logs never carry a credential, a cookie or a session token. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.apiKey',
  '*.apiToken',
  '*.access_token',
];

/** The composition root: stores, connectors, pollers and routes of one gateway. */
export async function buildApp(
  opts: AppOptions,
): Promise<{ app: FastifyInstance; services: Services }> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: false,
    bodyLimit: 1024 * 1024,
  });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  // Request and response schemas are the contract's zod types (fastify-type-provider-zod).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const location = storeLocation(config);
  const store = await Store.open({
    location:
      location.engine === 'sqlite' && location.dataDir !== ':memory:'
        ? { engine: 'sqlite', dataDir: resolve(location.dataDir) }
        : location,
    sessionTtlMs: config.sessionHours * 3600 * 1000,
    onBackgroundError: (err) => app.log.warn({ err: err.message }, 'database connection error'),
  });
  const connectors: Connector[] = [];
  for (const source of config.sources) {
    const c = createConnector(source, {
      warn: (obj, msg) => app.log.warn(obj, msg),
    });
    if (c) connectors.push(c);
    else app.log.warn({ source: source.id, kind: source.kind }, 'no connector for this kind yet');
  }
  const byId = new Map(config.sources.map((s) => [s.id, s]));
  // Poll intervals are resolved once, by the config: every source has both.
  const sourceOf = (id: string) => {
    const source = byId.get(id);
    if (!source) throw new Error(`No source "${id}" is configured`);
    return source;
  };
  const pollSecondsOf = (id: string) => sourceOf(id).pollSeconds;
  const live = new LiveService(connectors, pollSecondsOf);
  const secure = config.secureCookies;
  const services: Services = {
    config,
    store,
    users: store.users,
    sessions: store.sessions,
    audit: store.audit,
    live,
    signinThrottle: new SigninThrottle(store.signinFailures),
    cookieName: secure ? '__Host-qd_session' : 'qd_session',
    cookieOptions: {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure,
      maxAge: config.sessionHours * 3600,
    },
    timeZoneOf: (id) => {
      const s = byId.get(id);
      return s ? sourceTimeZone(config, s) : config.timeZone;
    },
    pollSecondsOf,
  };

  // Issue 5 — queue metrics and history: a CDR feed per source with CDRs computes today's metrics
  // with each queue's SLA settings; LiveService puts them on every queue row; history samples them.
  const queueSettings = store.queueSettings;
  const cdrFeed = new CdrFeed(connectors, {
    settings: queueSettings,
    timeZoneOf: services.timeZoneOf,
    openCalls: (id) => openCallsFromLive(live, id),
    intervalMs: opts.metrics?.cdrPollMs,
    now: opts.metrics?.now,
    onError: (source, err) => app.log.warn({ source, error: err.message }, 'CDR poll failed'),
  });
  live.setQueueEnricher(cdrFeed);
  const history = new HistoryService(
    store.queueHistory,
    live,
    (queueId) => cdrFeed.metrics(queueId),
    {
      intervalMs: opts.metrics?.historyIntervalMs,
      onError: (err) => app.log.error({ err }, 'queue history job failed'),
    },
  );
  const campaigns = new CampaignService(store.campaignHistory, connectors, {
    intervalMs: (id) => sourceOf(id).campaignPollSeconds * 1000,
    onError: (source, err) => app.log.warn({ source, err: err.message }, 'campaign poll failed'),
  });
  const entries = new EntriesService();
  const idempotency = new IdempotencyService(store.idempotency);
  // One schedule for the store's housekeeping: sessions, keys, throttle, history retention.
  const maintenance = new Maintenance(
    [
      Maintenance.forStore(store),
      { name: 'queue history retention', run: (now) => history.prune(now) },
      { name: 'campaign history retention', run: (now) => campaigns.prune(now) },
    ],
    { onError: (job, err) => app.log.warn({ job, err: err.message }, 'store maintenance failed') },
  );

  await app.register(cookie);
  // Every answer over about 1 KB goes out br or gzip as the client prefers (with Vary), before any
  // route is registered so each one gets the hook. The live routes and the wallboard opt out: they
  // compress once per snapshot version (http/compression.ts) rather than once per request. Brotli
  // at 4: these bodies are made per request, where 11 would cost more time than it saves bytes.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    // Responses only: no client sends compressed bodies, so none is accepted.
    globalDecompression: false,
    threshold: COMPRESS_THRESHOLD,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await registerOpenApi(app, { cookieName: services.cookieName });
  registerSecurity(app, config.frameAncestors);

  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    checkCsrf(req);
    const token = req.cookies[services.cookieName];
    if (token) {
      const userId = await services.sessions.resolve(token);
      const user = userId ? await services.users.get(userId) : null;
      if (user && !user.disabled) {
        req.user = user;
        req.sessionToken = token;
      }
    }
    // During an outage nothing can be saved: say so before any work (or vendor call) is done.
    if (!READS.has(req.method) && !store.health.ok && !WRITES_DURING_OUTAGE.has(req.url)) {
      // Audited like every refusal: kept in memory and written when the database is back.
      await store.audit.record({
        userId: req.user?.id ?? null,
        username: req.user?.username ?? null,
        action: 'request.refused',
        sourceId: null,
        target: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
        outcome: 'failure',
        message: 'The database was unreachable',
      });
      throw storeUnavailable();
    }
  });
  // Issue 6 — wallboard displays authenticate by their own read-only token, never a session.
  const displays = store.displays;
  const thresholds = store.thresholds;
  registerDisplayAuth(app, displays);

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) return sendError(reply, err);
    if (err instanceof StoreUnavailableError) {
      req.log.warn({ err: err.message }, 'database unreachable');
      return sendError(reply, storeUnavailable());
    }
    // A request that fails its route's schema: the same 400 as every other validation answer.
    if (hasZodFastifySchemaValidationErrors(err)) {
      return sendError(reply, schemaValidationError(err.validation));
    }
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      const message =
        e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'The request body is not valid JSON'
          : e.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'The request body is too large'
            : e.message;
      return sendError(reply, new HttpError(e.statusCode, 'VALIDATION', message));
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, new HttpError(500, 'INTERNAL', 'Something went wrong on the gateway'));
  });

  // Every route file is an encapsulated plugin; what it needs travels in its options, one way.
  // Liveness: the process serves (live screens work from memory even while the database is away);
  // the store's state is there for an operator or a probe that wants it.
  // Anyone may ask, so the database's own error (which names hosts) stays in the log and /metrics.
  app.get('/healthz', async () => {
    const { ok, downSince } = store.health.snapshot();
    return { ok: true, store: { engine: store.engine, ok, downSince } };
  });
  await app.register(authRoutes, { services });
  await app.register(liveRoutes, { services });
  await app.register(sourceRoutes, { services, campaigns });
  await app.register(actionRoutes, { services });
  await app.register(userRoutes, { services });
  await app.register(auditRoutes, { services });
  await app.register(openApiRoutes);
  await app.register(callPlacingRoutes, { services, idempotency });
  await app.register(metricsRoutes, {
    services,
    pollers: () => [...live.pollers(), ...cdrFeed.pollers(), ...campaigns.pollers()],
  });
  await app.register(historyRoutes, { services, history });
  await app.register(queueSettingsRoutes, { services, settings: queueSettings, feed: cdrFeed });
  await app.register(cdrRoutes, { services, feed: cdrFeed });
  await app.register(entryRoutes, { services, entries });
  await app.register(campaignRoutes, { services, campaigns });
  const wallboard = new WallboardService({
    live,
    enricher: cdrFeed,
    thresholds,
    labelOf: (id) => byId.get(id)?.label ?? id,
    timeZoneOf: services.timeZoneOf,
    pollSecondsOf,
  });
  await app.register(wallboardRoutes, { services, wallboard, displays });
  await app.register(displayRoutes, { services, displays });
  await app.register(thresholdRoutes, { services, thresholds });

  const staticDir =
    opts.staticDir && existsSync(resolve(opts.staticDir, 'index.html'))
      ? resolve(opts.staticDir)
      : null;
  if (staticDir) {
    await app.register(fastifyStatic, {
      root: staticDir,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each file worth compressing (vite.config.ts): served
      // by Accept-Encoding with Vary, compressed once at build time at the highest levels.
      preCompressed: true,
      // They are other encodings of their file, not files of their own.
      globIgnore: ['**/*.br', '**/*.gz'],
      setHeaders: (res, path) => {
        // Hashed assets never change; index.html must always be revalidated to pick up a new build.
        res.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (
      req.url.startsWith('/api/') ||
      !staticDir ||
      (req.method !== 'GET' && req.method !== 'HEAD')
    ) {
      return sendError(reply, new HttpError(404, 'NOT_FOUND', 'Not found'));
    }
    // Client-side routes: every other GET gets the SPA shell.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });

  app.addHook('onClose', async () => {
    history.stop();
    await campaigns.stop();
    await cdrFeed.stop();
    await live.stop();
    await Promise.all(connectors.map((c) => c.close()));
    await maintenance.stop();
    await store.close();
  });

  if (opts.startPolling !== false) {
    live.start();
    cdrFeed.start();
    history.start();
    app.addHook('onReady', async () => {
      campaigns.start();
      maintenance.start();
    });
  }
  store.startProbe(opts.storeProbeMs, Math.min(opts.storeProbeMs ?? 2000, 2000));
  return { app, services };
}
