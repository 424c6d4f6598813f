import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission, User } from '@contract/auth';
import { can } from '@contract/auth';
import { HttpError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    sessionToken: string | null;
  }
}

/** Resolves the session cookie to a user; set on every request by the app. */
export type SessionResolver = (req: FastifyRequest) => User | null;

/** Route guard: a signed-in, enabled user holding `permission`; the server decides, never the UI. */
export function requirePermission(permission: Permission) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const user = req.user;
    if (!user) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in to continue');
    if (!can(user.role, permission)) {
      throw new HttpError(403, 'FORBIDDEN', 'Your role does not allow this');
    }
  };
}

export function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in to continue');
  return req.user;
}
