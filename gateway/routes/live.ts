import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '@contract/auth';
import { API } from '@contract/api';
import { FETCHED_AT_HEADER } from '@contract/source';
import type { Services } from '../services/services';
import type { CachedBody } from '../services/live';
import { requirePermission, requireUser } from '../http/auth';

/**
 * Answers with a pre-serialised body and its ETag; an unchanged snapshot costs a 304, and the
 * sources' latest good polls ride in a header so the screen knows the data is still current.
 */
function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  c: CachedBody,
  s: Services,
  scope: Scope,
): FastifyReply {
  reply
    .header('etag', c.etag)
    .header('cache-control', 'no-cache, private')
    .header(FETCHED_AT_HEADER, s.live.fetchedAtHeader(scope));
  if (req.headers['if-none-match'] === c.etag) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(c.body);
}

// Queues, agents and calls: the three live resources, each read from the shared snapshots.
export function liveRoutes(app: FastifyInstance, s: Services): void {
  const guard = { preHandler: requirePermission('viewLive') };
  app.get(API.queues, guard, async (req, reply) => {
    const scope = requireUser(req).scope;
    return sendCached(req, reply, s.live.queues(scope), s, scope);
  });
  app.get(API.agents, guard, async (req, reply) => {
    const scope = requireUser(req).scope;
    return sendCached(req, reply, s.live.agents(scope), s, scope);
  });
  app.get(API.calls, guard, async (req, reply) => {
    const scope = requireUser(req).scope;
    return sendCached(req, reply, s.live.calls(scope), s, scope);
  });
}
