/**
 * Flavor "server" (docs/vendors.md#iqra-flavours): the open-source controllers at commit b8b4914c.
 * Cursor paging (limit 1-100, clamped to 50, default 10; fixed createdAt desc, id desc), flat
 * filter models, integer enums, camelCase `{data, success, message, code}`, HTTP 200 with
 * `success:false` and a colon-chained code for business errors, HTTP 400 ValidationProblemDetails
 * when model binding fails, and initiate through a `config` JSON form field. No rate limiter.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Direction,
  EndType,
  normalisePhone,
  Status,
  type EntryFilter,
  type EntryRow,
} from '../../model/campaigns/index';
import { objectIdOf } from './ids';
import {
  dynamicVariables,
  findEntry,
  formField,
  INITIATE_MESSAGES,
  isoUtc,
  metadata,
  parseIso,
  prop,
  queueCalls,
  readBody,
  resolveIds,
  tokenFrom,
  type IqraContext,
} from './common';

export interface ServerOptions {
  ctx: IqraContext;
  businessId: number;
  apiKey: string;
}

/** CallQueueStatusEnum: 0 Queued … 7 Expired. */
const STATUS_TO_INT: Record<number, number> = {
  [Status.pending]: 0,
  [Status.dialing]: 3, // ProcessingBackend
  [Status.inProgress]: 4, // ProcessedBackend, session Active
  [Status.completed]: 4, // ProcessedBackend, session Ended
  [Status.failed]: 5,
  [Status.cancelled]: 6,
  [Status.expired]: 7,
  [Status.deleted]: 6,
};
const INT_TO_STATUS: Record<number, Status[]> = {
  0: [Status.pending],
  1: [Status.dialing],
  2: [Status.dialing],
  3: [Status.dialing],
  4: [Status.inProgress, Status.completed],
  5: [Status.failed],
  6: [Status.cancelled, Status.deleted],
  7: [Status.expired],
};

const CLAMP = 50;

type Ok<T> = { ok: true; value: T };
type Bad = { ok: false };

