import type { FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { Permission, User } from '@contract/auth';
import { PERMISSIONS, can } from '@contract/auth';
import { HttpError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    sessionToken: string | null;
  }
  interface FastifySchema {
    /** Who may call the operation, for the OpenAPI document (see `access`). */
    'x-roles'?: readonly string[];
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

/** Who may call an operation: a permission's roles, anyone (no session), or any signed-in user. */
export type Access = Permission | 'anyone' | 'signedIn';

/** The roles of an operation as the OpenAPI document states them: a sentence and `x-roles`. */
export function access(who: Access): { description: string; 'x-roles': readonly string[] } {
  if (who === 'anyone')
    return { description: 'Roles: anyone (no session needed).', 'x-roles': ['anyone'] };
  if (who === 'signedIn')
    return { description: 'Roles: any signed-in user.', 'x-roles': ['signed in'] };
  const roles = PERMISSIONS[who];
  return { description: `Roles: ${roles.join(', ')}.`, 'x-roles': roles };
}

/**
 * Route options of an operation open to `permission`: the role check, and the same roles in the
 * document, so the two cannot disagree. The check runs before validation, so a caller without
 * the role gets 401/403 and never learns what the body should have been.
 */
export function guarded<S extends FastifySchema>(
  permission: Permission,
  schema: S,
): {
  preValidation: ReturnType<typeof requirePermission>;
  schema: S & ReturnType<typeof access>;
} {
  return {
    preValidation: requirePermission(permission),
    schema: { ...schema, ...access(permission) },
  };
}
