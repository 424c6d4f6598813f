import { createHash } from 'node:crypto';
import type { AgentState } from '@contract/agent';
import type { Scope } from '@contract/auth';
import { splitId } from '@contract/common';
import { DEFAULT_SLA } from '@contract/queue';
import type { Freshness } from '@contract/source';
import type {
  Display,
  WallboardAgents,
  WallboardQueue,
  WallboardResponse,
  WallboardSource,
} from '@contract/wallboard';
import type { Connector } from '../connectors/types';
import { OpenBody } from '../http/compression';
import type { ThresholdStore } from '../store/displays';
import { inScope, type LiveService, type QueueEnricher } from './live';

/** The same state groups the connectors count per queue (gateway/connectors/<vendor>/to-domain.ts). */
const ON_CALL = new Set<AgentState>(['ringing', 'on_queue_call', 'on_other_call']);
const NOT_READY = new Set<AgentState>(['not_ready', 'break', 'lunch']);

/** A wallboard answer: the body without `generatedAt`, serialised once, and its ETag. */
export interface WallboardBody {
  etag: string;
  /** The sources whose freshness the body carries, for FETCHED_AT_HEADER. */
  sourceIds: string[];
  /**
   * The answer minus `generatedAt`, which each request appends as the last member, so the rest is
   * serialised and compressed once per board and snapshot.
   */
  body: OpenBody;
}

/**
 * The member each answer ends with, the gateway's clock when it answered: spliced onto the cached
 * body (OpenBody.text), not re-serialised.
 */
export function generatedAtMember(now = Date.now()): string {
  return `"generatedAt":${JSON.stringify(new Date(now).toISOString())}`;
}

/** At most this many boards are kept; past it the cache starts over. */
const CACHE_SLOTS = 500;

export interface WallboardDeps {
  live: LiveService;
  enricher: QueueEnricher | null;
  thresholds: ThresholdStore;
  labelOf(sourceId: string): string;
  timeZoneOf(sourceId: string): string;
  pollSecondsOf(sourceId: string): number;
}

/** What a board shows: a display's own queues, or every queue in a user's scope. */
export type Board = { kind: 'display'; display: Display } | { kind: 'user'; scope: Scope };

/**
 * The wallboard's data (issue 6): per queue the live counts, today's metrics, SLA settings and
 * alert thresholds, plus totals and per-source freshness. Like the other live resources it is
 * serialised once per board and snapshot (each source's version and last poll) and served with an
 * ETag, so a room of TVs showing one display costs one serialisation per poll.
 */
export class WallboardService {
  /** Per board, the answer for the latest snapshot versions, metrics and thresholds only. */
  private readonly cache = new Map<string, { versions: string; hit: WallboardBody }>();

  constructor(private readonly deps: WallboardDeps) {}

  /** The board's answer, from the cache when nothing it depends on changed. */
  get(board: Board): WallboardBody {
    const { live, enricher, thresholds } = this.deps;
    const sourceIds = this.sourcesOf(board);
    const versions = sourceIds
      .map((id) => {
        const snap = live.source(id)?.poller?.snapshot();
        // Not fetchedAt: an unchanged board keeps its ETag (a 304 for every TV); the latest poll
        // rides in FETCHED_AT_HEADER instead.
        return `${id}@${snap?.version ?? '-'}`;
      })
      .join(',');
    const boardKey =
      board.kind === 'display'
        ? `d:${board.display.id}:${board.display.name}:${board.display.layout}:${board.display.queueIds.join('|')}`
        : `u:${JSON.stringify(board.scope)}`;
    const current = `${versions}#${enricher?.version() ?? ''}#${thresholds.version()}`;
    const known = this.cache.get(boardKey);
    if (known?.versions === current) return known.hit;
    const built = this.build(board, sourceIds);
    const body = JSON.stringify(built);
    const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
    // The same board under new versions keeps the forms already compressed.
    const hit =
      known?.hit.etag === etag
        ? known.hit
        : {
            etag,
            // Without its closing brace: generatedAt is appended per answer.
            body: new OpenBody(body.slice(0, -1)),
            sourceIds: built.freshness.map((f) => f.sourceId),
          };
    if (!known && this.cache.size >= CACHE_SLOTS) this.cache.clear();
    this.cache.set(boardKey, { versions: current, hit });
    return hit;
  }