export function registerServerRoutes(scope: FastifyInstance, o: ServerOptions): void {
  const { ctx } = o;
  // The real cursor is HMAC-signed with a server secret; ours is per registration.
  const secret = randomBytes(32);

  const guard = (req: FastifyRequest, reply: FastifyReply, action: string): boolean => {
    const chain = `${action}:ValidateUserAPIAndBusinessWithPermissions`;
    // The controller does Replace("Token ", "") on the header, so any other scheme stays in the key.
    const key = (tokenFrom(req) ?? '').replace('Token ', '');
    if (key !== o.apiKey) {
      const reason = key.startsWith('iu_') ? 'NOT_FOUND' : 'INVALID_FORMAT';
      void business(
        reply,
        `${chain}:ValidateUserAPIWithPermissions:VALIDATE_API_KEY:${reason}`,
        'Invalid API key.',
      );
      return false;
    }
    if ((req.params as { businessId?: string }).businessId !== String(o.businessId)) {
      void business(
        reply,
        `${chain}:BUSINESS_NOT_FOUND`,
        'Business not found or API key has no access to it.',
      );
      return false;
    }
    ctx.world.sync();
    return true;
  };

  for (const [segment, direction, names] of [
    [
      'outbound',
      Direction.outbound,
      {
        count: 'GetOutboundCallQueuesCount',
        list: 'GetOutboundCallQueues',
        one: 'GetOutboundCallQueues',
        meta: 'GetOutboundConversationsMetaDataAsync',
      },
    ],
    [
      'inbound',
      Direction.inbound,
      {
        count: 'GetInboundCallQueuesCount',
        list: 'GetInboundCallQueues',
        one: 'GetInboundCallQueue',
        meta: 'GetInboundConversationsMetaDataAsync',
      },
    ],
  ] as const) {
    const base = `/api/v1/business/:businessId/queues/${segment}`;

    scope.post(`${base}/count`, async (req, reply) => {
      const body = bindJson(req, reply);
      if (!body.ok) return reply;
      const filter = bindFilter(body.value, '$', direction, o, reply);
      if (!filter.ok) return reply;
      if (!guard(req, reply, names.count)) return reply;
      return success(ctx.world.countEntries(filter.value));
    });

    scope.post(base, async (req, reply) => {
      const body = bindJson(req, reply);
      if (!body.ok) return reply;
      const v = body.value;
      const limitRaw = prop(v, 'limit');
      if (limitRaw !== undefined && limitRaw !== null) {
        if (typeof limitRaw !== 'number' || !Number.isInteger(limitRaw))
          return problem(reply, {
            '$.limit': [conversion('$.limit', 'System.Int32')],
            request: ['The request field is required.'],
          });
        if (limitRaw < 1 || limitRaw > 100)
          return problem(reply, { Limit: ['The field Limit must be between 1 and 100.'] });
      }
      const next = prop(v, 'nextCursor');
      const prev = prop(v, 'previousCursor');
      for (const [name, c] of [
        ['nextCursor', next],
        ['previousCursor', prev],
      ] as const) {
        if (c !== undefined && c !== null && typeof c !== 'string')
          return problem(reply, {
            [`$.${name}`]: [conversion(`$.${name}`, 'System.String')],
            request: ['The request field is required.'],
          });
      }
      const rawFilter = prop(v, 'filter');
      const bound =
        rawFilter === undefined || rawFilter === null
          ? null
          : bindFilter(rawFilter, '$.filter', direction, o, reply);
      if (bound && !bound.ok) return reply;
      if (!guard(req, reply, names.list)) return reply;

      const limit = Math.min(typeof limitRaw === 'number' ? limitRaw : 10, CLAMP);
      const nextCursor = typeof next === 'string' && next !== '' ? next : null;
      const prevCursor = typeof prev === 'string' && prev !== '' ? prev : null;
      if (nextCursor && prevCursor)
        return business(
          reply,
          `${names.list}:INVALID_CURSOR`,
          'Cannot provide both nextCursor and previousCursor.',
        );
      if ((nextCursor || prevCursor) && bound)
        return business(
          reply,
          `${names.list}:INVALID_REQUEST`,
          'Cannot provide both a cursor and a filter.',
        );

      let filter: EntryFilter = bound ? bound.value : { tenant: ctx.tenant.id, direction };
      let after: { createdAt: number; id: number } | null = null;
      const cursor = nextCursor ?? prevCursor;
      if (cursor) {
        const decoded = decodeCursor(cursor, secret);
        if (
          !decoded ||
          decoded.filter.tenant !== ctx.tenant.id ||
          decoded.filter.direction !== direction
        ) {
          return business(reply, `${names.list}:INVALID_CURSOR`, 'Invalid cursor.');
        }
        filter = decoded.filter;
        after = { createdAt: decoded.createdAt, id: decoded.id };
      }
      const backwards = prevCursor !== null;
      const rows = ctx.world.keysetEntries({
        filter,
        order: backwards ? 'asc' : 'desc',
        after,
        limit: limit + 1,
      });
      const more = rows.length > limit;
      const page = rows.slice(0, limit);
      if (backwards) page.reverse();
      const hasNextPage = backwards ? true : more;
      const hasPreviousPage = backwards ? more : cursor !== null;
      const first = page[0];
      const last = page[page.length - 1];
      return success({
        items: page.map((r) => serverEntry(o, r)),
        nextCursor: hasNextPage && last ? encodeCursor(last, ctx, filter, secret) : null,
        previousCursor: hasPreviousPage && first ? encodeCursor(first, ctx, filter, secret) : null,
        hasNextPage: hasNextPage && page.length > 0,
        hasPreviousPage: hasPreviousPage && page.length > 0,
        pageSize: limit,
        totalCount: ctx.world.countEntries(filter),
      });
    });

    scope.post(`${base}/:queueId`, async (req, reply) => {
      if (!guard(req, reply, names.one)) return reply;
      const row = findEntry(ctx, (req.params as { queueId: string }).queueId, direction);
      if (!row) return business(reply, `${names.one}:${names.meta}:NOT_FOUND`, 'Queue not found.');
      return success(serverEntry(o, row));
    });
  }

  scope.post(
    '/api/v1/business/:businessId/call/initiate',
    { bodyLimit: 10 * 1024 * 1024 },
    async (req, reply) => {
      ctx.world.counters.iqraInitiateRequests += 1;
      const body = readBody(req);
      if (body.kind !== 'form') {
        return reply
          .code(415)
          .type('application/problem+json; charset=utf-8')
          .send({
            type: 'https://tools.ietf.org/html/rfc9110#section-15.5.16',
            title: 'Unsupported Media Type',
            status: 415,
            traceId: traceId(),
          });
      }
      const configRaw = formField(body.form, 'config');
      if (configRaw === undefined || configRaw.trim() === '')
        return problem(reply, { config: ['The config field is required.'] });
      if (!guard(req, reply, 'InitiateCall')) return reply;
      let config: unknown;
      try {
        config = JSON.parse(configRaw);
      } catch {
        return business(reply, 'InitiateCall:INVALID_CONFIG', 'Unable to parse config JSON.');
      }
      const tenant = ctx.tenant.id;
      const campaignExt = prop(config, 'campaignId');
      const campaign =
        typeof campaignExt === 'string'
          ? ctx.world
              .campaignsOf(tenant, Direction.outbound)
              .find((c) => c.externalId === campaignExt)
          : undefined;
      if (!campaign)
        return business(
          reply,
          'InitiateCall:CAMPAIGN_NOT_FOUND',
          INITIATE_MESSAGES.CAMPAIGN_NOT_FOUND,
        );
      // Agent and calling number come from the campaign in this version of the API.
      const agent = ctx.world.agent(campaign.agentId);
      if (!agent || !agent.enabled)
        return business(reply, 'InitiateCall:INVALID_AGENT', INITIATE_MESSAGES.INVALID_AGENT);
      if (campaign.numberId === null)
        return business(
          reply,
          'InitiateCall:INVALID_NUMBER_ID',
          INITIATE_MESSAGES.INVALID_NUMBER_ID,
        );
      const schedule = prop(config, 'schedule');
      const from = parseIso(prop(schedule, 'dateTimeUTC'));
      const until = parseIso(prop(schedule, 'maxDateTimeUTC'));
      if (from === null || until === null || until <= from) {
        return business(
          reply,
          'InitiateCall:INVALID_SCHEDULE',
          'schedule.dateTimeUTC and schedule.maxDateTimeUTC are required, with max after start.',
        );
      }
      const number = prop(config, 'number');
      const type = prop(number, 'type') ?? 0;
      let recipients: (string | null)[];
      if (type === 0) {
        const to = prop(number, 'toNumber');
        recipients = [typeof to === 'string' ? to.trim() : null];
      } else if (type === 1) {
        const file = body.form.files.find((f) => f.field.toLowerCase() === 'bulk_file');
        if (!file)
          return business(
            reply,
            'InitiateCall:MISSING_BULK_FILE',
            'bulk_file is required for bulk calls.',
          );
        recipients = csvNumbers(file.data.toString('utf8'));
      } else {
        return business(
          reply,
          'InitiateCall:INVALID_NUMBER_TYPE',
          'number.type must be 0 (Single) or 1 (Bulk).',
        );
      }
      const now = ctx.world.now();
      const result = queueCalls(ctx, {
        recipients,
        agentId: agent.id,
        numberId: campaign.numberId,
        campaign,
        scheduledAt: from > now ? from : null,
        expiresAt: until,
        dynamicVariables: stringDict(prop(config, 'dynamicVariables')),
        metadata: stringDict(prop(config, 'metadata')),
      });
      if ('error' in result)
        return business(reply, `InitiateCall:${result.error}`, INITIATE_MESSAGES[result.error]);
      return success(result.ids);
    },
  );
}

