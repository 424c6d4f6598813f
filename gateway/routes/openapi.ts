import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API } from '@contract/api';
import {
  ActionResult,
  AgentQueueRequest,
  AgentStateRequest,
  CallPlacedResult,
  InitiateCallRequest,
  PickupRequest,
  ScheduleCallbackRequest,
} from '@contract/actions';
import { AgentsResponse } from '@contract/agent';
import { LoginRequest, SessionResponse } from '@contract/auth';
import { CallsResponse } from '@contract/call';
import { CampaignHistoryResponse, CampaignsResponse } from '@contract/campaign';
import { CdrsPage, CdrsQuery } from '@contract/cdr';
import { CSRF_HEADER, ErrorBody } from '@contract/common';
import { EntriesPage, EntriesQuery, QueueEntryDetail } from '@contract/entry';
import { QueueHistoryResponse, QueuesResponse, SlaSettings } from '@contract/queue';
import { SourcesResponse } from '@contract/source';
import { requirePermission } from '../http/auth';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  summary: string;
  roles: string;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
}

const idParam = (name: string) => `{${name}}`;

/** Every /api/v1 operation with the contract schemas it speaks; the document is generated from these. */
const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: API.login,
    summary: 'Sign in (sets the session cookie)',
    roles: 'anyone',
    body: LoginRequest,
    response: SessionResponse,
  },
  { method: 'post', path: API.logout, summary: 'Sign out', roles: 'signed in' },
  {
    method: 'get',
    path: API.me,
    summary: 'The signed-in user',
    roles: 'signed in',
    response: SessionResponse,
  },
  {
    method: 'get',
    path: API.sources,
    summary: 'Sources with capabilities and health',
    roles: 'all roles',
    response: SourcesResponse,
  },
  {
    method: 'get',
    path: API.queues,
    summary: 'Live queues with today’s metrics (ETag)',
    roles: 'all roles',
    response: QueuesResponse,
  },
  {
    method: 'get',
    path: API.queueHistory(idParam('queueId')).replace('%7B', '{').replace('%7D', '}'),
    summary: 'Intraday history of a queue',
    roles: 'all roles',
    response: QueueHistoryResponse,
  },
  {
    method: 'put',
    path: API.queueSettings(idParam('queueId')).replace('%7B', '{').replace('%7D', '}'),
    summary: 'Service-level settings of a queue',
    roles: 'admin',
    body: SlaSettings,
    response: SlaSettings,
  },
  {
    method: 'get',
    path: API.agents,
    summary: 'Live agents with time in state (ETag)',
    roles: 'all roles',
    response: AgentsResponse,
  },
  {
    method: 'get',
    path: API.calls,
    summary: 'Live calls and waiting callers (ETag)',
    roles: 'all roles',
    response: CallsResponse,
  },
  {
    method: 'post',
    path: API.agentQueue,
    summary: 'Log an agent into or out of a queue',
    roles: 'admin, supervisor',
    body: AgentQueueRequest,
    response: ActionResult,
  },
  {
    method: 'post',
    path: API.agentState,
    summary: 'Change an agent’s state',
    roles: 'admin, supervisor',
    body: AgentStateRequest,
    response: ActionResult,
  },
  {
    method: 'post',
    path: API.pickup,
    summary: 'Pick up a waiting caller',
    roles: 'admin, supervisor',
    body: PickupRequest,
    response: ActionResult,
  },
  {
    method: 'post',
    path: API.initiateCall,
    summary: 'Queue an outbound call (needs an Idempotency-Key header)',
    roles: 'admin, campaign_manager',
    body: InitiateCallRequest,
    response: CallPlacedResult,
  },
  {
    method: 'post',
    path: API.scheduleCallback,
    summary: 'Schedule a callback (needs an Idempotency-Key header)',
    roles: 'admin, campaign_manager',
    body: ScheduleCallbackRequest,
    response: CallPlacedResult,
  },
  {
    method: 'get',
    path: API.entries,
    summary: 'Queue entries, paged',
    roles: 'all roles',
    query: EntriesQuery,
    response: EntriesPage,
  },
  {
    method: 'get',
    path: '/api/v1/entries/{source}/{id}',
    summary: 'One queue entry with its raw fields',
    roles: 'all roles',
    response: QueueEntryDetail,
  },
  {
    method: 'get',
    path: API.campaigns,
    summary: 'Campaign progress',
    roles: 'all roles',
    response: CampaignsResponse,
  },
  {
    method: 'get',
    path: '/api/v1/campaigns/{campaignId}/history',
    summary: 'Campaign counts over time',
    roles: 'all roles',
    response: CampaignHistoryResponse,
  },
  {
    method: 'get',
    path: API.cdrs,
    summary: 'Call records, paged',
    roles: 'all roles',
    query: CdrsQuery,
    response: CdrsPage,
  },
];

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });

/** The OpenAPI 3.1 document of /api/v1, generated from the contract's zod schemas. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = { content: { 'application/json': { schema: jsonSchema(ErrorBody) } } };
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = op.query
      ? (jsonSchema(op.query) as { properties?: Record<string, unknown>; required?: string[] })
      : null;
    for (const [name, schema] of Object.entries(query?.properties ?? {})) {
      params.push({
        name,
        in: 'query',
        required: query?.required?.includes(name) ?? false,
        schema: schema as { type: string },
      });
    }
    if (op.method !== 'get') {
      params.push({
        name: CSRF_HEADER,
        in: 'header',
        required: true,
        schema: { type: 'string', const: '1' } as { type: string },
      });
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      description: `Roles: ${op.roles}.`,
      parameters: params,
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(op.body) } },
            },
          }
        : {}),
      responses: {
        '200': op.response
          ? {
              description: 'OK',
              content: { 'application/json': { schema: jsonSchema(op.response) } },
            }
          : { description: 'OK' },
        '400': { description: 'Invalid request; `fields` names each bad field', ...error },
        '401': { description: 'Not signed in', ...error },
        '403': { description: 'Role, scope or CSRF check failed', ...error },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Queuedeck gateway API', version: '1' },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'qd_session' } },
    },
    security: [{ session: [] }],
    paths,
  };
}

export function openApiRoutes(app: FastifyInstance): void {
  const doc = JSON.stringify(buildOpenApi());
  app.get(
    '/api/v1/openapi.json',
    { preHandler: requirePermission('viewLive') },
    async (_req, reply) => reply.type('application/json').send(doc),
  );
}
