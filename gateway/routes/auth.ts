import type { FastifyInstance } from 'fastify';
import { LoginRequest, type SessionResponse } from '@contract/auth';
import { API } from '@contract/api';
import type { Services } from '../services/services';
import { HttpError, validate } from '../http/errors';
import { requireUser } from '../http/auth';
import { verifyPassword } from '../services/passwords';

export function authRoutes(app: FastifyInstance, s: Services): void {
  app.post(API.login, async (req, reply) => {
    const body = validate(LoginRequest, req.body);
    const userKey = `u:${body.username.toLowerCase()}`;
    const ipKey = `ip:${req.ip}`;
    // Failed attempts count against both the username and the address, so neither one user's
    // password nor one address can be sprayed; a success costs nothing, so a whole office behind
    // one NAT can still sign in at the start of a shift.
    const wait = Math.max(s.loginLimiter.retryAfter(userKey), s.loginLimiter.retryAfter(ipKey));
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
    const found = s.users.findByUsername(body.username);
    const ok = await verifyPassword(body.password, found?.passwordHash ?? null);
    if (!found || !ok || found.disabled) {
      s.loginLimiter.hit(userKey);
      s.loginLimiter.hit(ipKey);
      req.log.info({ username: body.username }, 'sign-in refused');
      throw new HttpError(401, 'UNAUTHENTICATED', 'Invalid username or password');
    }
    const token = s.sessions.create(found.id);
    reply.setCookie(s.cookieName, token, s.cookieOptions);
    const { passwordHash: _omit, ...user } = found;
    req.log.info({ username: user.username }, 'signed in');
    return { user } satisfies SessionResponse;
  });

  app.post(API.logout, async (req, reply) => {
    if (req.sessionToken) s.sessions.delete(req.sessionToken);
    reply.clearCookie(s.cookieName, { path: '/' });
    return reply.code(204).send();
  });

  app.get(API.me, async (req) => ({ user: requireUser(req) }) satisfies SessionResponse);
}