function success(data: unknown) {
  return { data, success: true, message: null, code: null };
}

function business(reply: FastifyReply, code: string, message: string) {
  return reply.code(200).send({ data: null, success: false, message, code });
}

function traceId(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;
}

function problem(reply: FastifyReply, errors: Record<string, string[]>) {
  return reply
    .code(400)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors,
      traceId: traceId(),
    });
}

function conversion(path: string, type: string): string {
  return `The JSON value could not be converted to ${type}. Path: ${path} | LineNumber: 0 | BytePositionInLine: 0.`;
}

/** [ApiController] model binding: a JSON body is required, even `{}`. */
function bindJson(req: FastifyRequest, reply: FastifyReply): Ok<unknown> | Bad {
  const body = readBody(req);
  if (body.kind === 'unsupported' || body.kind === 'form') {
    void reply
      .code(415)
      .type('application/problem+json; charset=utf-8')
      .send({
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.16',
        title: 'Unsupported Media Type',
        status: 415,
        traceId: traceId(),
      });
    return { ok: false };
  }
  if (body.kind === 'empty') {
    void problem(reply, { '': ['A non-empty request body is required.'] });
    return { ok: false };
  }
  if (body.kind === 'invalid-json') {
    void problem(reply, {
      $: [
        `'${body.error}' is an invalid JSON value. Path: $ | LineNumber: 0 | BytePositionInLine: 0.`,
      ],
      request: ['The request field is required.'],
    });
    return { ok: false };
  }
  if (body.value === null || typeof body.value !== 'object' || Array.isArray(body.value)) {
    void problem(reply, {
      $: [conversion('$', 'the request model')],
      request: ['The request field is required.'],
    });
    return { ok: false };
  }
  return { ok: true, value: body.value };
}

