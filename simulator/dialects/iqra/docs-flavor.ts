/**
 * Flavor "docs" (docs/vendors.md#iqra-flavours): what the Mintlify pages and docs.iqra.bot describe.
 * page/pageSize/sortBy/sortOrder, a `filters` wrapper, string statuses, `{success, data}` for
 * queues and PascalCase `{Success, Data, Code, Message}` for initiate, 401 `{"detail":"Invalid
 * token."}` and the 60 requests/minute limiter.
 *
 * HTTP statuses for business errors are not documented; we answer 4xx with the envelope (400 bad
 * input, 402 balance, 404 unknown business/queue) so that both the status and the body tell.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Direction,
  normalisePhone,
  Status,
  type EntryFilter,
  type EntryRow,
  type SortField,
} from '../../model/campaigns/index';
import {
  dynamicVariables,
  findEntry,
  formDictionary,
  formField,
  INITIATE_MESSAGES,
  isoUtc,
  lastError,
  metadata,
  parseIso,
  prop,
  queueCalls,
  readBody,
  resolveIds,
  tokenFrom,
  type IqraContext,
  type RateLimiter,
} from './common';

export interface DocsOptions {
  ctx: IqraContext;
  businessId: number;
  apiKey: string;
  limiter: RateLimiter | null;
}

const STATUS_TO_DOCS: Record<number, string> = {
  [Status.pending]: 'Pending',
  [Status.dialing]: 'InProgress',
  [Status.inProgress]: 'InProgress',
  [Status.completed]: 'Completed',
  [Status.failed]: 'Failed',
  [Status.cancelled]: 'Cancelled',
  // The documented vocabulary has no Expired/Deleted: they read as Failed/Cancelled.
  [Status.expired]: 'Failed',
  [Status.deleted]: 'Cancelled',
};

/** Documented names plus the spellings of the other two vocabularies (docs/vendors.md#iqra-statuses). */
const DOCS_TO_STATUS: Record<string, Status[]> = {
  pending: [Status.pending],
  queued: [Status.pending],
  inprogress: [Status.dialing, Status.inProgress],
  processing: [Status.dialing],
  completed: [Status.completed],
  failed: [Status.failed, Status.expired],
  cancelled: [Status.cancelled, Status.deleted],
  canceled: [Status.cancelled, Status.deleted],
  expired: [Status.expired],
};

const SORTS: Record<string, SortField> = {
  createdat: 'createdAt',
  updatedat: 'updatedAt',
  scheduledtime: 'scheduledAt',
};

type Guarded = { ok: true } | { ok: false };

