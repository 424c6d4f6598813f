import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, splitId } from '@contract/common';
import { QueueThresholds, WALLBOARD_API } from '@contract/wallboard';
import type { Services } from '../services/services';
import type { ThresholdStore } from '../store/displays';
import { inScope } from '../services/live';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { guarded, requireUser } from '../http/auth';

// The route pattern of WALLBOARD_API.queueThresholds(id).
const PATH = WALLBOARD_API.queueThresholds(':id').replace('%3Aid', ':id');

/**
 * A queue's wallboard thresholds (warn and critical for calls waiting, longest wait and service
 * level): GET and PUT, admins only (manageThresholds), within the admin's scope. PUT takes the whole
 * object, answers it back and leaves an audit record; the wallboard shows it on its next poll.
 */
export const thresholdRoutes: FastifyPluginAsyncZod<{
  services: Services;
  thresholds: ThresholdStore;
}> = async (app, { services: s, thresholds }) => {
  const queueOf = (req: FastifyRequest, id: string): string => {
    const user = requireUser(req);
    const parts = splitId(id);
    if (!parts || !s.live.source(parts.sourceId) || !inScope(user.scope, parts.sourceId, id)) {
      throw new HttpError(404, 'NOT_FOUND', 'No such queue');
    }
    const known = s.live.lookup(parts.sourceId)?.queues;
    if (known && !known.some((q) => q.id === id))
      throw new HttpError(404, 'NOT_FOUND', 'No such queue');
    return id;
  };

  app.get(
    PATH,
    guarded('manageThresholds', {
      summary: 'Wallboard thresholds of a queue',
      params: IdParams,
      response: { 200: QueueThresholds, ...errors(401, 403, 404) },
    }),
    async (req) => thresholds.get(queueOf(req, req.params.id)) satisfies QueueThresholds,
  );

  app.put(
    PATH,
    guarded('manageThresholds', {
      summary: 'Change the wallboard thresholds of a queue',
      params: IdParams,
      body: QueueThresholds,
      response: { 200: QueueThresholds, ...errors(400, 401, 403, 404) },
    }),
    async (req) => {
      const queueId = queueOf(req, req.params.id);
      const body = req.body;
      const user = requireUser(req);
      const before = thresholds.get(queueId);
      const saved = await thresholds.set(queueId, body, user.username);
      await s.audit.record({
        userId: user.id,
        username: user.username,
        action: 'queue.thresholds',
        sourceId: splitId(queueId)!.sourceId,
        target: queueId,
        outcome: 'success',
        message: 'Wallboard thresholds changed',
        details: { before, after: saved },
      });
      return saved satisfies QueueThresholds;
    },
  );
};
