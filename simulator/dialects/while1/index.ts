/**
 * While1 Voice dialect (the wiki's "API - CallQueue Read" and "CallQueue Save" pages):
 * `/api/call-queue` with `action=read|save`, GET or POST, form (PHP brackets), query string or
 * JSON; `Authorization: Bearer <api_token>` and an `api_hash` over the PHP re-serialisation.
 * Every answer is HTTP 200 `{has_error, messages, pagination, results}` (statuses are undocumented;
 * docs/vendors.md#while1-voice), and `pagination` is `[]` whenever it is not a page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  Direction,
  EndType,
  normalisePhone,
  Status,
  type Campaign,
  type CampaignWorld,
  type EntryFilter,
  type EntryRow,
  type Tenant,
  type While1CampaignInfo,
} from '../../model/campaigns/index';
import {
  apiHash,
  parseJsonOrdered,
  parsePhpQuery,
  type PhpArray,
  type PhpValue,
} from './php-query';
import { formatLocal, parseLocal } from './time-zone';

export {
  apiHash,
  httpBuildQuery,
  parsePhpQuery,
  parseJsonOrdered,
  phpUrlencode,
} from './php-query';
export { formatLocal, parseLocal } from './time-zone';

export interface While1DialectOptions {
  world: CampaignWorld;
  /** Expected as `Authorization: Bearer <apiToken>`. */
  apiToken: string;
  /** Secret appended before md5 for `api_hash`; empty disables the hash check. */
  apiKey: string;
  /** Default '/while1'. */
  prefix?: string;
  /** PBX local zone for every `Y-m-d H:i:s`. Default Europe/Bucharest. */
  timeZone?: string;
}

const PAGE_SIZE = 100;
const FILTER_KEYS = new Set([
  'date_between',
  'schedule_lt',
  'schedule_null',
  'caller_id',
  'dnid',
  'outbound_number',
  'project_id',
  'inbound_route_id',
  'outbound_type',
  'attend_type',
  'external_id',
  'assign_type',
  'campaign',
  'status',
]);

const STATUS_NAMES: Record<number, string> = {
  [Status.pending]: 'pending',
  [Status.dialing]: 'in progress',
  [Status.inProgress]: 'in progress',
  // The PBX has no "failed": a callback that ran out of retries is completed, with last_error.
  [Status.completed]: 'completed',
  [Status.failed]: 'completed',
  [Status.cancelled]: 'cancelled',
  [Status.expired]: 'cancelled',
  [Status.deleted]: 'deleted',
};
const STATUS_FILTER: Record<string, Status[]> = {
  pending: [Status.pending],
  'in progress': [Status.dialing, Status.inProgress],
  inprogress: [Status.dialing, Status.inProgress],
  in_progress: [Status.dialing, Status.inProgress],
  completed: [Status.completed, Status.failed],
  cancelled: [Status.cancelled, Status.expired],
  deleted: [Status.deleted],
};
/** Asterisk DIALSTATUS for the world's failure end types. */
const DIAL_STATUS: Partial<Record<number, string>> = {
  [EndType.initializeError]: 'CHANUNAVAIL',
  [EndType.userDeclinedOrBusy]: 'BUSY',
  [EndType.userNoAnswer]: 'NOANSWER',
  [EndType.midSessionFailure]: 'CONGESTION',
  [EndType.voicemailDetected]: 'NOANSWER',
};
const ASSIGN_TYPE: Record<While1CampaignInfo['type'], string> = {
  queue: 'queue',
  user: 'user',
  context: 'no_queue',
};

interface Envelope {
  has_error: boolean;
  messages: string[];
  pagination:
    { row_count: number; page_size: number; current_page: number; max_page: number } | never[];
  results: unknown[];
}

const failure = (...messages: string[]): Envelope => ({
  has_error: true,
  messages,
  pagination: [],
  results: [],
});

