import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API } from '@contract/api';
import type { CampaignHistoryResponse, CampaignsResponse } from '@contract/campaign';
import { IsoTime, splitId } from '@contract/common';
import type { Services } from '../services/services';
import { CampaignService, attachCampaignService } from '../services/campaigns';
import { inScope } from '../services/live';
import { HttpError, validate } from '../http/errors';
import { requirePermission, requireUser } from '../http/auth';
import { parseTime } from './history';

// Campaign history, as a Fastify pattern (`/api/v1/campaigns/<sourceId:vendorId>/history`).
const HISTORY_PATH = '/api/v1/campaigns/:id/history';
const DAY = 24 * 3600_000;

const CampaignsQuery = z.object({ source: z.string().min(1).optional() });
const HistoryQuery = z.object({ from: IsoTime.optional(), to: IsoTime.optional() });

/**
 * Campaign progress (issue 5, the campaign part of "History"): the campaign pollers start with the
 * app unless `start` is false; `GET /campaigns` answers from their snapshots and the stored samples,
 * `GET /campaigns/:id/history` from the samples (last 24 hours by default, at most 1,000 points).
 */
export function campaignRoutes(
  app: FastifyInstance,
  s: Services,
  opts: { start?: boolean } = {},
): CampaignService {
  const pollSeconds = new Map(s.config.sources.map((src) => [src.id, src.pollSeconds]));
  const service = new CampaignService(
    s.db,
    s.live.all().map((x) => x.connector),
    {
      // A source's pollSeconds, when set, paces its campaign poll too; 30 s otherwise.
      intervalMs: (id) => (pollSeconds.get(id) ?? 30) * 1000,
      onError: (source, err) => app.log.warn({ source, err: err.message }, 'campaign poll failed'),
    },
  );
  attachCampaignService(s, service);
  if (opts.start !== false) app.addHook('onReady', async () => service.start());
  app.addHook('onClose', async () => service.stop());

  app.get(API.campaigns, { preHandler: requirePermission('viewEntries') }, async (req, reply) => {
    const user = requireUser(req);
    const q = validate(CampaignsQuery, req.query ?? {});
    if (q.source && (!s.live.source(q.source) || !inScope(user.scope, q.source))) {
      throw new HttpError(404, 'NOT_FOUND', 'No such source');
    }
    void reply.header('cache-control', 'no-store');
    return {
      items: service.progress((id) => inScope(user.scope, id) && (!q.source || q.source === id)),
    } satisfies CampaignsResponse;
  });

  app.get(HISTORY_PATH, { preHandler: requirePermission('viewEntries') }, async (req) => {
    const user = requireUser(req);
    const { id } = req.params as { id: string };
    const parts = splitId(id);
    if (!parts || !s.live.source(parts.sourceId) || !inScope(user.scope, parts.sourceId)) {
      throw new HttpError(404, 'NOT_FOUND', 'No such campaign');
    }
    const query = validate(HistoryQuery, req.query ?? {});
    const now = Date.now();
    const to = query.to ? parseTime(query.to, 'to') : now;
    const from = query.from ? parseTime(query.from, 'from') : to - DAY;
    if (to <= from) {
      throw new HttpError(400, 'VALIDATION', 'Check the request: to must be after from', {
        to: 'must be after from',
      });
    }
    if (!service.knows(id, parts.sourceId, parts.vendorId))
      throw new HttpError(404, 'NOT_FOUND', 'No such campaign');
    return service.history(id, from, to) satisfies CampaignHistoryResponse;
  });

  return service;
}