export function registerDocsRoutes(scope: FastifyInstance, o: DocsOptions): void {
  const { ctx } = o;

  /** Auth, then the limiter, then the business: the order a real edge proxy + app would apply. */
  const guard = (req: FastifyRequest, reply: FastifyReply, initiate: boolean): Guarded => {
    const header = tokenFrom(req);
    if (header !== `Token ${o.apiKey}`) {
      void reply.code(401).header('WWW-Authenticate', 'Token').send({ detail: 'Invalid token.' });
      return { ok: false };
    }
    if (o.limiter) {
      const r = o.limiter.take(o.apiKey);
      void reply
        .header('X-RateLimit-Limit', String(o.limiter.limit))
        .header('X-RateLimit-Remaining', String(r.remaining));
      if (!r.ok) {
        void reply
          .code(429)
          .header('Retry-After', String(r.retryAfterS))
          .send({
            detail: `Request was throttled. Expected available in ${r.retryAfterS} seconds.`,
          });
        return { ok: false };
      }
    }
    const businessId = (req.params as { businessId?: string }).businessId;
    if (businessId !== String(o.businessId)) {
      if (initiate)
        void reply
          .code(404)
          .send(
            initiateError(
              'PERMISSION_DENIED',
              'The business ID does not exist or you don’t have access',
            ),
          );
      else
        void fail(
          reply,
          404,
          'INVALID_BUSINESS_ID',
          'The business ID does not exist or you don’t have access',
        );
      return { ok: false };
    }
    ctx.world.sync();
    return { ok: true };
  };

  for (const [segment, direction] of [
    ['outbound', Direction.outbound],
    ['inbound', Direction.inbound],
  ] as const) {
    const base = `/api/v1/business/:businessId/queues/${segment}`;

    scope.post(`${base}/count`, async (req, reply) => {
      if (!guard(req, reply, false).ok) return reply;
      const parsed = parseRequest(req, direction, o);
      if ('error' in parsed) return fail(reply, 400, 'INVALID_FILTERS', parsed.error);
      return { success: true, data: ctx.world.countEntries(parsed.filter) };
    });

    scope.post(base, async (req, reply) => {
      if (!guard(req, reply, false).ok) return reply;
      const parsed = parseRequest(req, direction, o);
      if ('error' in parsed) return fail(reply, 400, 'INVALID_FILTERS', parsed.error);
      const { filter, body } = parsed;
      const paging = parsePaging(body);
      if ('error' in paging) return fail(reply, 400, 'INVALID_FILTERS', paging.error);
      const total = ctx.world.countEntries(filter);
      const rows = ctx.world.listEntries({
        filter,
        sort: paging.sort,
        order: paging.order,
        offset: (paging.page - 1) * paging.pageSize,
        limit: paging.pageSize,
      });
      const totalPages = Math.ceil(total / paging.pageSize);
      return {
        success: true,
        data: {
          items: rows.map((r) => docsEntry(o, r)),
          page: paging.page,
          pageSize: paging.pageSize,
          totalCount: total,
          totalPages,
          hasNextPage: paging.page < totalPages,
        },
      };
    });

    scope.post(`${base}/:queueId`, async (req, reply) => {
      if (!guard(req, reply, false).ok) return reply;
      const row = findEntry(ctx, (req.params as { queueId: string }).queueId, direction);
      if (!row)
        return fail(reply, 404, 'INVALID_QUEUE_ID', 'The specified queue entry was not found');
      return { success: true, data: docsEntry(o, row) };
    });
  }

  scope.post(
    '/api/v1/business/:businessId/call/initiate',
    { bodyLimit: 10 * 1024 * 1024 },
    async (req, reply) => {
      ctx.world.counters.iqraInitiateRequests += 1;
      if (!guard(req, reply, true).ok) return reply;
      const body = readBody(req);
      if (body.kind !== 'form')
        return reply.code(415).send(initiateError('EXCEPTION', 'Expected multipart/form-data'));
      const form = body.form;
      const recipient = formField(form, 'RecipientNumber')?.trim() ?? '';
      const agentExt = formField(form, 'AgentId')?.trim() ?? '';
      const numberExt = formField(form, 'NumberId')?.trim() ?? '';
      const campaignExt = formField(form, 'CampaignId')?.trim() ?? '';
      const scheduled = formField(form, 'ScheduledTime')?.trim() ?? '';
      const tenant = ctx.tenant.id;
      if (!/^\+[1-9]\d{6,14}$/.test(recipient))
        return reply
          .code(400)
          .send(initiateError('INVALID_NUMBER', INITIATE_MESSAGES.INVALID_NUMBER));
      const agent = ctx.world.agentsOf(tenant).find((a) => a.externalId === agentExt && a.enabled);
      if (!agent)
        return reply
          .code(400)
          .send(initiateError('INVALID_AGENT', INITIATE_MESSAGES.INVALID_AGENT));
      const number = ctx.world.numbersOf(tenant).find((n) => n.externalId === numberExt);
      if (!number)
        return reply
          .code(400)
          .send(initiateError('INVALID_NUMBER_ID', INITIATE_MESSAGES.INVALID_NUMBER_ID));
      let scheduledAt: number | null = null;
      if (scheduled !== '') {
        scheduledAt = parseIso(scheduled);
        if (scheduledAt === null)
          return reply
            .code(400)
            .send(
              initiateError(
                'INVALID_SCHEDULED_TIME',
                'ScheduledTime must be an ISO 8601 timestamp',
              ),
            );
      }
      // CampaignId is a free tracking tag in the docs: an unknown one starts a new campaign.
      let campaign =
        campaignExt === ''
          ? null
          : (ctx.world
              .campaignsOf(tenant, Direction.outbound)
              .find((c) => c.externalId === campaignExt) ?? null);
      if (campaignExt !== '' && !campaign) {
        campaign = ctx.world.addCampaign({
          tenant,
          kind: 'campaign',
          direction: Direction.outbound,
          externalId: campaignExt,
          name: campaignExt,
          agentId: agent.id,
          numberId: number.id,
          concurrency: 10,
          state: 'running',
          createdAt: ctx.world.now(),
          arrivalsPerMinute: 0,
          retryDelayMs: [20 * 60_000, 60 * 60_000],
          defaultMaxRetries: 0,
          while1: null,
        });
      }
      const result = queueCalls(ctx, {
        recipients: [recipient],
        agentId: agent.id,
        numberId: number.id,
        campaign,
        scheduledAt,
        expiresAt: null,
        dynamicVariables: formDictionary(form, 'DynamicVariables'),
        metadata: formDictionary(form, 'Metadata'),
      });
      if ('error' in result)
        return reply
          .code(result.error === 'INSUFFICIENT_BALANCE' ? 402 : 400)
          .send(initiateError(result.error, INITIATE_MESSAGES[result.error]));
      return { Success: true, Data: result.ids, Code: null, Message: 'Call queued successfully' };
    },
  );
}

