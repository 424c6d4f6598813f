import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API } from '@contract/api';
import {
  ActionResult,
  AgentQueueRequest,
  AgentStateRequest,
  PickupRequest,
} from '@contract/actions';
import { AGENT_STATE_LABELS } from '@contract/agent';
import { splitId } from '@contract/common';
import type { Services } from '../services/services';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { guarded, requireUser } from '../http/auth';
import { inScope } from '../services/live';
import { VendorError, type Connector } from '../connectors/types';

interface ActionSpec {
  action: string;
  /** Contract ids of the target: the queue decides source and scope. */
  queueId: string;
  otherId: string;
  target: string;
  supported: (c: Connector) => boolean;
  unsupported: string;
  run: (c: Connector, queueVendorId: string, otherVendorId: string) => Promise<void>;
  success: string;
}

/**
 * The one path of every action: target checks (same source, in the user's scope, supported by the
 * source), the vendor call, an audit record whatever the outcome, and the snapshot refreshed before
 * answering so every screen's next poll shows the change.
 */
async function runAction(
  s: Services,
  req: FastifyRequest,
  spec: ActionSpec,
): Promise<ActionResult> {
  const user = requireUser(req);
  const queue = splitId(spec.queueId);
  const other = splitId(spec.otherId);
  if (!queue || !other || queue.sourceId !== other.sourceId) {
    throw new HttpError(400, 'VALIDATION', 'The target and the queue must belong to one source', {
      queueId: 'is not a queue of the target’s source',
    });
  }
  const source = s.live.source(queue.sourceId);
  if (!source || !inScope(user.scope, queue.sourceId, spec.queueId)) {
    throw new HttpError(404, 'NOT_FOUND', 'No such source or queue');
  }
  const { connector } = source;
  if (!spec.supported(connector)) {
    throw new HttpError(422, 'UNSUPPORTED', `${connector.label} ${spec.unsupported}`);
  }
  const audit = {
    userId: user.id,
    username: user.username,
    action: spec.action,
    sourceId: connector.id,
    target: spec.target,
  };
  try {
    await spec.run(connector, queue.vendorId, other.vendorId);
  } catch (e) {
    const err =
      e instanceof VendorError ? e : new VendorError('The vendor call failed', null, null, true);
    const auditId = await s.audit.record({
      ...audit,
      outcome: 'failure',
      vendorCode: err.vendorCode,
      message: err.message,
    });
    req.log.warn(
      { source: connector.id, auditId, vendorCode: err.vendorCode, action: spec.action },
      'action failed',
    );
    throw new HttpError(
      err.transient ? 502 : 422,
      err.transient ? 'VENDOR_UNAVAILABLE' : 'VENDOR_ERROR',
      err.message,
    );
  }
  const auditId = await s.audit.record({ ...audit, outcome: 'success', message: spec.success });
  await s.live.refresh(connector.id).catch(() => undefined);
  return { ok: true, message: spec.success, vendorCode: null, auditId };
}

/** Answers of every action: the result, or why nothing was done. */
const ANSWERS = { 200: ActionResult, ...errors(400, 401, 403, 404, 422, 502) };

export const actionRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services: s },
) => {
  app.post(
    API.agentQueue,
    guarded('actOnAgents', {
      summary: 'Log an agent into or out of a queue',
      body: AgentQueueRequest,
      response: ANSWERS,
    }),
    async (req) => {
      const body = req.body;
      return runAction(s, req, {
        action: `agent.queue.${body.action}`,
        queueId: body.queueId,
        otherId: body.agentId,
        target: `${body.agentId} @ ${body.queueId}`,
        supported: (c) => c.capabilities.agentQueueLogin && !!c.agentQueue,
        unsupported: 'does not support queue login and logout',
        run: (c, q, agent) => c.agentQueue!(agent, q, body.action),
        success:
          body.action === 'login' ? 'Agent logged into the queue' : 'Agent logged out of the queue',
      });
    },
  );

  app.post(
    API.agentState,
    guarded('actOnAgents', {
      summary: 'Change an agent’s state',
      body: AgentStateRequest,
      response: ANSWERS,
    }),
    async (req) => {
      const body = req.body;
      return runAction(s, req, {
        action: 'agent.state',
        queueId: body.queueId,
        otherId: body.agentId,
        target: `${body.agentId} @ ${body.queueId} → ${body.state}`,
        supported: (c) => c.capabilities.agentStates.includes(body.state) && !!c.setAgentState,
        unsupported: `cannot put an agent into "${AGENT_STATE_LABELS[body.state]}"`,
        run: (c, q, agent) => c.setAgentState!(agent, q, body.state, body.reason),
        success: `Agent set to ${AGENT_STATE_LABELS[body.state]}`,
      });
    },
  );

  app.post(
    API.pickup,
    guarded('pickup', {
      summary: 'Pick up a waiting caller',
      body: PickupRequest,
      response: ANSWERS,
    }),
    async (req) => {
      const body = req.body;
      const waiting = splitId(body.waitingId);
      const caller = s.live
        .lookup(waiting?.sourceId ?? '')
        ?.waiting.find((w) => w.id === body.waitingId && w.queueId === body.queueId);
      if (!caller?.vendorSessionId) {
        throw new HttpError(404, 'NOT_FOUND', 'That caller is no longer waiting in this queue');
      }
      const session = caller.vendorSessionId;
      return runAction(s, req, {
        action: 'call.pickup',
        queueId: body.queueId,
        otherId: body.waitingId,
        target: `${body.waitingId} @ ${body.queueId}`,
        supported: (c) => c.capabilities.pickup && !!c.pickup,
        unsupported: 'does not support picking up a waiting call',
        run: (c, q) => c.pickup!(q, session),
        success: 'Call picked up',
      });
    },
  );
};
