import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ROLE_LABELS, type Scope, type User } from '@contract/auth';
import {
  ADMIN_API,
  CreateUserRequest,
  ResetPasswordRequest,
  UpdateUserRequest,
  UserChangeResponse,
  UsersResponse,
} from '@contract/admin';
import { IdParams, splitId } from '@contract/common';
import type { Services } from '../services/services';
import type { AuditInput } from '../store/audit';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { guarded, requireUser } from '../http/auth';
import { hashPassword } from '../services/passwords';

/**
 * Checks a scope against the configured sources and the queues they report. A queue of a source
 * that has not answered yet cannot be checked and is accepted if its source exists; an empty list
 * is refused, since "nothing" is better said by disabling the user.
 */
function scopeErrors(s: Services, scope: Scope): Record<string, string> {
  const fields: Record<string, string> = {};
  const configured = new Set(s.config.sources.map((c) => c.id));
  if (scope.sources) {
    const bad = scope.sources.find((id) => !configured.has(id));
    if (scope.sources.length === 0) fields['scope.sources'] = 'choose at least one source, or all';
    else if (bad !== undefined) fields['scope.sources'] = `"${bad}" is not a configured source`;
  }
  if (scope.queues) {
    if (scope.queues.length === 0) {
      fields['scope.queues'] = 'choose at least one queue, or all';
    }
    for (const id of scope.queues) {
      const parts = splitId(id);
      if (!parts || !configured.has(parts.sourceId)) {
        fields['scope.queues'] = `"${id}" is not a queue of a configured source`;
        break;
      }
      const known = s.live.lookup(parts.sourceId)?.queues;
      if (known && !known.some((q) => q.id === id)) {
        fields['scope.queues'] = `"${id}" is not a known queue`;
        break;
      }
      if (scope.sources && !scope.sources.includes(parts.sourceId)) {
        fields['scope.queues'] = `"${id}" belongs to a source outside the user’s sources`;
        break;
      }
    }
  }
  return fields;
}

function checkScope(s: Services, scope: Scope | undefined): Scope | undefined {
  if (!scope) return undefined;
  const normalised: Scope = {
    sources: scope.sources ? [...new Set(scope.sources)] : null,
    queues: scope.queues ? [...new Set(scope.queues)] : null,
  };
  const fields = scopeErrors(s, normalised);
  const first = Object.entries(fields)[0];
  if (first)
    throw new HttpError(400, 'VALIDATION', `Check the request: ${first[0]} ${first[1]}`, fields);
  return normalised;
}

async function findUser(s: Services, id: string): Promise<User> {
  const user = await s.users.get(id);
  if (!user) throw new HttpError(404, 'NOT_FOUND', 'No such user');
  return user;
}

/**
 * User administration (issue 5), admins only. Every change leaves an audit record with the target's
 * username; passwords are hashed at once and appear in no answer, log line or audit record.
 */
