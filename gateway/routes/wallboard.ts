import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PERMISSIONS } from '@contract/auth';
import { FETCHED_AT_HEADER } from '@contract/source';
import { SERVER_TIME_HEADER, WALLBOARD_API, WallboardResponse } from '@contract/wallboard';
import type { Services } from '../services/services';
import { generatedAtMember, type WallboardService } from '../services/wallboard';
import type { DisplayStore } from '../store/displays';
import { NotModified, errors } from '../http/schemas';
import { sendNegotiated } from '../http/compression';
import { requirePermission, requireUser } from '../http/auth';

const readers = PERMISSIONS.viewLive;

/**
 * GET /api/v1/wallboard: a display (by its token, see registerDisplayAuth) reads its own queues; a
 * signed-in user with viewLive reads every queue in their scope. ETag/304 as on the other live
 * routes; the gateway's clock rides on every answer, 304s included, for the TV's clock. The board
 * goes out br or gzip as the request prefers, its bulk compressed once per board and snapshot.
 */
export const wallboardRoutes: FastifyPluginAsyncZod<{
  services: Services;
  wallboard: WallboardService;
  displays: DisplayStore;
}> = async (app, { services: s, wallboard, displays }) => {
  const userGuard = requirePermission('viewLive');
  app.get(
    WALLBOARD_API.wallboard,
    {
      schema: {
        summary: 'The wallboard: a display’s own queues, or every queue in the user’s scope (ETag)',
        description: `Roles: a display, by its token (header or \`?display=\`), or ${readers.join(', ')}.`,
        'x-roles': ['display', ...readers],
        security: [{ display: [] }, { session: [] }],
        response: { 200: WallboardResponse, 304: NotModified, ...errors(401, 403) },
      },
      // Compressed once per board and snapshot below, never again per request by @fastify/compress.
      compress: false,
    },
    async (req, reply) => {
      let cached;
      if (req.display) {
        // Never delays or fails the TV's read: the store write is best effort.
        void displays.seen(req.display.id);
        cached = wallboard.get({ kind: 'display', display: req.display });
      } else {
        await userGuard(req, reply);
        cached = wallboard.get({ kind: 'user', scope: requireUser(req).scope });
      }
      const now = Date.now();
      reply
        .header('etag', cached.etag)
        .header('cache-control', 'no-cache, private')
        .header('vary', 'accept-encoding')
        .header(SERVER_TIME_HEADER, String(now))
        .header(FETCHED_AT_HEADER, s.live.fetchedAtHeader(cached.sourceIds));
      if (req.headers['if-none-match'] === cached.etag) return reply.code(304).send();
      const last = generatedAtMember(now);
      return sendNegotiated(req, reply, cached.body.text(last), (coding) =>
        cached.body.encoded(coding, last),
      );
    },
  );
};