const ENUM_TYPE = 'IqraCore.Entities.Conversation.Enums.CallQueueStatusEnum';
const PROVIDER_TYPE = 'IqraCore.Entities.Telephony.Enums.TelephonyProviderEnum';

/** The flat outbound/inbound filter models; unknown properties are ignored, as System.Text.Json does. */
function bindFilter(
  raw: unknown,
  path: string,
  direction: Direction,
  o: ServerOptions,
  reply: FastifyReply,
): Ok<EntryFilter> | Bad {
  const { world, tenant } = o.ctx;
  const filter: EntryFilter = { tenant: tenant.id, direction };
  if (raw === null || raw === undefined) return { ok: true, value: filter };
  const errors: Record<string, string[]> = {};
  const fail = (p: string, type: string) => {
    errors[p] = [conversion(p, type)];
  };
  if (typeof raw !== 'object' || Array.isArray(raw)) fail(path, 'the filter model');
  const date = (name: string, key: keyof EntryFilter) => {
    const v = prop(raw, name);
    if (v === undefined || v === null) return;
    const ms = parseIso(v);
    if (ms === null) fail(`${path}.${name}`, 'System.DateTime');
    else (filter as unknown as Record<string, number>)[key as string] = ms;
  };
  const ints = (name: string, type: string): number[] | undefined => {
    const v = prop(raw, name);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v))
      return (
        void fail(`${path}.${name}`, `System.Collections.Generic.List\`1[${type}]`),
        undefined
      );
    const out: number[] = [];
    v.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isInteger(x)) fail(`${path}.${name}[${i}]`, type);
      else out.push(x);
    });
    return out;
  };
  const strings = (name: string): string[] | undefined => {
    const v = prop(raw, name);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v))
      return (
        void fail(`${path}.${name}`, 'System.Collections.Generic.List`1[System.String]'),
        undefined
      );
    const out: string[] = [];
    v.forEach((x, i) => {
      if (typeof x !== 'string') fail(`${path}.${name}[${i}]`, 'System.String');
      else out.push(x);
    });
    return out;
  };
  date('StartCreatedDate', 'createdFrom');
  date('EndCreatedDate', 'createdTo');
  date('StartCompletedAtDate', 'completedFrom');
  date('EndCompletedAtDate', 'completedTo');
  const statuses = ints('QueueStatusTypes', ENUM_TYPE);
  // An empty list means "not filtered" in the code (it checks Count > 0).
  if (statuses && statuses.length > 0)
    filter.statuses = statuses.flatMap((s) => INT_TO_STATUS[s] ?? []);
  const phonesOf = (list: string[] | undefined) => {
    if (list && list.length > 0)
      filter.phones = list
        .map((p) => normalisePhone(p, '1'))
        .filter((p): p is number => p !== null);
  };
  const numbersByProvider = (providers: number[] | undefined) => {
    if (!providers || providers.length === 0) return;
    const ids = world
      .numbersOf(tenant.id)
      .filter((n) => providers.includes(n.provider))
      .map((n) => n.id);
    filter.numberIds = filter.numberIds ? filter.numberIds.filter((id) => ids.includes(id)) : ids;
  };
  const numberIds = (list: string[] | undefined) => {
    if (list && list.length > 0) {
      const ids = resolveIds(world.numbers, tenant.id, list);
      filter.numberIds = filter.numberIds ? filter.numberIds.filter((id) => ids.includes(id)) : ids;
    }
  };
  if (direction === Direction.outbound) {
    date('StartScheduledDate', 'scheduledFrom');
    date('EndScheduledDate', 'scheduledTo');
    const campaigns = strings('CampaignIds');
    if (campaigns && campaigns.length > 0)
      filter.campaignIds = resolveIds(world.campaigns, tenant.id, campaigns);
    numberIds(strings('CallingNumberIds'));
    numbersByProvider(ints('CallingNumberProviders', PROVIDER_TYPE));
    phonesOf(strings('RecipientNumbers'));
  } else {
    const routes = strings('RouteIds');
    if (routes && routes.length > 0)
      filter.campaignIds = resolveIds(world.campaigns, tenant.id, routes);
    phonesOf(strings('CallingNumbers'));
    numbersByProvider(ints('RouteNumberProviders', PROVIDER_TYPE));
    numberIds(strings('RouteNumberIds'));
  }
  if (Object.keys(errors).length > 0) {
    void problem(reply, { ...errors, request: ['The request field is required.'] });
    return { ok: false };
  }
  return { ok: true, value: filter };
}

