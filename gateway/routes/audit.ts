import type { FastifyInstance } from 'fastify';
import { ADMIN_API, AuditQuery, type AuditResponse } from '@contract/admin';
import type { Services } from '../services/services';
import { validate } from '../http/errors';
import { requirePermission } from '../http/auth';

/** The audit trail (issue 5), admins only: filtered, newest first, one page at a time with a total. */
export function auditRoutes(app: FastifyInstance, s: Services): void {
  app.get(ADMIN_API.audit, { preHandler: requirePermission('viewAudit') }, async (req, reply) => {
    const q = validate(AuditQuery, req.query);
    const { items, total } = s.audit.query(
      {
        from: q.from,
        to: q.to,
        username: q.user,
        action: q.action,
        sourceId: q.source,
        outcome: q.outcome,
      },
      q.page,
      q.pageSize,
    );
    reply.header('cache-control', 'no-store');
    return {
      items,
      total,
      page: q.page,
      pageSize: q.pageSize,
      actions: s.audit.actions(),
    } satisfies AuditResponse;
  });
}
