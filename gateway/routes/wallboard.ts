import type { FastifyInstance } from 'fastify';
import { FETCHED_AT_HEADER } from '@contract/source';
import { SERVER_TIME_HEADER, WALLBOARD_API } from '@contract/wallboard';
import type { Services } from '../services/services';
import { renderWallboard, type WallboardService } from '../services/wallboard';
import type { DisplayStore } from '../store/displays';
import { requirePermission, requireUser } from '../http/auth';

/**
 * GET /api/v1/wallboard: a display (by its token, see registerDisplayAuth) reads its own queues; a
 * signed-in user with viewLive reads every queue in their scope. ETag/304 as on the other live
 * routes; the gateway's clock rides on every answer, 304s included, for the TV's clock.
 */
export function wallboardRoutes(
  app: FastifyInstance,
  s: Services,
  deps: { wallboard: WallboardService; displays: DisplayStore },
): void {
  const userGuard = requirePermission('viewLive');
  app.get(WALLBOARD_API.wallboard, async (req, reply) => {
    let cached;
    if (req.display) {
      deps.displays.seen(req.display.id);
      cached = deps.wallboard.get({ kind: 'display', display: req.display });
    } else {
      await userGuard(req, reply);
      cached = deps.wallboard.get({ kind: 'user', scope: requireUser(req).scope });
    }
    const now = Date.now();
    reply
      .header('etag', cached.etag)
      .header('cache-control', 'no-cache, private')
      .header(SERVER_TIME_HEADER, String(now))
      .header(FETCHED_AT_HEADER, s.live.fetchedAtHeader(cached.sourceIds));
    if (req.headers['if-none-match'] === cached.etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(renderWallboard(cached, now));
  });
}