  /** The sources a board draws on, in configuration order. */
  private sourcesOf(board: Board): string[] {
    const withLive = this.deps.live
      .all()
      .filter((s) => s.poller)
      .map((s) => s.connector);
    if (board.kind === 'display') {
      const wanted = new Set(
        board.display.queueIds.map((q) => splitId(q)?.sourceId).filter((id) => id !== undefined),
      );
      return withLive.filter((c) => wanted.has(c.id)).map((c) => c.id);
    }
    return withLive
      .filter((c) => this.servesQueues(c) && inScope(board.scope, c.id))
      .map((c) => c.id);
  }

  private servesQueues(c: Connector): boolean {
    return c.capabilities.queues;
  }

  private build(board: Board, sourceIds: string[]): Omit<WallboardResponse, 'generatedAt'> {
    const { live, enricher, thresholds } = this.deps;
    const wanted = board.kind === 'display' ? board.display.queueIds : null;
    const byId = new Map<string, WallboardQueue>();
    const order: string[] = [];
    const boardQueueIds = new Set<string>();
    const contributing = new Set<string>();

    for (const sourceId of sourceIds) {
      const data = live.lookup(sourceId);
      for (const q of data?.queues ?? []) {
        if (
          wanted
            ? !wanted.includes(q.id)
            : !inScope((board as { scope: Scope }).scope, sourceId, q.id)
        ) {
          continue;
        }
        const m = enricher?.metrics(q.id) ?? null;
        byId.set(q.id, {
          id: q.id,
          sourceId,
          name: q.name,
          waiting: q.live.waiting,
          oldestWaitingSince: q.live.waiting > 0 ? q.live.oldestWaitingSince : null,
          serviceLevel: m?.serviceLevel ?? null,
          sla: enricher?.sla(q.id) ?? DEFAULT_SLA,
          abandonRate: m?.abandonRate ?? null,
          answered: m?.answered ?? null,
          abandoned: m?.abandoned ?? null,
          agents: {
            loggedIn: q.live.agentsLoggedIn,
            available: q.live.agentsAvailable,
            onCall: q.live.agentsOnCall,
            wrapUp: q.live.agentsWrapUp,
            notReady: q.live.agentsNotReady,
          },
          thresholds: thresholds.get(q.id),
        });
        order.push(q.id);
        boardQueueIds.add(q.id);
        contributing.add(sourceId);
      }
    }
    // A display shows its queues in the order the admin chose them.
    const queues = (wanted ?? order).flatMap((id) => {
      const q = byId.get(id);
      return q ? [q] : [];
    });

    // Agents in several of the board's queues count once in the totals (docs/metrics.md#agent-counts).
    const agents: WallboardAgents = {
      loggedIn: 0,
      available: 0,
      onCall: 0,
      wrapUp: 0,
      notReady: 0,
    };
    for (const sourceId of sourceIds) {
      for (const a of live.lookup(sourceId)?.agents ?? []) {
        if (!a.queues.some((mm) => mm.loggedIn && boardQueueIds.has(mm.queueId))) continue;
        agents.loggedIn++;
        if (a.state === 'ready') agents.available++;
        else if (ON_CALL.has(a.state)) agents.onCall++;
        else if (a.state === 'wrap_up') agents.wrapUp++;
        else if (NOT_READY.has(a.state)) agents.notReady++;
      }
    }
    const sum = (pick: (q: WallboardQueue) => number | null): number | null => {
      const known = queues.map(pick).filter((v): v is number => v !== null);
      return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
    };
    const oldest = queues
      .map((q) => q.oldestWaitingSince)
      .filter((v): v is string => v !== null)
      .sort()[0];

    // Sources that never answered still belong on the board, so their freshness shows "pending".
    const shown = sourceIds.filter(
      (id) => contributing.has(id) || board.kind === 'display' || !live.lookup(id),
    );
    const sources: WallboardSource[] = shown.map((id) => ({
      id,
      label: this.deps.labelOf(id),
      timeZone: this.deps.timeZoneOf(id),
      pollSeconds: this.deps.pollSecondsOf(id),
    }));
    const freshness: Freshness[] = shown.map((id) => live.freshness(id));

    return {
      display: board.kind === 'display' ? { id: board.display.id, name: board.display.name } : null,
      layout: board.kind === 'display' ? board.display.layout : 'tiles',
      queues,
      totals: {
        waiting: queues.reduce((n, q) => n + q.waiting, 0),
        oldestWaitingSince: oldest ?? null,
        answered: sum((q) => q.answered),
        abandoned: sum((q) => q.abandoned),
        agents,
      },
      sources,
      freshness,
      timeZone: sources[0]?.timeZone ?? (sourceIds[0] ? this.deps.timeZoneOf(sourceIds[0]) : 'UTC'),
    };
  }
}
