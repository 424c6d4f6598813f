import type { Cdr, CdrDisposition } from '@contract/cdr';
import { makeId } from '@contract/common';
import type { AgentLeg, CdrRow } from './cdr-schemas';

// Kazoo keeps times as Gregorian seconds (Unix + 62167219200); FonoUC mostly sends Unix seconds,
// floats with µs, and now and then milliseconds (the seed's endDate). All three are told apart by size.
const GREGORIAN_OFFSET = 62_167_219_200;

/** Milliseconds since the epoch of a FonoUC time: Unix s (int or float), Unix ms (>1e12) or Gregorian s. */
export function fonoucTimeMs(v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v) || v <= 0) return null;
  if (v > 1e12) return Math.round(v);
  if (v > 5e10) return Math.round((v - GREGORIAN_OFFSET) * 1000);
  return Math.round(v * 1000);
}

/**
 * ANSWER → answered; NO_ANSWER or any "abandon…" → abandoned; anything else (TIMEOUT at max wait,
 * transfers out…) → other. Without a disposition: the 3P `abandoned` flag, then `state` (1 / 0).
 */
export function mapDisposition(
  row: Pick<CdrRow, 'disposition' | 'abandoned' | 'state'>,
): CdrDisposition {
  const d = row.disposition
    ?.trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  if (d) {
    if (d === 'ANSWER' || d === 'ANSWERED') return 'answered';
    if (d === 'NO_ANSWER' || d.startsWith('ABANDON')) return 'abandoned';
    return 'other';
  }
  if (row.abandoned === true) return 'abandoned';
  if (row.state === 1) return 'answered';
  if (row.state === 0) return 'abandoned';
  return 'other';
}

function cleanName(name: string | null | undefined): string | null {
  if (!name) return null;
  const t = name.replace(/^"+|"+$/g, '').trim();
  return t === '' ? null : t;
}

/**
 * When the call was answered. The report has no answer time: the connected agent leg's talk time
 * (talk + hold, whole seconds) counted back from hang-up, never before that leg started ringing;
 * for a supervisor pickup (a transfer leg, no connected agent) the leg's own time.
 */
function answeredFromLegs(legs: readonly AgentLeg[], endedAt: number): number | null {
  const connected = legs.filter((l) => l.connected === true);
  const leg = connected[connected.length - 1];
  if (leg) {
    const byTalk = leg.total_talk_time != null ? endedAt - leg.total_talk_time * 1000 : null;
    const rang = fonoucTimeMs(leg.last_attempt);
    const known = [byTalk, rang].filter((v): v is number => v !== null);
    return known.length ? Math.max(...known) : null;
  }
  const transfers = legs.filter((l) => l.type === 'transfer' && l.last_attempt != null);
  return fonoucTimeMs(transfers[transfers.length - 1]?.last_attempt);
}

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => Math.round(ms) / 1000;

/**
 * One FonoUC queue CDR in contract shape, or null when it has no id or no time at all.
 * Wait = queue entry (`called_time`) → answer or hang-up; talk = answer → hang-up and includes hold
 * (FonoUC does not report hold separately); wrap-up is not in the report, so it stays null.
 */
export function toCdr(
  sourceId: string,
  row: CdrRow,
  queueVendorIdOf: (queueName: string) => string | null,
): Cdr | null {
  const vendorId = row.callid || row.interaction_id;
  if (!vendorId) return null;
  const startedAt = fonoucTimeMs(row.timestamp);
  const enteredAt =
    fonoucTimeMs(row.called_time) ?? fonoucTimeMs(row.queue_history?.[0]?.ts) ?? startedAt;
  if (enteredAt === null) return null;
  const billingMs =
    row.billing_seconds !== null && row.billing_seconds !== undefined && row.billing_seconds >= 0
      ? row.billing_seconds * 1000
      : null;
  const endedAt = Math.max(
    enteredAt,
    fonoucTimeMs(row.hangup_time) ?? enteredAt + (billingMs ?? 0),
  );
  const disposition = mapDisposition(row);

  let answeredAt: number | null = null;
  let waitMs: number | null;
  let talkMs: number | null = null;
  if (disposition === 'answered') {
    answeredAt =
      fonoucTimeMs(row.answered_time) ?? answeredFromLegs(row.agent_history ?? [], endedAt);
    if (answeredAt !== null) answeredAt = Math.min(endedAt, Math.max(enteredAt, answeredAt));
    waitMs =
      answeredAt !== null
        ? answeredAt - enteredAt
        : row.wait_duration != null
          ? row.wait_duration * 1000
          : null;
    talkMs =
      row.talked_duration != null
        ? row.talked_duration * 1000
        : answeredAt !== null
          ? endedAt - answeredAt
          : null;
  } else {
    waitMs = row.wait_duration != null ? row.wait_duration * 1000 : endedAt - enteredAt;
  }

  const connected = (row.agent_history ?? []).filter((l) => l.connected === true).pop();
  const legName = connected
    ? [connected.first_name, connected.last_name].filter(Boolean).join(' ')
    : '';
  const queueName = row.queue_name?.trim() || null;
  const queueVendorId = queueName ? queueVendorIdOf(queueName) : null;
  return {
    id: makeId(sourceId, vendorId),
    sourceId,
    queueId: queueVendorId ? makeId(sourceId, queueVendorId) : null,
    queueName,
    callerNumber: row.caller_id_number?.trim() || null,
    callerName: cleanName(row.caller_id_name),
    agentName: row.agent_answered_name?.trim() || legName.trim() || null,
    disposition,
    rawDisposition: row.disposition ?? null,
    enteredAt: iso(enteredAt),
    answeredAt: answeredAt === null ? null : iso(answeredAt),
    endedAt: iso(endedAt),
    waitSeconds: waitMs === null ? null : seconds(Math.max(0, waitMs)),
    talkSeconds: talkMs === null ? null : seconds(Math.max(0, talkMs)),
    holdSeconds: null,
    wrapSeconds: null,
  };
}
