import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DISPLAY_TOKEN_HEADER, WALLBOARD_API, type Display } from '@contract/wallboard';
import type { DisplayStore } from '../store/displays';
import { HttpError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request carries a valid display token (never together with `user`). */
    display: Display | null;
  }
}

const WALLBOARD_PATH = WALLBOARD_API.wallboard;

/** The display token of a request: the header, or `?display=` (what a TV's URL can carry). */
function displayTokenOf(req: FastifyRequest): string | null {
  const header = req.headers[DISPLAY_TOKEN_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const q = (req.query as Record<string, unknown> | undefined)?.display;
  return typeof q === 'string' && q !== '' ? q : null;
}

/**
 * Display authentication (issue 6): a mechanism of its own, not a session. A request carrying a
 * display token is the display's, whatever cookie rides along, and may do exactly one thing: GET
 * its own wallboard. Anything else is 403; an unknown token is 401, a revoked one 401
 * DISPLAY_REVOKED so the TV can say so. Registered right after the session hook in app.ts.
 */
export function registerDisplayAuth(app: FastifyInstance, displays: DisplayStore): void {
  app.decorateRequest('display', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = displayTokenOf(req);
    if (token === null) return;
    req.user = null;
    req.sessionToken = null;
    const found = displays.resolve(token);
    if (!found) throw new HttpError(401, 'UNAUTHENTICATED', 'This display link is not valid');
    if (found.revoked) throw new HttpError(401, 'DISPLAY_REVOKED', 'This display was revoked');
    const path = req.url.split('?')[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || path !== WALLBOARD_PATH) {
      throw new HttpError(403, 'FORBIDDEN', 'A display can only read its own wallboard');
    }
    req.display = found.display;
  });
}