function fail(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ success: false, data: null, code, message });
}

function initiateError(code: string, message: string) {
  return { Success: false, Code: `InitiateCall:${code}`, Message: message, Data: null };
}

function docsEntry(o: DocsOptions, row: EntryRow) {
  const { world } = o.ctx;
  const campaign = world.campaign(row.campaign_id);
  const common = {
    id: world.queueId(row),
    businessId: o.businessId,
    campaignId: row.direction === Direction.outbound ? (campaign?.externalId ?? null) : null,
    agentId: world.agent(row.agent_id)?.externalId ?? null,
    numberId: world.callingNumber(row.number_id)?.externalId ?? null,
    phoneNumber: `+${row.phone}`,
    status: STATUS_TO_DOCS[row.status] ?? 'Pending',
    scheduledTime: isoUtc(row.scheduled_at),
    startedAt: isoUtc(row.started_at),
    completedAt: isoUtc(row.completed_at),
    retryCount: row.retry_count,
    lastError: lastError(row),
    createdAt: isoUtc(row.created_at),
    updatedAt: isoUtc(row.updated_at),
  };
  if (row.direction === Direction.inbound)
    return { ...common, routeId: campaign?.externalId ?? null };
  return {
    ...common,
    dynamicVariables: dynamicVariables(o.ctx, row),
    metadata: metadata(o.ctx, row),
  };
}

type Parsed = { filter: EntryFilter; body: unknown } | { error: string };

function parseRequest(req: FastifyRequest, direction: Direction, o: DocsOptions): Parsed {
  const body = readBody(req);
  if (body.kind === 'invalid-json')
    return { error: `Request body is not valid JSON: ${body.error}` };
  if (body.kind === 'unsupported' || body.kind === 'form')
    return { error: 'Request body must be JSON' };
  const value = body.kind === 'json' ? body.value : {};
  if (value !== null && (typeof value !== 'object' || Array.isArray(value)))
    return { error: 'Request body must be a JSON object' };
  const filters = prop(value, 'filters');
  const parsed = parseFilters(filters, direction, o);
  return 'error' in parsed ? parsed : { filter: parsed.filter, body: value };
}

const STRING_LIST_KEYS = ['status', 'campaignid', 'agentid', 'numberid', 'phonenumber', 'routeid'];
const DATE_KEYS: Record<string, keyof EntryFilter> = {
  createdfrom: 'createdFrom',
  startcreateddate: 'createdFrom',
  createdto: 'createdTo',
  endcreateddate: 'createdTo',
  scheduledfrom: 'scheduledFrom',
  startscheduleddate: 'scheduledFrom',
  scheduledto: 'scheduledTo',
  endscheduleddate: 'scheduledTo',
  completedfrom: 'completedFrom',
  startcompletedatdate: 'completedFrom',
  completedto: 'completedTo',
  endcompletedatdate: 'completedTo',
};