function serverEntry(o: ServerOptions, row: EntryRow) {
  const { world } = o.ctx;
  const campaign = world.campaign(row.campaign_id);
  const started = row.started_at !== null && row.status !== Status.pending;
  let sessionStatus: number | null = null;
  if (started) {
    if (row.status === Status.dialing)
      sessionStatus = 2; // Starting
    else if (row.status === Status.inProgress)
      sessionStatus = 3; // Active
    else if (row.end_type === EndType.midSessionFailure || row.end_type === EndType.initializeError)
      sessionStatus = 7; // Error
    else sessionStatus = 6; // Ended
  }
  const ended = sessionStatus === 6 || sessionStatus === 7;
  const session = {
    sessionId: started
      ? objectIdOf(row.started_at ?? row.created_at, world.entryMachine ^ 0x5e55, row.id)
      : null,
    sessionStatus,
    sessionEndType: ended ? (row.end_type ?? 0) : started ? 0 : null,
  };
  const number = world.callingNumber(row.number_id)?.externalId ?? null;
  const head = {
    queueId: world.queueId(row),
    status: STATUS_TO_INT[row.status] ?? 0,
    enqueuedAt: isoUtc(row.created_at),
    processingStartedAt: isoUtc(row.started_at),
    completedAt: isoUtc(row.completed_at),
  };
  if (row.direction === Direction.inbound) {
    return {
      ...head,
      numberId: number,
      routeId: campaign?.externalId ?? null,
      callerNumber: `+${row.phone}`,
      ...session,
    };
  }
  return {
    ...head,
    dynamicVariables: dynamicVariables(o.ctx, row),
    metadata: metadata(o.ctx, row),
    campaignId: campaign?.externalId ?? null,
    numberId: number,
    recipientNumber: `+${row.phone}`,
    ...session,
  };
}

/** `base64(base64(json{Timestamp,Id,Filter}) + "." + base64(HMACSHA256))`, as the server builds it. */
function encodeCursor(
  row: EntryRow,
  ctx: IqraContext,
  filter: EntryFilter,
  secret: Buffer,
): string {
  const payload = Buffer.from(
    JSON.stringify({
      Timestamp: isoUtc(row.created_at),
      Id: ctx.world.queueId(row),
      Filter: filter,
    }),
  ).toString('base64');
  const mac = createHmac('sha256', secret).update(payload).digest('base64');
  return Buffer.from(`${payload}.${mac}`).toString('base64');
}

function decodeCursor(
  cursor: string,
  secret: Buffer,
): { createdAt: number; id: number; filter: EntryFilter } | null {
  try {
    const outer = Buffer.from(cursor, 'base64').toString('utf8');
    const [payload, mac] = outer.split('.');
    if (!payload || !mac) return null;
    const expected = createHmac('sha256', secret).update(payload).digest();
    const given = Buffer.from(mac, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const data = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as {
      Timestamp: string;
      Id: string;
      Filter: EntryFilter;
    };
    const createdAt = Date.parse(data.Timestamp);
    const id = parseInt(data.Id.slice(16), 16);
    if (Number.isNaN(createdAt) || Number.isNaN(id)) return null;
    return { createdAt, id, filter: data.Filter };
  } catch {
    return null;
  }
}

function stringDict(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  }
  return out;
}

/** Bulk CSV: a header row naming a number column (or the first column), one recipient per line. */
function csvNumbers(text: string): (string | null)[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const known = header.findIndex((h) =>
    ['number', 'phone', 'phonenumber', 'tonumber', 'recipientnumber'].includes(h),
  );
  const hasHeader = known >= 0 || !/\d/.test(lines[0] ?? '');
  const col = known >= 0 ? known : 0;
  return lines.slice(hasHeader ? 1 : 0).map((l) => {
    const cell = (l.split(',')[col] ?? '').trim().replace(/^"|"$/g, '');
    return cell === '' ? null : cell;
  });
}
