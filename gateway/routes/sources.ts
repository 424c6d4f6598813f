import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API } from '@contract/api';
import { SourcesResponse, type Source } from '@contract/source';
import type { Services } from '../services/services';
import type { CampaignService } from '../services/campaigns';
import { errors } from '../http/schemas';
import { guarded, requireUser } from '../http/auth';
import { inScope } from '../services/live';

export const sourceRoutes: FastifyPluginAsyncZod<{
  services: Services;
  campaigns: CampaignService;
}> = async (app, { services: s, campaigns }) => {
  const configured = new Map(s.config.sources.map((src) => [src.id, src]));

  app.get(
    API.sources,
    guarded('viewLive', {
      summary: 'Sources with capabilities and health',
      response: { 200: SourcesResponse, ...errors(401, 403) },
    }),
    async (req) => {
      const user = requireUser(req);
      const items: Source[] = s.live
        .all()
        .filter(({ connector }) => inScope(user.scope, connector.id))
        .map(({ connector, poller }) => {
          // Sources without live data (Iqra, While1) report the health and the interval of their
          // campaign poll: what the source is really polled at.
          const snap = poller?.snapshot() ?? campaigns.snapshot(connector.id);
          const src = configured.get(connector.id)!;
          const h = connector.health();
          const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
          return {
            id: connector.id,
            kind: connector.kind,
            label: connector.label,
            timeZone: s.timeZoneOf(connector.id),
            pollSeconds: poller ? src.pollSeconds : src.campaignPollSeconds,
            capabilities: connector.capabilities,
            health: {
              status: !snap?.lastAttemptAt
                ? 'unknown'
                : snap.error
                  ? snap.data
                    ? 'degraded'
                    : 'down'
                  : 'ok',
              lastPollAt: iso(snap?.lastAttemptAt),
              lastSuccessAt: iso(snap?.fetchedAt),
              lastError: snap?.error ?? null,
              latencyMs: h.lastLatencyMs,
              requestsLastMinute: h.requestsLastMinute,
              budgetPerMinute: h.budgetPerMinute,
            },
          };
        });
      return { items } satisfies SourcesResponse;
    },
  );
};
