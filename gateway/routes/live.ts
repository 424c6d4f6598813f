import type { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Scope } from '@contract/auth';
import { API } from '@contract/api';
import { AgentsResponse } from '@contract/agent';
import { CallsResponse } from '@contract/call';
import { QueuesResponse } from '@contract/queue';
import { FETCHED_AT_HEADER } from '@contract/source';
import type { Services } from '../services/services';
import type { CachedBody } from '../services/live';
import { NotModified, errors } from '../http/schemas';
import { sendNegotiated } from '../http/compression';
import { guarded, requireUser } from '../http/auth';

/**
 * Answers with a pre-serialised body and its ETag; an unchanged snapshot costs a 304, and the
 * sources' latest good polls ride in a header so the screen knows the data is still current. The
 * body goes out br or gzip as the request prefers, compressed once per version for every screen.
 */
async function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  c: CachedBody,
  s: Services,
  scope: Scope,
): Promise<FastifyReply> {
  reply
    .header('etag', c.etag)
    .header('cache-control', 'no-cache, private')
    .header('vary', 'accept-encoding')
    .header(FETCHED_AT_HEADER, s.live.fetchedAtHeader(scope));
  if (req.headers['if-none-match'] === c.etag) return reply.code(304).send();
  return sendNegotiated(req, reply, c.body.text, (coding) => c.body.encoded(coding));
}

// Queues, agents and calls: the three live resources, each read from the shared snapshots.
export const liveRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services: s },
) => {
  const live = <T extends z.ZodType>(summary: string, body: T) => ({
    ...guarded('viewLive', {
      summary,
      response: { 200: body, 304: NotModified, ...errors(401, 403) },
    }),
    // Compressed once per version by sendCached, never again per request by @fastify/compress.
    compress: false as const,
  });

  app.get(
    API.queues,
    live('Live queues with today’s metrics (ETag)', QueuesResponse),
    async (req, reply) => {
      const scope = requireUser(req).scope;
      return sendCached(req, reply, s.live.queues(scope), s, scope);
    },
  );
  app.get(
    API.agents,
    live('Live agents with time in state (ETag)', AgentsResponse),
    async (req, reply) => {
      const scope = requireUser(req).scope;
      return sendCached(req, reply, s.live.agents(scope), s, scope);
    },
  );
  app.get(
    API.calls,
    live('Live calls and waiting callers (ETag)', CallsResponse),
    async (req, reply) => {
      const scope = requireUser(req).scope;
      return sendCached(req, reply, s.live.calls(scope), s, scope);
    },
  );
};
