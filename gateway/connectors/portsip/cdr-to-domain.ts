import type { Cdr, CdrDisposition } from '@contract/cdr';
import { makeId } from '@contract/common';
import type { CdrRow } from './cdr-schemas';

/** A call queue as the CDR mapping needs it. */
export interface CdrQueueRef {
  vendorId: string;
  name: string;
}

/** What the connector knows about the PBX's queues and agents when it maps CDRs. */
export interface CdrDirectory {
  /** The queue with this extension number, if any. */
  queueByNumber(extension: string): CdrQueueRef | null;
  /** The queue with this name, if exactly one has it. */
  queueByName(name: string): CdrQueueRef | null;
  /** The display name of the agent with this extension, if known. */
  agentName(extension: string): string | null;
}

/**
 * Milliseconds since the epoch of a PortSIP time: RFC 3339 (what v22 sends), or a Unix number in
 * seconds or milliseconds (as a number or a digit string), null when unreadable.
 */
export function portsipTimeMs(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    const t = v.trim();
    if (t === '') return null;
    if (/^\d+(\.\d+)?$/.test(t)) n = Number(t);
    else {
      const ms = Date.parse(t);
      return Number.isNaN(ms) ? null : ms;
    }
  }
  if (!Number.isFinite(n) || n <= 0) return null;
  return Math.round(n > 1e12 ? n : n * 1000);
}

const norm = (s: string | null | undefined) =>
  s
    ?.trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_') || null;

/**
 * How an unanswered call ended. The caller hanging up (`CANCELLED`, `CALLER_DISCONNECTED`, or SIP
 * 487 without an end reason) is an abandon; an overflow or transfer out (`reroute_reason`, the
 * `REDIRECTED` of max wait, `*_TRANSFER_COMPLETED`, `REFERRED`, `REPLACED`) and the PBX ending the
 * call are "other", as is anything unknown.
 */
export function unansweredDisposition(
  row: Pick<CdrRow, 'end_reason' | 'reroute_reason' | 'status_code'>,
): CdrDisposition {
  if (norm(row.reroute_reason)) return 'other';
  const reason = norm(row.end_reason);
  if (reason === 'CANCELLED' || reason === 'CALLER_DISCONNECTED') return 'abandoned';
  if (reason) return 'other';
  return row.status_code === 487 ? 'abandoned' : 'other';
}

/** The queue a CDR went through: its callee (the queue's number), else its service number, else the callee's name. */
export function queueOf(row: CdrRow, dir: CdrDirectory): CdrQueueRef | null {
  for (const n of [row.callee, row.service_number]) {
    const t = n?.trim();
    const q = t ? dir.queueByNumber(t) : null;
    if (q) return q;
  }
  const name = row.callee_display_name?.trim();
  return name ? dir.queueByName(name) : null;
}

/** PortSIP repeats the number as the display name when there is none: a name only when it is one. */
function nameOf(name: string | null | undefined, number: string | null | undefined): string | null {
  const t = name?.trim();
  return t && t !== number?.trim() ? t : null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => Math.round(ms) / 1000;

/**
 * One PortSIP CDR in contract shape; null when it is not a queue call (no known call queue as its
 * callee or service number) or has no id or no start time.
 *
 * PortSIP's CDR has no queue-entry time: `started_at` (call start, so any IVR before the queue is
 * included) is the entry, and wait = start → answer (answered) or → end. Answered = `answered_at`
 * set (or, when the PBX leaves `answered_at` out altogether, SIP 200 with a talk `duration`); talk = `duration`,
 * else answer → end, hold included. Hold and wrap-up are not in the v22 CDR, so they stay null.
 */
export function toCdr(sourceId: string, row: CdrRow, dir: CdrDirectory): Cdr | null {
  const vendorId = row.id?.trim() || row.call_id?.trim();
  if (!vendorId) return null;
  const enteredAt = portsipTimeMs(row.started_at);
  if (enteredAt === null) return null;
  const queue = queueOf(row, dir);
  if (!queue) return null;

  const talkMs = row.duration != null && row.duration >= 0 ? row.duration * 1000 : null;
  let answeredAt = portsipTimeMs(row.answered_at);
  const ended = portsipTimeMs(row.ended_at);
  // An explicit null means unanswered; only a PBX that leaves the field out is read from SIP 200.
  const noAnswerField = row.answered_at === undefined;
  if (noAnswerField && row.status_code === 200 && talkMs !== null && talkMs > 0) {
    answeredAt = ended !== null ? ended - talkMs : null;
  }
  const endedAt = Math.max(
    enteredAt,
    ended ?? (answeredAt !== null ? answeredAt + (talkMs ?? 0) : enteredAt),
  );
  if (answeredAt !== null) answeredAt = Math.min(endedAt, Math.max(enteredAt, answeredAt));
  const answered = answeredAt !== null;
  const disposition: CdrDisposition = answered ? 'answered' : unansweredDisposition(row);

  const agentExt = row.destination?.trim() || null;
  const agentName =
    answered && agentExt && agentExt !== row.callee?.trim()
      ? (dir.agentName(agentExt) ?? agentExt)
      : null;
  const raw = [row.end_reason, row.reroute_reason].filter((s) => s?.trim()).join(' ');
  const caller = row.caller?.trim() || null;
  return {
    id: makeId(sourceId, vendorId),
    sourceId,
    queueId: makeId(sourceId, queue.vendorId),
    queueName: queue.name,
    callerNumber: caller,
    callerName: nameOf(row.caller_display_name, caller),
    agentName,
    disposition,
    rawDisposition: raw || (row.status_code != null ? String(row.status_code) : null),
    enteredAt: iso(enteredAt),
    answeredAt: answeredAt === null ? null : iso(answeredAt),
    endedAt: iso(endedAt),
    waitSeconds: seconds((answeredAt ?? endedAt) - enteredAt),
    talkSeconds: answeredAt === null ? null : seconds(talkMs ?? Math.max(0, endedAt - answeredAt)),
    holdSeconds: null,
    wrapSeconds: null,
  };
}
