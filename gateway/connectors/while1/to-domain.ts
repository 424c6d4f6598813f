import { makeId } from '@contract/common';
import type { EntryStatus, QueueEntry, QueueEntryDetail } from '@contract/entry';
import { localToIso } from './local-time';
import type { ResultRow } from './schemas';

/**
 * While1's statuses (`pending, in progress, completed, cancelled, deleted`; the code comment spells
 * `inprogress`) in canonical terms. The PBX has no "failed": a callback that ran out of retries is
 * `completed` with a `last_error` (an Asterisk DIALSTATUS), which is what a campaign manager calls
 * failed.
 */
export function canonicalStatus(
  raw: string | null | undefined,
  lastError: string | null | undefined,
): EntryStatus {
  const s = (raw ?? '').toLowerCase().replace(/[\s_-]+/g, '');
  switch (s) {
    case 'pending':
      return 'pending';
    case 'inprogress':
    case 'processing':
      return 'in_progress';
    case 'completed':
      return lastError ? 'failed' : 'completed';
    case 'failed':
      return 'failed';
    case 'cancelled':
    case 'canceled':
      return 'cancelled';
    case 'deleted':
      return 'deleted';
    default:
      return 'pending';
  }
}

/** The While1 status values a canonical status filter is sent as (the read filter's vocabulary). */
export const VENDOR_STATUS_FILTER: Record<EntryStatus, string[]> = {
  pending: ['pending'],
  dialing: ['in progress'],
  in_progress: ['in progress'],
  // "completed" on the PBX covers both: the filter cannot tell them apart.
  completed: ['completed'],
  failed: ['completed'],
  cancelled: ['cancelled'],
  expired: [],
  deleted: ['deleted'],
};

const blank = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

export function toEntry(sourceId: string, row: ResultRow, timeZone: string): QueueEntry {
  const lastError = blank(row.last_error);
  return {
    id: makeId(sourceId, row.id),
    sourceId,
    vendorId: row.id,
    direction: 'callback',
    status: canonicalStatus(row.status, lastError),
    rawStatus: row.status ?? null,
    phoneNumber: blank(row.caller_id),
    campaignId: blank(row.campaign),
    campaignName: blank(row.campaign),
    // The call goes to `destination`: a user's extension or a queue name.
    agentId: blank(row.destination),
    createdAt: localToIso(row.date_added, timeZone),
    scheduledAt: localToIso(row.schedule, timeZone),
    startedAt: localToIso(row.last_attempt, timeZone),
    completedAt: localToIso(row.completed_date, timeZone),
    retryCount: row.retries != null ? Math.trunc(row.retries) : null,
    lastError,
  };
}

/** The detail view: every raw field, and the one attempt While1 reports (the last). */
export function toDetail(
  sourceId: string,
  row: ResultRow,
  timeZone: string,
  raw: Record<string, unknown>,
): QueueEntryDetail {
  const entry = toEntry(sourceId, row, timeZone);
  const attempts: QueueEntryDetail['attempts'] = [];
  if (entry.startedAt) {
    attempts.push({
      at: entry.startedAt,
      outcome: entry.lastError
        ? 'failed'
        : entry.status === 'completed'
          ? 'completed'
          : (entry.rawStatus ?? entry.status),
      error: entry.lastError,
    });
  }
  return { ...entry, raw, attempts };
}
