import { API } from '@contract/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IsoTime, splitId } from '@contract/common';
import type { QueueHistoryResponse } from '@contract/queue';
import type { Services } from '../services/services';
import type { HistoryService } from '../services/history';
import { localMidnight } from '../services/metrics';
import { inScope } from '../services/live';
import { HttpError, validate } from '../http/errors';
import { requirePermission, requireUser } from '../http/auth';

// Same path as API.queueHistory(id) in the contract, as a Fastify pattern.
// The route pattern of API.queueHistory(id).
const PATH = API.queueHistory(':id').replace('%3Aid', ':id');

const HistoryQuery = z.object({ from: IsoTime.optional(), to: IsoTime.optional() });

/** Parses an ISO time of a query field or answers 400 naming the field. */
export function parseTime(value: string, field: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    throw new HttpError(400, 'VALIDATION', `Check the request: ${field} is not a date and time`, {
      [field]: 'is not an ISO date and time',
    });
  }
  return t;
}

/**
 * A queue's history for a chart: `from`/`to` (ISO, inclusive) default to today in the source's
 * time zone. Scope applies as to the live queue: a queue outside it does not exist for the user.
 */
export function historyRoutes(
  app: FastifyInstance,
  s: Services,
  deps: { history: HistoryService },
): void {
  app.get(PATH, { preHandler: requirePermission('viewLive') }, async (req) => {
    const user = requireUser(req);
    const { id } = req.params as { id: string };
    const parts = splitId(id);
    if (!parts || !s.live.source(parts.sourceId) || !inScope(user.scope, parts.sourceId, id)) {
      throw new HttpError(404, 'NOT_FOUND', 'No such queue');
    }
    const query = validate(HistoryQuery, req.query);
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
    return { queueId: id, points: deps.history.read(id, from, to) } satisfies QueueHistoryResponse;
  });
}
