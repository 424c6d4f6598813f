import { readFileSync } from 'node:fs';
import { z } from 'zod';

const SourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'use 1–40 lowercase letters, digits, "-" or "_"');

const TimeZone = z.string().refine(isTimeZone, { message: 'is not a known IANA time zone' });

const sourceBase = {
  id: SourceId,
  label: z.string().min(1).max(80).optional(),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  timeZone: TimeZone.optional(),
  pollSeconds: z.number().min(1).max(300).optional(),
  /** How long one vendor request may take before it counts as failed. */
  timeoutSeconds: z.number().min(1).max(60).optional(),
};

const Secret = z.string().min(1, 'must not be empty');

export const FonoucSourceConfig = z.object({
  ...sourceBase,
  kind: z.literal('fonouc'),
  accountId: z.string().min(1),
  domain: z.string().min(1),
  username: z.string().min(1),
  password: Secret,
});
export const PortsipSourceConfig = z.object({
  ...sourceBase,
  kind: z.literal('portsip'),
  domain: z.string().min(1),
  username: z.string().min(1),
  password: Secret,
});
export const IqraSourceConfig = z.object({
  ...sourceBase,
  kind: z.literal('iqra'),
  businessId: z.union([z.string().min(1), z.number().int()]).transform(String),
  apiKey: Secret,
  flavor: z.enum(['docs', 'server']).default('docs'),
});
export const While1SourceConfig = z.object({
  ...sourceBase,
  kind: z.literal('while1'),
  apiToken: Secret,
  apiKey: Secret,
  /** Where scheduled callbacks go (CallQueue Save); without it the source cannot schedule them. */
  callbacks: z
    .object({
      projectId: z.number().int().min(1),
      type: z.enum(['queue', 'user', 'context']).default('queue'),
      destination: z.string().min(1),
      campaign: z.string().min(1).max(100).default('Queuedeck'),
    })
    .optional(),
});

export const SourceConfig = z.discriminatedUnion(
  'kind',
  [FonoucSourceConfig, PortsipSourceConfig, IqraSourceConfig, While1SourceConfig],
  { error: 'kind must be one of fonouc, portsip, iqra, while1' },
);
export type SourceConfig = z.infer<typeof SourceConfig>;
export type FonoucSourceConfig = z.infer<typeof FonoucSourceConfig>;
export type PortsipSourceConfig = z.infer<typeof PortsipSourceConfig>;

/** Live data (queues, agents, calls) is polled every 2 s unless the source sets pollSeconds. */
const DEFAULT_POLL_SECONDS = 2;
/** Campaigns are polled every 30 s unless the source sets pollSeconds, which then paces them too. */
const DEFAULT_CAMPAIGN_POLL_SECONDS = 30;

/**
 * A source as the gateway runs it: its poll intervals resolved here, once. `pollSeconds` paces the
 * live poll (Fonouc, PortSIP), `campaignPollSeconds` the campaign poll (Iqra, While1, whose
 * sources have no live data): whatever a kind polls reads its interval from here, and nowhere
 * else holds a default.
 */
export type ResolvedSourceConfig<S extends SourceConfig = SourceConfig> = S & {
  pollSeconds: number;
  campaignPollSeconds: number;
};

function resolvePolling<S extends SourceConfig>(source: S): ResolvedSourceConfig<S> {
  return {
    ...source,
    pollSeconds: source.pollSeconds ?? DEFAULT_POLL_SECONDS,
    campaignPollSeconds: source.pollSeconds ?? DEFAULT_CAMPAIGN_POLL_SECONDS,
  };
}

/** `"postgres://…"` or `{ url, poolSize }`; the URL's password may come from `${NAME}`. */
export const DatabaseConfig = z
  .union([
    z.string(),
    z.object({ url: z.string(), poolSize: z.number().int().min(1).max(100).optional() }),
  ])
  .transform((d) => (typeof d === 'string' ? { url: d } : d))
  .pipe(
    z.object({
      url: z
        .string()
        .regex(
          /^postgres(ql)?:\/\/[^/]+/,
          'must be a postgres:// URL, e.g. postgres://queuedeck@db:5432/queuedeck',
        ),
      poolSize: z.number().int().optional(),
    }),
  );
