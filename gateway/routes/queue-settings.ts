import { API } from '@contract/api';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, splitId } from '@contract/common';
import { SlaSettings } from '@contract/queue';
import type { Services } from '../services/services';
import type { CdrFeed } from '../services/cdr-feed';
import type { QueueSettingsStore } from '../store/queue-settings';
import { inScope } from '../services/live';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { guarded, requireUser } from '../http/auth';

// The route pattern of API.queueSettings(id).
const PATH = API.queueSettings(':id').replace('%3Aid', ':id');

/**
 * A queue's service-level settings (docs/metrics.md#per-queue-settings): GET and PUT, admins only (manageThresholds).
 * PUT takes the whole SlaSettings, answers it back, recomputes today's metrics of the queue at once
 * and leaves an audit record.
 */
export const queueSettingsRoutes: FastifyPluginAsyncZod<{
  services: Services;
  settings: QueueSettingsStore;
  feed: CdrFeed;
}> = async (app, { services: s, settings, feed }) => {
  const queueOf = (req: FastifyRequest, id: string): string => {
    const user = requireUser(req);
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

  app.get(
    PATH,
    guarded('manageThresholds', {
      summary: 'Service-level settings of a queue',
      params: IdParams,
      response: { 200: SlaSettings, ...errors(401, 403, 404) },
    }),
    async (req) => settings.get(queueOf(req, req.params.id)) satisfies SlaSettings,
  );

  app.put(
    PATH,
    guarded('manageThresholds', {
      summary: 'Change the service-level settings of a queue',
      params: IdParams,
      body: SlaSettings.strict(),
      response: { 200: SlaSettings, ...errors(400, 401, 403, 404) },
    }),
    async (req) => {
      const queueId = queueOf(req, req.params.id);
      const body = req.body;
      const user = requireUser(req);
      const before = settings.get(queueId);
      const saved = await settings.set(queueId, body, user.username);
      feed.settingsChanged(queueId);
      await s.audit.record({
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
    },
  );
};
