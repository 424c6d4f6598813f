import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Services } from '../services/services';
import type { Poller } from '../services/poller';
import { HttpError } from '../http/errors';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Escapes a Prometheus label value. */
function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Operators' scrape endpoint: token-protected when configured, loopback-only otherwise. */
function checkScraper(req: FastifyRequest, token: string | undefined): void {
  if (token) {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !sameSecret(auth.slice(7), token)) {
      throw new HttpError(401, 'UNAUTHENTICATED', 'A valid metrics token is required');
    }
    return;
  }
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
    throw new HttpError(
      403,
      'FORBIDDEN',
      'Set metricsToken in the config to scrape from elsewhere',
    );
  }
}

/** `/metrics` for Prometheus; not part of /api/v1 and its document. */
export const metricsRoutes: FastifyPluginAsync<{
  services: Services;
  /** Every poller of the gateway: live, CDR and campaign. */
  pollers: () => Poller<unknown>[];
}> = async (app, { services: s, pollers }) => {
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    checkScraper(req, s.config.metricsToken);
    const lines: string[] = [];
    const family = (name: string, type: 'counter' | 'gauge', help: string) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

    const polls = pollers().map((p) => {
      const [source = p.name, resource = ''] = p.name.split('/');
      return { source, resource, stats: p.stats(), snap: p.snapshot() };
    });
    family('queuedeck_polls_total', 'counter', 'Vendor polls per source and resource.');
    for (const p of polls) {
      lines.push(
        `queuedeck_polls_total{source="${label(p.source)}",resource="${label(p.resource)}"} ${p.stats.polls}`,
      );
    }
    family(
      'queuedeck_poll_errors_total',
      'counter',
      'Failed vendor polls per source and resource.',
    );
    for (const p of polls) {
      lines.push(
        `queuedeck_poll_errors_total{source="${label(p.source)}",resource="${label(p.resource)}"} ${p.stats.failures}`,
      );
    }
    family('queuedeck_poll_duration_seconds', 'gauge', 'Duration of the last poll.');
    for (const p of polls) {
      if (p.stats.lastDurationMs === null) continue;
      lines.push(
        `queuedeck_poll_duration_seconds{source="${label(p.source)}",resource="${label(p.resource)}"} ${p.stats.lastDurationMs / 1000}`,
      );
    }
    family('queuedeck_snapshot_age_seconds', 'gauge', 'Age of the last good data.');
    const now = Date.now();
    for (const p of polls) {
      if (p.snap.fetchedAt === null) continue;
      lines.push(
        `queuedeck_snapshot_age_seconds{source="${label(p.source)}",resource="${label(p.resource)}"} ${(now - p.snap.fetchedAt) / 1000}`,
      );
    }

    const sources = s.live
      .all()
      .map(({ connector }) => ({ id: connector.id, h: connector.health() }));
    family(
      'queuedeck_vendor_requests_last_minute',
      'gauge',
      'Vendor requests sent in the last 60 s.',
    );
    for (const x of sources)
      lines.push(
        `queuedeck_vendor_requests_last_minute{source="${label(x.id)}"} ${x.h.requestsLastMinute}`,
      );
    family(
      'queuedeck_vendor_budget_per_minute',
      'gauge',
      'The request budget per minute of the source.',
    );
    for (const x of sources) {
      if (x.h.budgetPerMinute !== null)
        lines.push(
          `queuedeck_vendor_budget_per_minute{source="${label(x.id)}"} ${x.h.budgetPerMinute}`,
        );
    }
    family('queuedeck_vendor_latency_seconds', 'gauge', 'Latency of the last vendor request.');
    for (const x of sources) {
      if (x.h.lastLatencyMs !== null)
        lines.push(
          `queuedeck_vendor_latency_seconds{source="${label(x.id)}"} ${x.h.lastLatencyMs / 1000}`,
        );
    }

    const store = s.store.health.snapshot();
    const engine = `engine="${s.store.engine}"`;
    family('queuedeck_store_up', 'gauge', 'Whether the database answers (1) or not (0).');
    lines.push(`queuedeck_store_up{${engine}} ${store.ok ? 1 : 0}`);
    family('queuedeck_store_outages_total', 'counter', 'Database outages since start.');
    lines.push(`queuedeck_store_outages_total{${engine}} ${store.outages}`);
    family(
      'queuedeck_store_down_seconds',
      'gauge',
      'How long the database has been unreachable (0 while it answers).',
    );
    lines.push(
      `queuedeck_store_down_seconds{${engine}} ${store.downSince ? (Date.now() - Date.parse(store.downSince)) / 1000 : 0}`,
    );
    family(
      'queuedeck_audit_backlog',
      'gauge',
      'Audit records kept in memory until the database is back.',
    );
    lines.push(`queuedeck_audit_backlog ${s.store.audit.backlog().pending}`);

    // Counted in the database: left out (not reported as zero) while it is away.
    const counts = store.ok ? await s.audit.countsByOutcome().catch(() => null) : null;
    if (counts) {
      family(
        'queuedeck_actions_total',
        'counter',
        'Actions by kind and outcome (from the audit trail).',
      );
      for (const a of counts) {
        lines.push(
          `queuedeck_actions_total{action="${label(a.action)}",outcome="${label(a.outcome)}"} ${a.n}`,
        );
      }
    }
    return reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(lines.join('\n') + '\n');
  });
};
