import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginRequest, SessionResponse } from '@contract/auth';
import { API } from '@contract/api';
import type { Services } from '../services/services';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { access, requireUser } from '../http/auth';
import { verifyPassword } from '../services/passwords';

export const authRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services: s },
) => {
  app.post(
    API.login,
    {
      schema: {
        summary: 'Sign in (sets the session cookie)',
        ...access('anyone'),
        security: [],
        body: LoginRequest,
        response: { 200: SessionResponse, ...errors(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const userKey = `u:${body.username.toLowerCase()}`;
      const ipKey = `ip:${req.ip}`;
      // Failed attempts count against both the username and the address, so neither one user's
      // password nor one address can be sprayed; a success costs nothing, so a whole office behind
      // one NAT can still sign in at the start of a shift.
      const wait = Math.max(
        await s.signinThrottle.retryAfter(userKey),
        await s.signinThrottle.retryAfter(ipKey),
      );
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new HttpError(
          429,
          'RATE_LIMITED',
          `Too many sign-in attempts. Try again in ${seconds} s.`,
          undefined,
          { 'retry-after': String(seconds) },
        );
      }
      const found = await s.users.findByUsername(body.username);
      const ok = await verifyPassword(body.password, found?.passwordHash ?? null);
      if (!found || !ok || found.disabled) {
        await s.signinThrottle.fail([userKey, ipKey]);
        req.log.info({ username: body.username }, 'sign-in refused');
        throw new HttpError(401, 'UNAUTHENTICATED', 'Invalid username or password');
      }
      const token = await s.sessions.create(found.id);
      reply.setCookie(s.cookieName, token, s.cookieOptions);
      const { passwordHash: _omit, ...user } = found;
      req.log.info({ username: user.username }, 'signed in');
      return { user } satisfies SessionResponse;
    },
  );

  app.post(
    API.logout,
    {
      schema: {
        summary: 'Sign out (ends the session, if there is one)',
        ...access('anyone'),
        response: { 204: z.undefined().describe('Signed out'), ...errors(403) },
      },
    },
    async (req, reply) => {
      // Goes ahead during a database outage too: the session is forgotten here at once and
      // deleted from the store when it is back.
      if (req.sessionToken) await s.sessions.delete(req.sessionToken);
      reply.clearCookie(s.cookieName, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    API.me,
    {
      schema: {
        summary: 'The signed-in user',
        ...access('signedIn'),
        response: { 200: SessionResponse, ...errors(401) },
      },
    },
    async (req) => ({ user: requireUser(req) }) satisfies SessionResponse,
  );
};
