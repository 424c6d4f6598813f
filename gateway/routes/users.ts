import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Role, Scope } from '@contract/auth';
import type { Services } from '../services/services';
import { HttpError, validate } from '../http/errors';
import { requirePermission } from '../http/auth';
import { hashPassword } from '../services/passwords';

const CreateUser = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._@-]{2,64}$/, 'use 2–64 letters, digits or . _ @ -'),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
  role: Role,
  scope: Scope.optional(),
});

export function userRoutes(app: FastifyInstance, s: Services): void {
  const guard = { preHandler: requirePermission('manageUsers') };
  app.get('/api/v1/users', guard, async () => ({ items: s.users.list() }));
  app.post('/api/v1/users', guard, async (req, reply) => {
    const body = validate(CreateUser, req.body);
    if (s.users.findByUsername(body.username)) {
      throw new HttpError(409, 'CONFLICT', 'That username is taken', { username: 'is taken' });
    }
    const user = s.users.create({
      username: body.username,
      role: body.role,
      passwordHash: await hashPassword(body.password),
      scope: body.scope,
    });
    return reply.code(201).send({ user });
  });
}
