import type { LiveData } from '../connectors/types';

/**
 * Vendors report how long a call or a wait has lasted in whole seconds, and the connectors turn
 * that into an instant: our clock at the poll minus the duration. That estimate wanders by up to a
 * second from poll to poll (the poll's phase against the vendor's second, network time), so every
 * snapshot differed from the last even when nothing happened: every screen downloaded every body
 * each second (a 200 instead of a 304) and re-rendered tiles whose call had not changed.
 *
 * The stabiliser keeps the first estimate of each instant while later ones stay within
 * `toleranceMs` of it, and forgets instants that were not seen in the last snapshot. A real change
 * (a new call for the same agent, a new oldest caller) moves by more than the tolerance and is
 * taken as is.
 */
export class InstantStabilizer {
  private known = new Map<string, number>();
  private seen = new Map<string, number>();

  constructor(private readonly toleranceMs = 1500) {}

  /** Stabilises every derived instant of one snapshot, in place of the connector's estimates. */
  apply(data: LiveData): LiveData {
    this.seen = new Map();
    const out: LiveData = {
      queues: data.queues.map((q) => {
        const since = this.stable(`q:${q.id}`, q.live.oldestWaitingSince);
        return since === q.live.oldestWaitingSince
          ? q
          : { ...q, live: { ...q.live, oldestWaitingSince: since } };
      }),
      agents: data.agents.map((a) => {
        const call = a.currentCall;
        if (!call) return a;
        const startedAt = this.stable(`a:${a.id}`, call.startedAt);
        return startedAt === call.startedAt ? a : { ...a, currentCall: { ...call, startedAt } };
      }),
      calls: data.calls.map((c) => {
        const startedAt = this.stable(`c:${c.id}:s`, c.startedAt);
        const answeredAt = this.stable(`c:${c.id}:a`, c.answeredAt);
        return startedAt === c.startedAt && answeredAt === c.answeredAt
          ? c
          : { ...c, startedAt, answeredAt };
      }),
      waiting: data.waiting.map((w) => {
        const waitingSince = this.stable(`w:${w.id}`, w.waitingSince);
        return waitingSince === w.waitingSince ? w : { ...w, waitingSince };
      }),
    };
    // Instants of calls and callers that are gone are forgotten, so the map stays the floor's size.
    this.known = this.seen;
    return out;
  }

  private stable(key: string, iso: string | null): string | null {
    if (iso === null) return null;
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) return iso;
    const before = this.known.get(key);
    const kept = before !== undefined && Math.abs(ms - before) <= this.toleranceMs ? before : ms;
    this.seen.set(key, kept);
    return kept === ms ? iso : new Date(kept).toISOString();
  }
}
