import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ADMIN_API, AuditQuery, AuditResponse } from '@contract/admin';
import type { Services } from '../services/services';
import { errors } from '../http/schemas';
import { guarded } from '../http/auth';

/** The audit trail (issue 5), admins only: filtered, newest first, one page at a time with a total. */
export const auditRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (
  app,
  { services: s },
) => {
  app.get(
    ADMIN_API.audit,
    guarded('viewAudit', {
      summary: 'The audit trail, filtered and paged, newest first',
      querystring: AuditQuery,
      response: { 200: AuditResponse, ...errors(400, 401, 403) },
    }),
    async (req, reply) => {
      const q = req.query;
      const { items, total } = await s.audit.query(
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
        actions: await s.audit.actions(),
      } satisfies AuditResponse;
    },
  );
};
