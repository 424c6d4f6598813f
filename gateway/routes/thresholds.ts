import type { FastifyInstance, FastifyRequest } from 'fastify';
import { splitId } from '@contract/common';
import { QueueThresholds, WALLBOARD_API } from '@contract/wallboard';
import type { Services } from '../services/services';
import type { ThresholdStore } from '../store/displays';
import { inScope } from '../services/live';
import { HttpError, validate } from '../http/errors';
import { requirePermission, requireUser } from '../http/auth';

// The route pattern of WALLBOARD_API.queueThresholds(id).
const PATH = WALLBOARD_API.queueThresholds(':id').replace('%3Aid', ':id');

/**
 * A queue's wallboard thresholds (warn and critical for calls waiting, longest wait and service
 * level): GET and PUT, admins only (manageThresholds), within the admin's scope. PUT takes the whole
 * object, answers it back and leaves an audit record; the wallboard shows it on its next poll.
 */
export function thresholdRoutes(
  app: FastifyInstance,
  s: Services,
  deps: { thresholds: ThresholdStore },
): void {
  const guard = { preHandler: requirePermission('manageThresholds') };

  const queueOf = (req: FastifyRequest): string => {
    const user = requireUser(req);
    const { id } = req.params as { id: string };
    const parts = splitId(id);
    if (!parts || !s.live.source(parts.sourceId) || !inScope(user.scope, parts.sourceId, id)) {
      throw new HttpError(404, 'NOT_FOUND', 'No such queue');
    }
    const known = s.live.lookup(parts.sourceId)?.queues;
    if (known && !known.some((q) => q.id === id)) throw new HttpError(404, 'NOT_FOUND', 'No such queue');
    return id;
  };

  app.get(PATH, guard, async (req) => deps.thresholds.get(queueOf(req)) satisfies QueueThresholds);

  app.put(PATH, guard, async (req) => {
    const queueId = queueOf(req);
    const body = validate(QueueThresholds, req.body);
    const user = requireUser(req);
    const before = deps.thresholds.get(queueId);
    const saved = deps.thresholds.set(queueId, body, user.username);
    s.audit.record({
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
  });
}
