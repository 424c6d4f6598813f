import type { FastifyInstance } from 'fastify';
import { API } from '@contract/api';
import type { Source, SourcesResponse } from '@contract/source';
import type { Services } from '../services/services';
import { requirePermission, requireUser } from '../http/auth';
import { inScope } from '../services/live';
import { campaignServiceOf } from '../services/campaigns';

export function sourceRoutes(app: FastifyInstance, s: Services): void {
  app.get(API.sources, { preHandler: requirePermission('viewLive') }, async (req) => {
    const user = requireUser(req);
    const items: Source[] = s.live
      .all()
      .filter(({ connector }) => inScope(user.scope, connector.id))
      .map(({ connector, poller }) => {
        // Sources without live data (Iqra, While1) report the health of their campaign poll.
        const snap = poller?.snapshot() ?? campaignServiceOf(s)?.snapshot(connector.id);
        const h = connector.health();
        const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
        return {
          id: connector.id,
          kind: connector.kind,
          label: connector.label,
          timeZone: s.timeZoneOf(connector.id),
          pollSeconds: s.pollSecondsOf(connector.id),
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
  });
}
