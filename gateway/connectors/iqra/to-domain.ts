import { makeId } from '@contract/common';
import type { EntryDirection, EntryStatus, QueueEntry, QueueEntryDetail } from '@contract/entry';
import type { Entry } from './schemas';

/** ConversationSessionEndType (docs/vendors.md#iqra-statuses), spelled as the vendor spells it. */
export const END_TYPE_NAMES = [
  'NotSet',
  'InitalizeError',
  'ExpiredWaitingForInitalize',
  'UserDeclinedOrBusy',
  'UserNoAnswer',
  'UserEndedCall',
  'AgentEndedCall',
  'MidSessionFailure',
  'UserSilenceTimeoutReached',
  'MaxConversationDurationReached',
  'VoicemailDetected',
] as const;
/** End types that mean the attempt failed (the vendor retries them). */
const FAILURE_END_TYPES = new Set([1, 2, 3, 4, 7, 10]);

const SESSION_NAMES: Record<string, number> = {
  created: 0,
  waitingforprimaryclient: 1,
  starting: 2,
  active: 3,
  paused: 4,
  ending: 5,
  ended: 6,
  error: 7,
};

const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

function asInt(v: number | string | null | undefined): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

/** CallQueueStatusEnum 4 (ProcessedBackend): the session tells a live call from a finished one. */
function processed(
  session: number | string | null | undefined,
  completedAt: string | null | undefined,
): EntryStatus {
  const s =
    asInt(session) ?? (typeof session === 'string' ? SESSION_NAMES[norm(session)] : undefined);
  if (s === 6) return 'completed';
  if (s === 7) return 'failed';
  if (s === 0 || s === 1 || s === 2) return 'dialing';
  if (s === 3 || s === 4 || s === 5) return 'in_progress';
  return completedAt ? 'completed' : 'in_progress';
}

/**
 * Any of Iqra's three status vocabularies (docs/vendors.md#iqra-statuses) in canonical terms: the documented
 * strings (`Pending, InProgress, Completed, Failed, Cancelled`), the lifecycle of the initiate-call page
 * (`Queued, Processing, In Progress`) and the server's integer CallQueueStatusEnum
 * (0 Queued … 7 Expired), as numbers or names. Unknown values read as pending.
 */
export function canonicalStatus(
  raw: number | string | null | undefined,
  session: number | string | null | undefined,
  completedAt: string | null | undefined,
): EntryStatus {
  const n = asInt(raw);
  if (n !== null) {
    if (n === 0) return 'pending';
    if (n >= 1 && n <= 3) return 'dialing';
    if (n === 4) return processed(session, completedAt);
    if (n === 5) return 'failed';
    if (n === 6) return 'cancelled';
    if (n === 7) return 'expired';
    return 'pending';
  }
  switch (norm(String(raw ?? ''))) {
    case 'pending':
    case 'queued':
      return 'pending';
    case 'processing':
    case 'processingproxy':
    case 'processedproxy':
    case 'processingbackend':
    case 'dialing':
      return 'dialing';
    case 'inprogress':
    case 'active':
      return 'in_progress';
    case 'processedbackend':
      return processed(session, completedAt);
    case 'completed':
      return 'completed';
    case 'failed':
    case 'error':
      return 'failed';
    case 'cancelled':
    case 'canceled':
      return 'cancelled';
    case 'expired':
      return 'expired';
    case 'deleted':
      return 'deleted';
    default:
      return 'pending';
  }
}

/** ISO-8601 from the vendor (UTC, `Z` usually present) as the contract's ISO UTC; null if unreadable. */
export function isoOf(v: string | null | undefined): string | null {
  if (!v) return null;
  const t = v.trim();
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) || !/[T ]\d/.test(t) ? t : `${t}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function endTypeName(v: number | string | null | undefined): string | null {
  const n = asInt(v);
  if (n === null) return typeof v === 'string' && v.trim() ? v.trim() : null;
  return END_TYPE_NAMES[n] ?? String(n);
}

function failureOf(e: Entry): string | null {
  if (e.lasterror?.trim()) return e.lasterror.trim();
  const n = asInt(e.sessionendtype);
  return n !== null && FAILURE_END_TYPES.has(n) ? endTypeName(n) : null;
}

export function vendorIdOf(e: Entry): string {
  return (e.id ?? e.queueid)!;
}

export function toEntry(sourceId: string, direction: EntryDirection, e: Entry): QueueEntry {
  const vendorId = vendorIdOf(e);
  return {
    id: makeId(sourceId, vendorId),
    sourceId,
    vendorId,
    direction,
    status: canonicalStatus(e.status, e.sessionstatus, e.completedat),
    rawStatus: e.status == null ? null : String(e.status),
    phoneNumber: e.phonenumber ?? e.recipientnumber ?? e.callernumber ?? null,
    // Inbound entries belong to a route, the inbound counterpart of a campaign.
    campaignId:
      direction === 'inbound' ? (e.routeid ?? e.campaignid ?? null) : (e.campaignid ?? null),
    campaignName: null,
    agentId: e.agentid ?? null,
    createdAt: isoOf(e.createdat ?? e.enqueuedat),
    scheduledAt: isoOf(e.scheduledtime ?? e.scheduledat),
    startedAt: isoOf(e.startedat ?? e.processingstartedat),
    completedAt: isoOf(e.completedat),
    retryCount: e.retrycount != null ? Math.trunc(e.retrycount) : null,
    lastError: failureOf(e),
  };
}

/**
 * The detail view: every raw field as the vendor sent it, and the attempt Iqra reports (the latest:
 * its start, how the session ended, the error). Earlier attempts are only counted (`retryCount`).
 */
export function toDetail(
  sourceId: string,
  direction: EntryDirection,
  e: Entry,
  raw: Record<string, unknown>,
): QueueEntryDetail {
  const entry = toEntry(sourceId, direction, e);
  const attempts: QueueEntryDetail['attempts'] = [];
  if (entry.startedAt) {
    const ended =
      e.sessionendtype != null && asInt(e.sessionendtype) !== 0
        ? endTypeName(e.sessionendtype)
        : null;
    attempts.push({ at: entry.startedAt, outcome: ended ?? entry.status, error: entry.lastError });
  }
  return { ...entry, raw, attempts };
}
