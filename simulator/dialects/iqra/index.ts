/**
 * Iqra AI dialect (Iqra's "Queues API" and "Initiate call" pages). Two flavors, because the
 * vendor's documentation and its code disagree (docs/vendors.md#iqra-flavours): 'docs' (default) and 'server'.
 */
import type { FastifyInstance } from 'fastify';
import type { CampaignWorld } from '../../model/campaigns/index';
import { RateLimiter } from './common';
import { registerDocsRoutes } from './docs-flavor';
import { registerServerRoutes } from './server-flavor';

export interface IqraDialectOptions {
  world: CampaignWorld;
  businessId: number;
  /** Expected in `Authorization: Token <apiKey>`. Use an `iu_` key for the server flavor. */
  apiKey: string;
  flavor: 'docs' | 'server';
  /** Default '/iqra'. */
  prefix?: string;
  /** Docs flavor only: default 60 requests per 60 s per key; false disables. */
  rateLimit?: { limit: number; windowMs: number } | false;
  /** Clock for the rate limiter; default wall time so a paused virtual clock cannot lock clients out. */
  rateLimitClock?: () => number;
}

export function registerIqra(app: FastifyInstance, opts: IqraDialectOptions): void {
  const tenant = opts.world.tenantByBusinessId(opts.businessId);
  if (!tenant) throw new Error(`Iqra dialect: the world has no Iqra business ${opts.businessId}`);
  const ctx = { world: opts.world, tenant };
  void app.register(
    async (scope) => {
      // Bodies are decoded per route (JSON, multipart, form) so that each flavor can answer a bad
      // body in its own envelope instead of Fastify's. The parsers stay inside this scope.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) =>
        done(null, body),
      );
      if (opts.flavor === 'server') {
        registerServerRoutes(scope, { ctx, businessId: opts.businessId, apiKey: opts.apiKey });
      } else {
        const rl = opts.rateLimit === undefined ? { limit: 60, windowMs: 60_000 } : opts.rateLimit;
        const limiter = rl
          ? new RateLimiter(rl.limit, rl.windowMs, opts.rateLimitClock ?? Date.now)
          : null;
        registerDocsRoutes(scope, {
          ctx,
          businessId: opts.businessId,
          apiKey: opts.apiKey,
          limiter,
        });
      }
    },
    { prefix: opts.prefix ?? '/iqra' },
  );
}
