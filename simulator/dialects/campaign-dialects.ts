import type { FastifyInstance } from 'fastify';
import { type CampaignWorld, createCampaignWorld, DEFAULT_IQRA_BUSINESS_ID } from '../model/campaigns';
import type { SimClock } from '../model/clock';
import type { DialectContext, DialectPlugin } from './types';
import { registerIqra } from './iqra';
import { registerWhile1 } from './while1';

// Iqra and While1 share one campaign world per simulator (one believable call centre): created by
// whichever dialect registers first, closed with the clock's server.
const worlds = new WeakMap<SimClock, CampaignWorld>();

function worldFor(ctx: DialectContext, app: FastifyInstance): CampaignWorld {
  let world = worlds.get(ctx.clock);
  if (!world) {
    world = createCampaignWorld({
      now: () => ctx.clock.now() * 1000,
      seed: ctx.seed,
      ...(ctx.options.entries !== undefined ? { entries: ctx.options.entries } : {}),
    });
    worlds.set(ctx.clock, world);
    const w = world;
    app.addHook('onClose', async () => w.close());
  }
  return world;
}

/** The campaign world of a simulator (by its clock), once a campaign dialect has registered. */
export function campaignWorldOf(clock: SimClock): CampaignWorld | undefined {
  return worlds.get(clock);
}

/** Keeps the campaign world at the clock before each request of the dialect. */
function syncOnRequest(app: FastifyInstance, world: CampaignWorld): void {
  app.addHook('onRequest', async () => world.sync());
}

function iqraPlugin(name: string, flavor: 'docs' | 'server'): DialectPlugin<object> {
  return {
    name,
    register(app, ctx) {
      const world = worldFor(ctx, app);
      syncOnRequest(app, world);
      const r = ctx.rng('api-key');
      // The open-source server only accepts keys starting with iu_; the docs show iqra_sk_.
      const apiKey = `${flavor === 'server' ? 'iu_' : 'iqra_sk_'}${r.alnum(32)}`;
      registerIqra(app, {
        world,
        businessId: DEFAULT_IQRA_BUSINESS_ID,
        apiKey,
        flavor,
        prefix: '',
        // Docs flavor only (the server flavor has no limiter); undefined keeps the documented 60/min.
        ...(ctx.options.iqraRateLimit !== undefined ? { rateLimit: ctx.options.iqraRateLimit } : {}),
      });
      return { businessId: String(DEFAULT_IQRA_BUSINESS_ID), apiKey, flavor };
    },
  };
}

/** Iqra AI as documented (page/pageSize, string statuses). */
export const iqraDialect = iqraPlugin('iqra', 'docs');
/** Iqra AI as the open-source server behaves (cursors, integer statuses, HTTP 200 errors). */
export const iqraServerDialect = iqraPlugin('iqra-server', 'server');

export const while1Dialect: DialectPlugin<object> = {
  name: 'while1',
  register(app, ctx) {
    const world = worldFor(ctx, app);
    syncOnRequest(app, world);
    const r = ctx.rng('credentials');
    const apiToken = r.alnum(40);
    const apiKey = r.alnum(24);
    registerWhile1(app, { world, apiToken, apiKey, prefix: '' });
    return { apiToken, apiKey };
  },
};
