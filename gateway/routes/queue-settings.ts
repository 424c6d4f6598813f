import { API } from '@contract/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { splitId } from '@contract/common';
import { SlaSettings } from '@contract/queue';
import type { Services } from '../services/services';
import type { CdrFeed } from '../services/cdr-feed';
import type { QueueSettingsStore } from '../store/queue-settings';
import { inScope } from '../services/live';
import { HttpError, validate } from '../http/errors';
import { requirePermission, requireUser } from '../http/auth';

// Not in contract/api.ts yet: API.queueSettings(id) would be `/api/v1/queues/${id}/settings`.
// The route pattern of API.queueSettings(id).
const PATH = API.queueSettings(':id').replace('%3Aid', ':id');

/**
 * A queue's service-level settings (docs/metrics.md#per-queue-settings): GET and PUT, admins only (manageThresholds).
 * PUT takes the whole SlaSettings, answers it back, recomputes today's metrics of the queue at once
 * and leaves an audit record.
 */
export function queueSettingsRoutes(
  app: FastifyInstance,
  s: Services,
  deps: { settings: QueueSettingsStore; feed: CdrFeed },
): void {
  const guard = { preHandler: requirePermission('manageThresholds') };

  const queueOf = (req: FastifyRequest): string => {
    const user = requireUser(req);
    const { id } = req.params as { id: string };
    const parts = splitId(id);
    if (!parts || !s.live.source(parts.sourceId) || !inScope(user.scope, parts.sourceId, id)) {
      throw new HttpError(404, 'NOT_FOUND', 'No such queue');
    }
    // Once the source's queues are known, settings for a queue it does not have are refused.
    const known = s.live.lookup(parts.sourceId)?.queues;
    if (known && !known.some((q) => q.id === id))
      throw new HttpError(404, 'NOT_FOUND', 'No such queue');
    return id;
  };

  app.get(PATH, guard, async (req) => deps.settings.get(queueOf(req)) satisfies SlaSettings);

  app.put(PATH, guard, async (req) => {
    const queueId = queueOf(req);
    const body = validate(SlaSettings.strict(), req.body);
    const user = requireUser(req);
    const before = deps.settings.get(queueId);
    const saved = deps.settings.set(queueId, body, user.username);
    deps.feed.settingsChanged(queueId);
    s.audit.record({
      userId: user.id,
      username: user.username,
      action: 'queue.settings',
      sourceId: splitId(queueId)!.sourceId,
      target: queueId,
      outcome: 'success',
      message: 'Service-level settings changed',
      details: { before, after: saved },
    });
    return saved satisfies SlaSettings;
  });
}
