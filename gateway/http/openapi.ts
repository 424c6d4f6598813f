import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { z } from 'zod';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { DISPLAY_TOKEN_HEADER } from '@contract/wallboard';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CSRF header every state-changing request carries (checked by checkCsrf, documented here). */
const CsrfHeaders = z.object({
  [CSRF_HEADER]: z.literal(CSRF_VALUE).describe('Proves the request comes from the SPA’s origin'),
});

/**
 * Registers @fastify/swagger before any route, so the OpenAPI document of /api/v1 is generated from
 * the routes as registered, with their zod schemas (fastify-type-provider-zod's transform): an
 * operation without its schemas shows as such, and gateway/openapi.test.ts fails. Routes outside
 * /api/v1 (health, metrics, the SPA's files) are left out.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  opts: { cookieName: string },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Queuedeck gateway API', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: opts.cookieName },
          display: { type: 'apiKey', in: 'header', name: DISPLAY_TOKEN_HEADER },
        },
      },
      security: [{ session: [] }],
    },
    transform: (doc) => {
      if (!doc.url.startsWith('/api/v1/')) return { schema: { hide: true }, url: doc.url };
      const methods = [doc.route.method].flat();
      const schema =
        doc.schema && methods.some((m) => UNSAFE.has(m)) && !doc.schema.headers
          ? { ...doc.schema, headers: CsrfHeaders }
          : doc.schema;
      return jsonSchemaTransform({ ...doc, schema });
    },
  });
}
