import type { FastifyInstance } from 'fastify';
import { API } from '@contract/api';
import { AgentQueueRequest, type ActionResult } from '@contract/actions';
import { splitId } from '@contract/common';
import type { Services } from '../services/services';
import { HttpError, validate } from '../http/errors';
import { requirePermission, requireUser } from '../http/auth';
import { inScope } from '../services/live';
import { VendorError } from '../connectors/types';

export function actionRoutes(app: FastifyInstance, s: Services): void {
  app.post(API.agentQueue, { preHandler: requirePermission('actOnAgents') }, async (req) => {
    const user = requireUser(req);
    const body = validate(AgentQueueRequest, req.body);
    const agent = splitId(body.agentId);
    const queue = splitId(body.queueId);
    if (!agent || !queue || agent.sourceId !== queue.sourceId) {
      throw new HttpError(400, 'VALIDATION', 'The agent and the queue must belong to one source', {
        queueId: 'is not a queue of the agent’s source',
      });
    }
    const source = s.live.source(agent.sourceId);
    if (!source || !inScope(user.scope, agent.sourceId, body.queueId)) {
      throw new HttpError(404, 'NOT_FOUND', 'No such source or queue');
    }
    const { connector } = source;
    if (!connector.capabilities.agentQueueLogin || !connector.agentQueue) {
      throw new HttpError(422, 'UNSUPPORTED', `${connector.label} does not support queue login and logout`);
    }
    const audit = {
      userId: user.id,
      username: user.username,
      action: `agent.queue.${body.action}`,
      sourceId: connector.id,
      target: `${body.agentId} @ ${body.queueId}`,
    };
    try {
      await connector.agentQueue(agent.vendorId, queue.vendorId, body.action);
    } catch (e) {
      const err = e instanceof VendorError ? e : new VendorError(String(e), null, null, true);
      const auditId = s.audit.record({
        ...audit,
        outcome: 'failure',
        vendorCode: err.vendorCode,
        message: err.message,
      });
      req.log.warn({ source: connector.id, auditId, vendorCode: err.vendorCode }, 'action failed');
      throw new HttpError(err.transient ? 502 : 422, err.transient ? 'VENDOR_UNAVAILABLE' : 'VENDOR_ERROR', err.message);
    }
    const message = body.action === 'login' ? 'Agent logged into the queue' : 'Agent logged out of the queue';
    const auditId = s.audit.record({ ...audit, outcome: 'success', message });
    // The affected snapshot is refreshed before answering, so the next poll of every screen shows it.
    await s.live.refresh(connector.id).catch(() => undefined);
    return { ok: true, message, vendorCode: null, auditId } satisfies ActionResult;
  });
}