export function registerWhile1(app: FastifyInstance, opts: While1DialectOptions): void {
  const tenant = opts.world.firstTenant('while1');
  if (!tenant) throw new Error('While1 dialect: the world has no While1 tenant');
  const zone = opts.timeZone ?? 'Europe/Bucharest';
  const ctx: Ctx = { world: opts.world, tenant, zone };
  void app.register(
    async (scope) => {
      // Raw bodies: form bodies need PHP bracket parsing, JSON needs key order kept for the hash,
      // and the docs even send forms as text/xml.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) =>
        done(null, body),
      );
      scope.route({
        method: ['GET', 'POST'],
        url: '/api/call-queue',
        handler: async (req, reply) =>
          reply
            .code(200)
            .type('application/json; charset=utf-8')
            .send(handle(req, ctx, opts)),
      });
    },
    { prefix: opts.prefix ?? '/while1' },
  );
}

interface Ctx {
  world: CampaignWorld;
  tenant: Tenant;
  zone: string;
}

function readParams(req: FastifyRequest): PhpArray | null {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (raw.trim() !== '') {
    if (type.includes('json')) {
      const parsed = parseJsonOrdered(raw);
      return parsed instanceof Map ? parsed : null;
    }
    return parsePhpQuery(raw);
  }
  const q = req.url.indexOf('?');
  return parsePhpQuery(q < 0 ? '' : req.url.slice(q + 1));
}

function handle(req: FastifyRequest, ctx: Ctx, opts: While1DialectOptions): Envelope {
  let params: PhpArray | null;
  try {
    params = readParams(req);
  } catch {
    return failure('Invalid JSON');
  }
  if (!params) return failure('Invalid request');
  const action = str(params.get('action'));
  if (action === 'save') ctx.world.counters.while1SaveRequests += 1;
  if (req.headers.authorization !== `Bearer ${opts.apiToken}`) return failure('Invalid API token');
  if (opts.apiKey !== '') {
    const given = str(params.get('api_hash')).toLowerCase();
    if (given === '' || given !== apiHash(params, opts.apiKey)) return failure('Invalid hash');
  }
  ctx.world.sync();
  if (action === 'read') return read(params, ctx);
  if (action === 'save') return save(params, ctx);
  return failure(action === '' ? 'Missing action' : `Invalid action: ${action}`);
}

function str(v: PhpValue): string {
  if (v === null || v === undefined || typeof v === 'object') return '';
  if (v === true) return '1';
  if (v === false) return '0';
  return String(v).trim();
}

function list(v: PhpValue): PhpValue[] {
  if (v instanceof Map) return [...v.values()];
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') return Object.values(v);
  return [v];
}

function get(v: PhpValue, key: string): PhpValue {
  if (v instanceof Map) return v.get(key);
  if (Array.isArray(v)) return v[Number(key)];
  if (v !== null && typeof v === 'object') return (v as Record<string, PhpValue>)[key];
  return undefined;
}

/** PHP empty(): null, '', '0', false and empty arrays do not filter. */
function isEmpty(v: PhpValue): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === '0' || v === 0) return true;
  if (v instanceof Map) return v.size === 0;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

