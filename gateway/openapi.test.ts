import Fastify, { type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import { access } from './http/auth';
import { registerOpenApi } from './http/openapi';
import { startTestGateway, type TestGateway } from './test-support/gateway';

interface Operation {
  summary?: string;
  description?: string;
  'x-roles'?: string[];
  parameters?: { in: string; name: string; schema?: object }[];
  requestBody?: { content?: Record<string, { schema?: object }> };
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

/** Operations whose method could carry a body but that take none. */
const NO_BODY = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/displays/:id/revoke']);

/**
 * What is wrong with the document of these routes: every /api/v1 method and path must be in it
 * with a summary, its roles, the route's own zod schemas for path parameters, body and query (a
 * handler that reads the query must have one), and a 2xx response schema.
 */
function problemsOf(routes: RouteOptions[], doc: Document): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || !route.url.startsWith('/api/v1/')) continue;
      const name = `${method} ${route.url}`;
      const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      if (!op) {
        problems.push(`${name}: not in the document`);
        continue;
      }
      const schema = (route.schema ?? {}) as Record<string, unknown>;
      const documented = (where: string, param: string) =>
        op.parameters?.some((p) => p.in === where && p.name === param && p.schema) ?? false;

      if (!op.summary) problems.push(`${name}: no summary`);
      if (!op['x-roles']?.length || !op.description?.startsWith('Roles:')) {
        problems.push(`${name}: no roles`);
      }

      const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      if (params.length > 0 && !(schema.params instanceof z.ZodType)) {
        problems.push(`${name}: no params schema`);
      }
      for (const p of params) {
        if (!documented('path', p)) problems.push(`${name}: path parameter ${p} not documented`);
      }

      if (['POST', 'PUT', 'PATCH'].includes(method) && !NO_BODY.has(name)) {
        if (!(schema.body instanceof z.ZodType)) problems.push(`${name}: no body schema`);
        if (!op.requestBody?.content?.['application/json']?.schema) {
          problems.push(`${name}: no request body in the document`);
        }
      }

      const query = schema.querystring;
      if (/\breq\.query\b/.test(String(route.handler)) && !query) {
        problems.push(`${name}: reads the query without a querystring schema`);
      }
      if (query !== undefined) {
        if (!(query instanceof z.ZodObject))
          problems.push(`${name}: querystring is not a zod object`);
        else {
          for (const key of Object.keys(query.shape)) {
            if (!documented('query', key)) problems.push(`${name}: query ${key} not documented`);
          }
        }
      }

      const ok = Object.keys((schema.response ?? {}) as object).filter((c) => /^2\d\d$/.test(c));
      if (ok.length === 0) problems.push(`${name}: no 2xx response schema`);
      for (const code of ok) {
        const answer = op.responses?.[code];
        if (!answer) problems.push(`${name}: response ${code} not documented`);
        else if (code !== '204' && !answer.content?.['application/json']?.schema) {
          problems.push(`${name}: response ${code} has no schema in the document`);
        }
      }
    }
  }
  return problems;
}

const config = parseConfig({
  dataDir: ':memory:',
  sources: [
    {
      id: 'support',
      kind: 'fonouc',
      baseUrl: 'http://127.0.0.1:9',
      accountId: 'a',
      domain: 'tenant',
      username: 'u',
      password: 'p',
    },
    { id: 'ai', kind: 'iqra', baseUrl: 'http://127.0.0.1:9', businessId: 1, apiKey: 'k' },
  ],
});

let gw: TestGateway;
const routes: RouteOptions[] = [];

beforeAll(async () => {
  gw = await startTestGateway(config, {
    startPolling: false,
    onRoute: (route) => routes.push(route),
  });
});
afterAll(() => gw?.close());

describe('the OpenAPI document', () => {
  it('documents every /api/v1 route as registered, with its schemas and roles', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/api/v1/openapi.json',
      headers: { cookie: await gw.userCookie('viewer') },
    });
    expect(res.statusCode).toBe(200);
    const doc = res.json<Document>();
    expect(doc.openapi).toBe('3.1.0');
    const api = routes.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThanOrEqual(30);
    expect(problemsOf(routes, doc)).toEqual([]);
    // Nothing but /api/v1: no health check, metrics or SPA files.
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
  });

  it('states the roles the route itself checks', async () => {
    const doc = gw.app.swagger() as unknown as Document;
    expect(doc.paths['/api/v1/users']!.post!['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/v1/actions/pickup']!.post!['x-roles']).toEqual(['admin', 'supervisor']);
    expect(doc.paths['/api/v1/auth/login']!.post!['x-roles']).toEqual(['anyone']);
  });

  it('finds a route without schemas, roles or summary', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    const seen: RouteOptions[] = [];
    app.addHook('onRoute', (route) => {
      seen.push(route);
    });
    await registerOpenApi(app, { cookieName: 'qd_session' });
    app.post('/api/v1/bare', async () => ({ ok: true }));
    app.get(
      '/api/v1/things/:id',
      { schema: { summary: 'A thing', ...access('viewLive'), response: { 200: z.object({}) } } },
      async (req) => req.query,
    );
    await app.ready();
    expect(problemsOf(seen, app.swagger() as unknown as Document)).toEqual([
      'POST /api/v1/bare: no summary',
      'POST /api/v1/bare: no roles',
      'POST /api/v1/bare: no body schema',
      'POST /api/v1/bare: no request body in the document',
      'POST /api/v1/bare: no 2xx response schema',
      'GET /api/v1/things/:id: no params schema',
      'GET /api/v1/things/:id: reads the query without a querystring schema',
    ]);
    await app.close();
  });
});
