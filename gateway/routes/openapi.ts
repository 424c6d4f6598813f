import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../http/schemas';
import { sendJson } from '../http/json';
import { guarded } from '../http/auth';

const OPENAPI_PATH = '/api/v1/openapi.json';

/**
 * The OpenAPI document of /api/v1, as @fastify/swagger generates it from the registered routes and
 * their contract schemas (see gateway/http/openapi.ts): built once, on the first request.
 */
export const openApiRoutes: FastifyPluginAsyncZod = async (app) => {
  let doc: string | null = null;
  app.get(
    OPENAPI_PATH,
    guarded('viewLive', {
      summary: 'This document',
      response: {
        200: z.record(z.string(), z.unknown()).describe('The OpenAPI 3.1 document of /api/v1'),
        ...errors(401, 403),
      },
    }),
    async (_req, reply) => {
      doc ??= JSON.stringify(app.swagger());
      return sendJson(reply, doc);
    },
  );
};
