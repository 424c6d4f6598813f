import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API } from '@contract/api';
import {
  CampaignHistoryQuery,
  CampaignHistoryResponse,
  CampaignsQuery,
  CampaignsResponse,
} from '@contract/campaign';
import { IdParams, splitId } from '@contract/common';
import type { Services } from '../services/services';
import type { CampaignService } from '../services/campaigns';
import { inScope } from '../services/live';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { parseTime } from '../http/time';
import { guarded, requireUser } from '../http/auth';

// Campaign history, as a Fastify pattern (`/api/v1/campaigns/<sourceId:vendorId>/history`).
const HISTORY_PATH = '/api/v1/campaigns/:id/history';
const DAY = 24 * 3600_000;

/**
 * Campaign progress (issue 5, the campaign part of "History"), from the campaign service app.ts
 * builds and starts: `GET /campaigns` answers from its pollers' snapshots and the stored samples,
 * `GET /campaigns/:id/history` from the samples (last 24 hours by default, at most 1,000 points).
 */
export const campaignRoutes: FastifyPluginAsyncZod<{
  services: Services;
  campaigns: CampaignService;
}> = async (app, { services: s, campaigns: service }) => {
  app.get(
    API.campaigns,
    guarded('viewEntries', {
      summary: 'Campaign progress',
      querystring: CampaignsQuery,
      response: { 200: CampaignsResponse, ...errors(400, 401, 403, 404) },
    }),
    async (req, reply) => {
      const user = requireUser(req);
      const q = req.query;
      if (q.source && (!s.live.source(q.source) || !inScope(user.scope, q.source))) {
        throw new HttpError(404, 'NOT_FOUND', 'No such source');
      }
      void reply.header('cache-control', 'no-store');
      return {
        items: await service.progress(
          (id) => inScope(user.scope, id) && (!q.source || q.source === id),
        ),
      } satisfies CampaignsResponse;
    },
  );

  app.get(
    HISTORY_PATH,
    guarded('viewEntries', {
      summary: 'Campaign counts over time',
      params: IdParams,
      querystring: CampaignHistoryQuery,
      response: { 200: CampaignHistoryResponse, ...errors(400, 401, 403, 404) },
    }),
    async (req) => {
      const user = requireUser(req);
      const { id } = req.params;
      const parts = splitId(id);
      if (!parts || !s.live.source(parts.sourceId) || !inScope(user.scope, parts.sourceId)) {
        throw new HttpError(404, 'NOT_FOUND', 'No such campaign');
      }
      const query = req.query;
      const now = Date.now();
      const to = query.to ? parseTime(query.to, 'to') : now;
      const from = query.from ? parseTime(query.from, 'from') : to - DAY;
      if (to <= from) {
        throw new HttpError(400, 'VALIDATION', 'Check the request: to must be after from', {
          to: 'must be after from',
        });
      }
      if (!(await service.knows(id, parts.sourceId, parts.vendorId)))
        throw new HttpError(404, 'NOT_FOUND', 'No such campaign');
      return (await service.history(id, from, to)) satisfies CampaignHistoryResponse;
    },
  );
};