export type DatabaseConfig = z.infer<typeof DatabaseConfig>;

export const Config = z
  .object({
    listen: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
      })
      .default({ host: '127.0.0.1', port: 8080 }),
    dataDir: z.string().min(1).default('./data'),
    /**
     * The store: SQLite in dataDir when absent; a PostgreSQL URL (postgres://user:pass@host:port/db)
     * for sites that run one, or several gateways sharing it.
     */
    database: DatabaseConfig.optional(),
    timeZone: TimeZone.default('UTC'),
    /** Origins allowed to frame the SPA (CSP frame-ancestors); none by default. */
    frameAncestors: z.array(z.string().min(1)).default(["'none'"]),
    /** Set when the gateway is served over TLS (directly or behind a proxy): Secure, __Host- cookies. */
    secureCookies: z.boolean().default(false),
    sessionHours: z
      .number()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Bearer token a Prometheus scraper sends to /metrics; without one only loopback may scrape. */
    metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
    sources: z.array(SourceConfig).min(1, 'add at least one source'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.sources.forEach((s, i) => {
      if (seen.has(s.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'id'],
          message: `duplicate id "${s.id}"`,
        });
      }
      seen.add(s.id);
    });
  })
  .transform((c) => ({ ...c, sources: c.sources.map((s) => resolvePolling(s)) }));
export type Config = z.infer<typeof Config>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/**
 * Replaces every string of the exact form `${NAME}` with the environment variable NAME, so secrets
 * stay out of config files. A missing variable is a config error naming the field.
 */
export function interpolateEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  problems: string[],
  path: (string | number)[] = [],
): unknown {
  if (typeof value === 'string') {
    const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (!m) return value;
    const name = m[1]!;
    const v = env[name];
    if (v === undefined || v === '') {
      problems.push(`${formatPath(path)}: environment variable ${name} is not set`);
      return value;
    }
    return v;
  }
  if (Array.isArray(value))
    return value.map((v, i) => interpolateEnv(v, env, problems, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, problems, [...path, k])]),
    );
  }
  return value;
}

/** Validates a parsed config object; throws ConfigError with one line per problem, naming the field. */
export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const interpolated = interpolateEnv(raw, env, problems);
  if (problems.length) throw new ConfigError(problems);
  const result = Config.safeParse(interpolated);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${formatPath(i.path) || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

/** Reads and validates a JSON config file. */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`cannot read ${file}: ${(e as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`${file} is not valid JSON: ${(e as Error).message}`]);
  }
  return parseConfig(raw, env);
}

/** Applies PORT / HOST / QUEUEDECK_DATA_DIR / QUEUEDECK_DATABASE_URL from the environment over the file's values. */
export function applyEnvOverrides(config: Config, env: NodeJS.ProcessEnv = process.env): Config {
  const out = { ...config, listen: { ...config.listen } };
  if (env.PORT) {
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError([`PORT: "${env.PORT}" is not a port number`]);
    }
    out.listen.port = port;
  }
  if (env.HOST) out.listen.host = env.HOST;
  if (env.QUEUEDECK_DATA_DIR) out.dataDir = env.QUEUEDECK_DATA_DIR;
  if (env.QUEUEDECK_DATABASE_URL) {
    const parsed = DatabaseConfig.safeParse(env.QUEUEDECK_DATABASE_URL);
    if (!parsed.success) {
      throw new ConfigError([
        `QUEUEDECK_DATABASE_URL: ${parsed.error.issues[0]?.message ?? 'is not valid'}`,
      ]);
    }
    out.database = parsed.data;
  }
  return out;
}

/** The source's time zone, falling back to the gateway's. */
export function sourceTimeZone(config: Config, source: SourceConfig): string {
  // While1 sends wall-clock times without a zone; its PBXs run on Romanian time unless told otherwise.
  return source.timeZone ?? (source.kind === 'while1' ? 'Europe/Bucharest' : config.timeZone);
}