export const userRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services: s },
) => {
  const guard = <S extends object>(summary: string, schema: S) =>
    guarded('manageUsers', { summary, ...schema });
  const USER_PATH = ADMIN_API.user(':id').replace('%3Aid', ':id');
  const PASSWORD_PATH = ADMIN_API.userPassword(':id').replace('%3Aid', ':id');

  const audit = (
    req: FastifyRequest,
    entry: Pick<AuditInput, 'action' | 'target' | 'outcome' | 'message' | 'details'>,
  ) => {
    const actor = requireUser(req);
    return s.audit.record({ userId: actor.id, username: actor.username, sourceId: null, ...entry });
  };

  /** Audits a refusal, then answers it. */
  const refuse = async (
    req: FastifyRequest,
    action: string,
    target: string,
    err: HttpError,
  ): Promise<never> => {
    await audit(req, { action, target, outcome: 'failure', message: err.message });
    throw err;
  };

  app.get(
    ADMIN_API.users,
    guard('Every user', { response: { 200: UsersResponse, ...errors(401, 403) } }),
    async () => ({ items: await s.users.list() }) satisfies UsersResponse,
  );

  app.post(
    ADMIN_API.users,
    guard('Create a user', {
      body: CreateUserRequest,
      response: { 201: UserChangeResponse, ...errors(400, 401, 403, 409) },
    }),
    async (req, reply) => {
      const body = req.body;
      const scope = checkScope(s, body.scope);
      if (await s.users.findByUsername(body.username)) {
        await refuse(
          req,
          'user.create',
          body.username,
          new HttpError(409, 'CONFLICT', `The username "${body.username}" is taken`, {
            username: 'is taken',
          }),
        );
      }
      const user = await s.users.create({
        username: body.username,
        role: body.role,
        passwordHash: await hashPassword(body.password),
        scope,
      });
      const message = `Created ${user.username} (${ROLE_LABELS[user.role]})`;
      await audit(req, {
        action: 'user.create',
        target: user.username,
        outcome: 'success',
        message,
        details: { role: user.role, scope: user.scope },
      });
      return reply.code(201).send({ user, message } satisfies UserChangeResponse);
    },
  );

  app.patch(
    USER_PATH,
    guard('Change a user’s role, scope or enabled state', {
      params: IdParams,
      body: UpdateUserRequest,
      response: { 200: UserChangeResponse, ...errors(400, 401, 403, 404, 409) },
    }),
    async (req) => {
      const body = req.body;
      const actor = requireUser(req);
      const target = await findUser(s, req.params.id);
      const scope = checkScope(s, body.scope);
      const demoting = body.role !== undefined && body.role !== 'admin' && target.role === 'admin';
      const disabling = body.disabled === true && !target.disabled;

      if (target.id === actor.id && (demoting || disabling)) {
        await refuse(
          req,
          disabling ? 'user.disable' : 'user.update',
          target.username,
          new HttpError(
            409,
            'CONFLICT',
            disabling
              ? 'You cannot disable your own account. Another admin must do it, so an admin always remains.'
              : 'You cannot remove your own admin role. Another admin must do it, so an admin always remains.',
            disabling
              ? { disabled: 'cannot disable yourself' }
              : { role: 'cannot demote yourself' },
          ),
        );
      }
      // Belt and braces: whoever acts, the last enabled admin is never demoted or disabled.
      if (
        target.role === 'admin' &&
        !target.disabled &&
        (demoting || disabling) &&
        (await s.users.countActiveAdmins(target.id)) === 0
      ) {
        await refuse(
          req,
          disabling ? 'user.disable' : 'user.update',
          target.username,
          new HttpError(409, 'CONFLICT', `${target.username} is the last admin and must stay one`),
        );
      }

      const updated = (await s.users.update(target.id, {
        role: body.role,
        scope,
        disabled: body.disabled,
      }))!;
      if (disabling) await s.sessions.deleteForUser(target.id);

      const messages: string[] = [];
      const roleChanged = body.role !== undefined && body.role !== target.role;
      const scopeChanged =
        scope !== undefined && JSON.stringify(scope) !== JSON.stringify(target.scope);
      if (roleChanged || scopeChanged) {
        const parts = [
          roleChanged ? `role ${ROLE_LABELS[target.role]} → ${ROLE_LABELS[updated.role]}` : null,
          scopeChanged ? 'scope changed' : null,
        ].filter(Boolean);
        const message = `Updated ${target.username}: ${parts.join(', ')}`;
        messages.push(message);
        await audit(req, {
          action: 'user.update',
          target: target.username,
          outcome: 'success',
          message,
          details: {
            ...(roleChanged ? { role: { from: target.role, to: updated.role } } : {}),
            ...(scopeChanged ? { scope: { from: target.scope, to: updated.scope } } : {}),
          },
        });
      }
      if (body.disabled !== undefined && body.disabled !== target.disabled) {
        const message = body.disabled
          ? `Disabled ${target.username} and signed them out`
          : `Enabled ${target.username}`;
        messages.push(message);
        await audit(req, {
          action: body.disabled ? 'user.disable' : 'user.enable',
          target: target.username,
          outcome: 'success',
          message,
        });
      }
      return {
        user: updated,
        message: messages.join('. ') || `Nothing to change for ${target.username}`,
      } satisfies UserChangeResponse;
    },
  );

  app.post(
    PASSWORD_PATH,
    guard('Set a user’s password (signs them out)', {
      params: IdParams,
      body: ResetPasswordRequest,
      response: { 200: UserChangeResponse, ...errors(400, 401, 403, 404) },
    }),
    async (req, reply) => {
      const body = req.body;
      const actor = requireUser(req);
      const target = await findUser(s, req.params.id);
      const user = (await s.users.update(target.id, {
        passwordHash: await hashPassword(body.password),
      }))!;
      // Every session of the user ends: whoever knew the old password is out at once.
      await s.sessions.deleteForUser(target.id);
      if (target.id === actor.id) {
        // An admin resetting their own password stays signed in on this browser only.
        reply.setCookie(s.cookieName, await s.sessions.create(actor.id), s.cookieOptions);
      }
      const message =
        target.id === actor.id
          ? 'Your password was changed and your other sessions were signed out'
          : `Set a new password for ${target.username} and signed them out`;
      await audit(req, {
        action: 'user.password',
        target: target.username,
        outcome: 'success',
        message,
      });
      return { user, message } satisfies UserChangeResponse;
    },
  );
};