/**
 * The docs name only `status` and `campaignId` inside `filters`; we accept the rest of the
 * entry's fields by the same naming, plus the date ranges under both our names and the server's.
 * Anything else is INVALID_FILTERS rather than silently ignored, so a typo is visible.
 */
function parseFilters(
  raw: unknown,
  direction: Direction,
  o: DocsOptions,
): { filter: EntryFilter } | { error: string } {
  const { world, tenant } = o.ctx;
  const filter: EntryFilter = { tenant: tenant.id, direction };
  if (raw === undefined || raw === null) return { filter };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { error: '`filters` must be an object' };
  for (const [key, value] of Object.entries(raw)) {
    const k = key.toLowerCase();
    if (value === null || value === undefined || value === '') continue;
    if (k in DATE_KEYS) {
      const ms = parseIso(value);
      if (ms === null) return { error: `Filter "${key}" must be an ISO 8601 date-time` };
      (filter as unknown as Record<string, number>)[DATE_KEYS[k] as string] = ms;
      continue;
    }
    if (
      !STRING_LIST_KEYS.includes(k) ||
      (k === 'campaignid' && direction === Direction.inbound) ||
      (k === 'routeid' && direction === Direction.outbound)
    ) {
      return { error: `Unknown filter "${key}"` };
    }
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((v) => typeof v === 'string'))
      return { error: `Filter "${key}" must be a string or an array of strings` };
    const strings = list as string[];
    switch (k) {
      case 'status': {
        const statuses: Status[] = [];
        for (const s of strings) {
          const mapped = DOCS_TO_STATUS[s.replace(/\s+/g, '').toLowerCase()];
          if (!mapped)
            return {
              error: `Unknown status "${s}" (expected Pending, InProgress, Completed, Failed or Cancelled)`,
            };
          statuses.push(...mapped);
        }
        filter.statuses = statuses;
        break;
      }
      case 'campaignid':
      case 'routeid':
        filter.campaignIds = resolveIds(world.campaigns, tenant.id, strings);
        break;
      case 'agentid':
        filter.agentIds = resolveIds(world.agents, tenant.id, strings);
        break;
      case 'numberid':
        filter.numberIds = resolveIds(world.numbers, tenant.id, strings);
        break;
      case 'phonenumber': {
        const phones: number[] = [];
        for (const s of strings) {
          const p = normalisePhone(s, '1');
          if (p === null) return { error: `Filter "${key}" must be a phone number` };
          phones.push(p);
        }
        filter.phones = phones;
        break;
      }
    }
  }
  return { filter };
}

function parsePaging(
  body: unknown,
): { page: number; pageSize: number; sort: SortField; order: 'asc' | 'desc' } | { error: string } {
  const page = prop(body, 'page') ?? 1;
  const pageSize = prop(body, 'pageSize') ?? 50;
  const sortBy = prop(body, 'sortBy') ?? 'createdAt';
  const sortOrder = prop(body, 'sortOrder') ?? 'desc';
  if (typeof page !== 'number' || !Number.isInteger(page) || page < 1)
    return { error: '`page` must be an integer >= 1' };
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1)
    return { error: '`pageSize` must be an integer >= 1' };
  const sort = typeof sortBy === 'string' ? SORTS[sortBy.toLowerCase()] : undefined;
  if (!sort) return { error: '`sortBy` must be createdAt, updatedAt or scheduledTime' };
  const order = typeof sortOrder === 'string' ? sortOrder.toLowerCase() : '';
  if (order !== 'asc' && order !== 'desc') return { error: '`sortOrder` must be asc or desc' };
  // "max 100": larger sizes are clamped, as most paging APIs do, rather than refused.
  return { page, pageSize: Math.min(pageSize, 100), sort, order };
}
