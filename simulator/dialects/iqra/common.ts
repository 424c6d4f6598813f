/**
 * Pieces both Iqra flavors share: body decoding, .NET-style timestamps, the rate limiter of the
 * official docs, id lookups, and the initiate-call core (validation order, balance, entry creation).
 */
import type { FastifyRequest } from 'fastify';
import {
  Direction,
  END_TYPE_NAMES,
  FAILURE_END_TYPES,
  isE164,
  normalisePhone,
  Status,
  type Campaign,
  type CampaignWorld,
  type EntryRow,
  type Tenant,
} from '../../model/campaigns/index';
import { boundaryOf, parseMultipart, type MultipartForm } from './multipart';

/** System.Text.Json writes UTC DateTimes with `Z` and fractional seconds only when non-zero. */
export function isoUtc(ms: number | null): string | null {
  if (ms === null) return null;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** ISO-8601 date-time; a value without zone is taken as UTC (as the server stores UTC). */
export function parseIso(value: unknown): number | null {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value.trim())
  )
    return null;
  const v = value.trim();
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(v) || !/[T ]/.test(v) ? v : `${v}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}

export type Body =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid-json'; error: string }
  | { kind: 'form'; form: MultipartForm }
  | { kind: 'unsupported'; contentType: string };

/** Decodes the raw body our catch-all content-type parser kept as a Buffer. */
export function readBody(req: FastifyRequest): Body {
  const raw = Buffer.isBuffer(req.body) ? req.body : null;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!raw || raw.length === 0)
    return type.startsWith('multipart/')
      ? { kind: 'form', form: { fields: [], files: [] } }
      : { kind: 'empty' };
  if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) return { kind: 'unsupported', contentType: type };
    try {
      return { kind: 'form', form: parseMultipart(raw, boundary) };
    } catch {
      return { kind: 'unsupported', contentType: type };
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const fields: [string, string][] = [];
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) fields.push([k, v]);
    return { kind: 'form', form: { fields, files: [] } };
  }
  if (
    type === '' ||
    type.startsWith('application/json') ||
    type.includes('+json') ||
    type.startsWith('text/json')
  ) {
    try {
      return { kind: 'json', value: JSON.parse(raw.toString('utf8')) as unknown };
    } catch (e) {
      return { kind: 'invalid-json', error: e instanceof Error ? e.message : 'invalid JSON' };
    }
  }
  return { kind: 'unsupported', contentType: type };
}

/** ASP.NET binds JSON properties and form fields case-insensitively. */
export function prop(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function formField(form: MultipartForm, name: string): string | undefined {
  const lower = name.toLowerCase();
  return form.fields.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** `Prefix[key]=value` form fields as a dictionary (how ASP.NET binds Dictionary<string,string>). */
export function formDictionary(form: MultipartForm, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = new RegExp(`^${prefix}\\[(.+)\\]$`, 'i');
  for (const [k, v] of form.fields) {
    const m = re.exec(k);
    if (m?.[1]) out[m[1]] = v;
  }
  return out;
}

/** Sliding-window limiter: the official docs' 60 requests per minute per key. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: () => number,
  ) {}

  /** Records a hit unless over the limit. */
  take(key: string): { ok: boolean; remaining: number; retryAfterS: number } {
    const now = this.clock();
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      const oldest = list[0] ?? now;
      return {
        ok: false,
        remaining: 0,
        retryAfterS: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)),
      };
    }
    list.push(now);
    this.hits.set(key, list);
    return { ok: true, remaining: this.limit - list.length, retryAfterS: 0 };
  }
}

export function tokenFrom(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  return typeof h === 'string' ? h : null;
}

export interface IqraContext {
  world: CampaignWorld;
  tenant: Tenant;
}

/** An entry of this tenant and direction by its ObjectId queue id. */
export function findEntry(
  ctx: IqraContext,
  queueId: string,
  direction: Direction,
): EntryRow | undefined {
  const row = ctx.world.entryByQueueId(queueId);
  if (!row || row.tenant !== ctx.tenant.id || row.direction !== direction) return undefined;
  return row;
}

/** Error name for `lastError`: set while retrying after a failure and on failed entries. */
export function lastError(row: EntryRow): string | null {
  if (row.status === Status.expired) return 'Expired';
  // end_type survives into the next attempt, so a retried call still shows why it was retried.
  if (
    row.end_type === null ||
    !FAILURE_END_TYPES.has(row.end_type) ||
    row.status === Status.completed
  )
    return null;
  return END_TYPE_NAMES[row.end_type] ?? null;
}

/** Variables the AI agent gets: generated rows carry the contact's name. */
export function dynamicVariables(ctx: IqraContext, row: EntryRow): Record<string, string> {
  const extra = ctx.world.extra(row);
  if (extra.dynamicVariables) return extra.dynamicVariables;
  return row.direction === Direction.outbound ? { CustomerName: ctx.world.contactName(row) } : {};
}

export function metadata(ctx: IqraContext, row: EntryRow): Record<string, string> {
  return ctx.world.extra(row).metadata ?? {};
}

export type InitiateError =
  | 'INVALID_NUMBER'
  | 'INVALID_AGENT'
  | 'INVALID_NUMBER_ID'
  | 'INSUFFICIENT_BALANCE'
  | 'CAMPAIGN_NOT_FOUND';

export const INITIATE_MESSAGES: Record<InitiateError, string> = {
  INVALID_NUMBER: 'Invalid recipient phone number format',
  INVALID_AGENT: 'Agent ID not found or disabled',
  INVALID_NUMBER_ID: 'Calling number ID not found or not configured',
  INSUFFICIENT_BALANCE: 'Insufficient balance or minutes to make this call',
  CAMPAIGN_NOT_FOUND: 'Campaign not found',
};

export interface CallRequest {
  recipients: (string | null)[];
  agentId: number;
  numberId: number;
  campaign: Campaign | null;
  scheduledAt: number | null;
  expiresAt: number | null;
  dynamicVariables: Record<string, string>;
  metadata: Record<string, string>;
}

/**
 * Charges and queues the valid recipients; invalid ones become null ids (Iqra's bulk answer).
 * Returns an error code when nothing may be queued.
 */
export function queueCalls(
  ctx: IqraContext,
  req: CallRequest,
): { ids: (string | null)[] } | { error: InitiateError } {
  const valid = req.recipients.filter((r): r is string => r !== null && isE164(r));
  if (valid.length === 0) return { error: 'INVALID_NUMBER' };
  if (!ctx.world.charge(ctx.tenant.id, valid.length)) return { error: 'INSUFFICIENT_BALANCE' };
  const ids = req.recipients.map((r) => {
    if (r === null || !isE164(r)) return null;
    const row = ctx.world.enqueue({
      tenant: ctx.tenant.id,
      direction: Direction.outbound,
      campaignId: req.campaign?.id ?? null,
      agentId: req.agentId,
      numberId: req.numberId,
      phone: normalisePhone(r) ?? 0,
      scheduledAt: req.scheduledAt,
      expiresAt: req.expiresAt,
      maxRetries: req.campaign?.defaultMaxRetries ?? 0,
      extra: {
        ...(Object.keys(req.dynamicVariables).length > 0
          ? { dynamicVariables: req.dynamicVariables }
          : {}),
        ...(Object.keys(req.metadata).length > 0 ? { metadata: req.metadata } : {}),
        ...(req.dynamicVariables.CustomerName ? { name: req.dynamicVariables.CustomerName } : {}),
      },
    });
    ctx.world.counters.iqraCallsQueued += 1;
    return ctx.world.queueId(row);
  });
  return { ids };
}

/** Resolves ids the client sends (ObjectId strings) to world ids within the tenant. */
export function resolveIds<T extends { id: number; externalId: string; tenant: number }>(
  items: T[],
  tenant: number,
  wanted: string[],
): number[] {
  const set = new Set(wanted);
  return items.filter((i) => i.tenant === tenant && set.has(i.externalId)).map((i) => i.id);
}
