import { API } from '@contract/api';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, splitId } from '@contract/common';
import { QueueHistoryQuery, QueueHistoryResponse } from '@contract/queue';
import type { Services } from '../services/services';
import type { HistoryService } from '../services/history';
import { localMidnight } from '../services/metrics';
import { inScope } from '../services/live';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { parseTime } from '../http/time';
import { guarded, requireUser } from '../http/auth';

// The route pattern of API.queueHistory(id).
const PATH = API.queueHistory(':id').replace('%3Aid', ':id');

/**
 * A queue's history for a chart: `from`/`to` (ISO, inclusive) default to today in the source's
 * time zone. Scope applies as to the live queue: a queue outside it does not exist for the user.
 */
export const historyRoutes: FastifyPluginAsyncZod<{
  services: Services;
  history: HistoryService;
}> = async (app, { services: s, history }) => {
  app.get(
    PATH,
    guarded('viewLive', {
      summary: 'Intraday history of a queue',
      params: IdParams,
      querystring: QueueHistoryQuery,
      response: { 200: QueueHistoryResponse, ...errors(400, 401, 403, 404) },
    }),
    async (req) => {
      const user = requireUser(req);
      const { id } = req.params;
      const parts = splitId(id);
      if (!parts || !s.live.source(parts.sourceId) || !inScope(user.scope, parts.sourceId, id)) {
        throw new HttpError(404, 'NOT_FOUND', 'No such queue');
      }
      const query = req.query;
      const now = Date.now();
      const from = query.from
        ? parseTime(query.from, 'from')
        : localMidnight(now, s.timeZoneOf(parts.sourceId));
      const to = query.to ? parseTime(query.to, 'to') : now;
      if (to <= from) {
        throw new HttpError(400, 'VALIDATION', 'Check the request: to must be after from', {
          to: 'must be after from',
        });
      }
      return {
        queueId: id,
        points: await history.read(id, from, to),
      } satisfies QueueHistoryResponse;
    },
  );
};
