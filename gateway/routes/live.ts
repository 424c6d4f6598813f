import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API } from '@contract/api';
import type { Services } from '../services/services';
import type { CachedBody } from '../services/live';
import { requirePermission, requireUser } from '../http/auth';

/** Answers with a pre-serialised body and its ETag; an unchanged snapshot costs a 304. */
function sendCached(req: FastifyRequest, reply: FastifyReply, c: CachedBody): FastifyReply {
  reply.header('etag', c.etag).header('cache-control', 'no-cache, private');
  if (req.headers['if-none-match'] === c.etag) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(c.body);
}

// Queues, agents and calls: the three live resources, each read from the shared snapshots.
export function liveRoutes(app: FastifyInstance, s: Services): void {
  const guard = { preHandler: requirePermission('viewLive') };
  app.get(API.queues, guard, async (req, reply) =>
    sendCached(req, reply, s.live.queues(requireUser(req).scope)),
  );
  app.get(API.agents, guard, async (req, reply) =>
    sendCached(req, reply, s.live.agents(requireUser(req).scope)),
  );
  app.get(API.calls, guard, async (req, reply) =>
    sendCached(req, reply, s.live.calls(requireUser(req).scope)),
  );
}