function read(params: PhpArray, ctx: Ctx): Envelope {
  const pageRaw = str(params.get('page'));
  const page = pageRaw === '' ? 1 : Number(pageRaw);
  if (!Number.isInteger(page) || page < 1) return failure('Invalid page');
  const filtersRaw = params.get('filters');
  const filter: EntryFilter = { tenant: ctx.tenant.id, direction: Direction.callback };
  // PHP's json_encode writes an empty filters array as [], which means "no filters".
  const noFilters =
    filtersRaw === undefined ||
    filtersRaw === null ||
    filtersRaw === '' ||
    (Array.isArray(filtersRaw) && filtersRaw.length === 0);
  if (!noFilters) {
    if (!(filtersRaw instanceof Map)) return failure('Invalid filter: filters');
    const error = applyFilters(filtersRaw, filter, ctx);
    if (error) return failure(`Invalid filter: ${error}`);
  }
  const rowCount = ctx.world.countEntries(filter);
  const rows = ctx.world.listEntries({
    filter,
    sort: 'createdAt',
    order: 'asc',
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  return {
    has_error: false,
    messages: [],
    pagination: {
      row_count: rowCount,
      page_size: PAGE_SIZE,
      current_page: page,
      max_page: Math.ceil(rowCount / PAGE_SIZE),
    },
    results: rows.map((r) => item(r, ctx)),
  };
}

/** Fills `filter`; returns the name of the first bad filter. */
function applyFilters(filters: PhpArray, filter: EntryFilter, ctx: Ctx): string | null {
  const campaigns = ctx.world.campaignsOf(ctx.tenant.id, Direction.callback);
  let chosen: Campaign[] | null = null;
  const narrow = (pred: (c: Campaign) => boolean) => {
    chosen = (chosen ?? campaigns).filter(pred);
  };
  const scheduleNull = !isEmpty(filters.get('schedule_null'));
  for (const [key, value] of filters) {
    if (!FILTER_KEYS.has(key)) return key;
    if (isEmpty(value)) continue;
    const s = str(value);
    switch (key) {
      case 'date_between': {
        const from = parseLocal(str(get(value, '0')), ctx.zone);
        const to = parseLocal(str(get(value, '1')), ctx.zone);
        if (from === null || to === null) return key;
        filter.createdFrom = from;
        // Inclusive to the second.
        filter.createdTo = to + 999;
        break;
      }
      case 'schedule_lt': {
        const at = parseLocal(s, ctx.zone);
        if (at === null) return key;
        filter.scheduledTo = at + 999;
        // "show NULL schedule if schedule_lt is applied" (the seed's code comment).
        filter.scheduledToIncludesNull = scheduleNull;
        break;
      }
      case 'schedule_null':
        if (!/^(1|true|0|false)$/i.test(s)) return key;
        break;
      case 'caller_id': {
        const phone = normalisePhone(s, '40');
        if (phone === null) return key;
        filter.phones = [phone];
        break;
      }
      case 'dnid':
      case 'outbound_number': {
        const digits = normalisePhone(s, '40');
        const field = key === 'dnid' ? 'dnid' : 'outboundNumber';
        narrow(
          (c) =>
            c.while1 !== null &&
            (c.while1[field] === s || normalisePhone(c.while1[field], '40') === digits),
        );
        break;
      }
      case 'project_id': {
        const ids = list(value).map((v) => Number(str(v)));
        if (ids.some((n) => !Number.isInteger(n))) return key;
        narrow((c) => c.while1 !== null && ids.includes(c.while1.projectId));
        break;
      }
      case 'inbound_route_id': {
        const ids = list(value).map((v) => Number(str(v)));
        if (ids.some((n) => !Number.isInteger(n))) return key;
        narrow((c) => c.while1?.inboundRouteId != null && ids.includes(c.while1.inboundRouteId));
        break;
      }
      case 'outbound_type':
        if (s !== 'auto' && s !== 'manual') return key;
        narrow((c) => c.while1?.outboundType === s);
        break;
      case 'attend_type':
        if (s !== 'attended' && s !== 'unattended') return key;
        narrow((c) => c.while1?.attendType === s);
        break;
      case 'assign_type':
        if (s !== 'queue' && s !== 'no_queue' && s !== 'user') return key;
        narrow((c) => c.while1 !== null && ASSIGN_TYPE[c.while1.type] === s);
        break;
      case 'campaign': {
        // "name or info": matched like SQL LIKE '%x%', case-insensitively.
        const needle = s.toLowerCase();
        narrow(
          (c) =>
            c.name.toLowerCase().includes(needle) ||
            (c.while1?.campaignInfo.toLowerCase().includes(needle) ?? false),
        );
        break;
      }
      case 'external_id':
        filter.externalIds = list(value).map(str);
        break;
      case 'status': {
        const statuses: Status[] = [];
        for (const v of list(value)) {
          const mapped = STATUS_FILTER[str(v).toLowerCase().replace(/\s+/g, ' ')];
          if (!mapped) return key;
          statuses.push(...mapped);
        }
        filter.statuses = statuses;
        break;
      }
    }
  }
  if (chosen !== null) filter.campaignIds = (chosen as Campaign[]).map((c) => c.id);
  return null;
}

function item(row: EntryRow, ctx: Ctx) {
  const { world, zone } = ctx;
  const c = world.campaign(row.campaign_id);
  const w = c?.while1 ?? null;
  const extra = world.extra(row);
  const failedAttempt =
    row.end_type !== null &&
    DIAL_STATUS[row.end_type] !== undefined &&
    row.status !== Status.completed;
  return {
    id: row.id,
    project_id: w?.projectId ?? null,
    campaign: c?.name ?? null,
    campaign_info: w?.campaignInfo ?? null,
    type: w?.type ?? null,
    destination: w?.destination ?? null,
    assign_type: w ? ASSIGN_TYPE[w.type] : null,
    outbound_type: w?.outboundType ?? null,
    attend_type: w?.attendType ?? null,
    outbound_number: w?.outboundNumber ?? null,
    outbound_trunk: w?.outboundTrunk ?? null,
    dnid: w?.dnid ?? null,
    inbound_route_id: w?.inboundRouteId ?? null,
    caller_id: `+${row.phone}`,
    caller_id_name: world.contactName(row),
    priority: extra.priority ?? (w?.inboundRouteId != null ? 2 : 1),
    schedule: formatLocal(row.scheduled_at, zone),
    external_id: row.external_id,
    status: STATUS_NAMES[row.status] ?? 'pending',
    retries: row.retry_count,
    max_retries: row.max_retries,
    last_error: failedAttempt && row.end_type !== null ? (DIAL_STATUS[row.end_type] ?? null) : null,
    last_attempt: formatLocal(row.started_at, zone),
    completed_date: formatLocal(row.completed_at, zone),
    date_added: formatLocal(row.created_at, zone),
    date_modified: formatLocal(row.updated_at, zone),
    vars: extra.vars ?? {},
  };
}

function save(params: PhpArray, ctx: Ctx): Envelope {
  const data = params.get('data');
  if (!(data instanceof Map)) return failure('Missing data');
  const errors: string[] = [];
  const projectId = Number(str(data.get('project_id')));
  const knownProjects = new Set(
    ctx.world.campaignsOf(ctx.tenant.id, Direction.callback).map((c) => c.while1?.projectId),
  );
  if (!Number.isInteger(projectId) || !knownProjects.has(projectId))
    errors.push('Invalid project_id');
  const type = str(data.get('type'));
  if (type !== 'user' && type !== 'queue' && type !== 'context') errors.push('Invalid type');
  const destination = str(data.get('destination'));
  if (destination === '') errors.push('Invalid destination');
  const outboundType = str(data.get('outbound_type')) || 'manual';
  if (outboundType !== 'auto' && outboundType !== 'manual') errors.push('Invalid outbound_type');
  const attendType = str(data.get('attend_type')) || 'attended';
  if (attendType !== 'attended' && attendType !== 'unattended') errors.push('Invalid attend_type');
  const calls = list(data.get('calls') ?? null).filter((c) => c !== null && c !== undefined);
  if (calls.length === 0 || calls.some((c) => !(c instanceof Map))) errors.push('Invalid calls');

  interface Call {
    phone: number;
    name: string;
    priority: number;
    schedule: number | null;
    externalId: string | null;
    maxRetries: number;
    vars: Record<string, string>;
  }
  const parsed: Call[] = [];
  calls.forEach((c, i) => {
    if (!(c instanceof Map)) return;
    const phone = normalisePhone(str(c.get('caller_id')), '40');
    if (phone === null) errors.push(`Invalid caller_id for call ${i}`);
    const scheduleText = str(c.get('schedule'));
    const schedule = scheduleText === '' ? null : parseLocal(scheduleText, ctx.zone);
    if (scheduleText !== '' && schedule === null) errors.push(`Invalid schedule for call ${i}`);
    const priorityText = str(c.get('priority'));
    const priority = priorityText === '' ? 1 : Number(priorityText);
    if (!Number.isInteger(priority)) errors.push(`Invalid priority for call ${i}`);
    const retriesText = str(c.get('max_retries'));
    const maxRetries = retriesText === '' ? 3 : Number(retriesText);
    if (!Number.isInteger(maxRetries) || maxRetries < 0)
      errors.push(`Invalid max_retries for call ${i}`);
    const vars: Record<string, string> = {};
    const v = c.get('vars');
    if (v instanceof Map) for (const [k, x] of v) vars[k] = str(x);
    parsed.push({
      phone: phone ?? 0,
      name: str(c.get('caller_id_name')),
      priority,
      schedule,
      externalId: str(c.get('external_id')) || null,
      maxRetries,
      vars,
    });
  });
  if (errors.length > 0) return failure(...errors);

  const campaignName = str(data.get('campaign_name')) || 'API';
  const campaign = findOrCreateCampaign(ctx, {
    name: campaignName,
    info: str(data.get('campaign_info')),
    projectId,
    type: type as While1CampaignInfo['type'],
    destination,
    outboundType: outboundType as While1CampaignInfo['outboundType'],
    attendType: attendType as While1CampaignInfo['attendType'],
    outboundNumber: str(data.get('outbound_number')),
    outboundTrunk: str(data.get('outbound_trunk')),
  });
  const rows = parsed.map((call) => {
    const row = ctx.world.enqueue({
      tenant: ctx.tenant.id,
      direction: Direction.callback,
      campaignId: campaign.id,
      agentId: campaign.agentId,
      numberId: campaign.numberId,
      phone: call.phone,
      scheduledAt: call.schedule,
      maxRetries: call.maxRetries,
      externalId: call.externalId,
      extra: {
        ...(call.name ? { name: call.name } : {}),
        priority: call.priority,
        vars: call.vars,
      },
    });
    ctx.world.counters.while1CallsSaved += 1;
    return row;
  });
  return { has_error: false, messages: [], pagination: [], results: rows.map((r) => item(r, ctx)) };
}

function findOrCreateCampaign(
  ctx: Ctx,
  d: {
    name: string;
    info: string;
    projectId: number;
    type: While1CampaignInfo['type'];
    destination: string;
    outboundType: While1CampaignInfo['outboundType'];
    attendType: While1CampaignInfo['attendType'];
    outboundNumber: string;
    outboundTrunk: string;
  },
): Campaign {
  const { world, tenant } = ctx;
  const existing = world
    .campaignsOf(tenant.id, Direction.callback)
    .find((c) => c.name === d.name && c.while1?.projectId === d.projectId);
  if (existing) return existing;
  const agent =
    world.agentsOf(tenant.id).find((a) => a.externalId === d.destination) ??
    world.addAgent({
      tenant: tenant.id,
      name: d.destination,
      enabled: true,
      externalId: d.destination,
    });
  const number =
    world.numbersOf(tenant.id).find((n) => n.externalId === d.outboundNumber) ??
    world.numbersOf(tenant.id)[0];
  return world.addCampaign({
    tenant: tenant.id,
    kind: 'campaign',
    direction: Direction.callback,
    name: d.name,
    externalId: d.name,
    agentId: agent.id,
    numberId: number?.id ?? null,
    concurrency: 2,
    state: 'running',
    createdAt: world.now(),
    arrivalsPerMinute: 0,
    retryDelayMs: [30 * 60_000, 60 * 60_000],
    defaultMaxRetries: 3,
    while1: {
      projectId: d.projectId,
      type: d.type,
      destination: d.destination,
      campaignInfo: d.info,
      outboundType: d.outboundType,
      attendType: d.attendType,
      outboundNumber: d.outboundNumber || (number?.externalId ?? ''),
      outboundTrunk: d.outboundTrunk,
      dnid: d.outboundNumber || (number?.externalId ?? ''),
      inboundRouteId: null,
    },
  });
}
