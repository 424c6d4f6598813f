import { createHash } from 'node:crypto';
import type { Agent } from '@contract/agent';
import type { CallsResponse } from '@contract/call';
import type { Queue, QueueMetrics, QueuesResponse, SlaSettings } from '@contract/queue';
import { DEFAULT_SLA } from '@contract/queue';
import { formatFetchedAt, type Freshness } from '@contract/source';
import type { AgentsResponse } from '@contract/agent';
import type { Scope } from '@contract/auth';
import type { Connector, LiveData } from '../connectors/types';
import { VendorError } from '../connectors/types';
import { EncodedBody } from '../http/compression';
import { InstantStabilizer } from './instant-stabilizer';
import { Poller } from './poller';
import { StateTracker } from './state-tracker';

export interface LiveSource {
  connector: Connector;
  poller: Poller<LiveData & { agentsWithSince: Agent[] }> | null;
}

/**
 * What is known about a queue above its connector (issue 5): today's metrics from CDRs and the
 * queue's SLA settings. `version` changes whenever either does, so cached answers are rebuilt.
 */
export interface QueueEnricher {
  version(): string;
  /** Null when the metrics are not derivable (the source has no CDRs) or not known yet. */
  metrics(queueId: string): QueueMetrics | null;
  sla(queueId: string): SlaSettings;
}

/** One answer of a live route: its ETag and its body, with the compressed forms made once. */
export interface CachedBody {
  etag: string;
  body: EncodedBody;
}

/** At most this many (resource, scope) pairs are kept; past it the cache starts over. */
const CACHE_SLOTS = 500;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Whether a scope lets a user see a source / a queue. */
export function inScope(scope: Scope, sourceId: string, queueId?: string): boolean {
  if (scope.sources && !scope.sources.includes(sourceId)) return false;
  if (queueId && scope.queues && !scope.queues.includes(queueId)) return false;
  return true;
}

/**
 * Live data of every source, polled once for everyone. Responses are serialised once per snapshot
 * version and scope and served with an ETag, so a thousand screens cost one poll and a 304 each.
 */
export class LiveService {
  private readonly sources = new Map<string, LiveSource>();
  private readonly tracker = new StateTracker();
  /** Per resource and scope, the answer for the latest snapshot versions only. */
  private readonly cache = new Map<string, { versions: string; hit: CachedBody }>();
  private enricher: QueueEnricher | null = null;

  constructor(connectors: Connector[], pollSeconds: (id: string) => number) {
    for (const connector of connectors) {
      const instants = new InstantStabilizer();
      const poller = connector.fetchLive
        ? new Poller<LiveData & { agentsWithSince: Agent[] }>({
            name: `${connector.id}/live`,
            intervalMs: pollSeconds(connector.id) * 1000,
            fetch: async (signal) => {
              const data = instants.apply(await connector.fetchLive!(signal));
              return { ...data, agentsWithSince: this.track(connector.id, data) };
            },
            retryAfterMs: (e) => (e instanceof VendorError ? e.retryAfterMs : null),
          })
        : null;
      this.sources.set(connector.id, { connector, poller });
    }
  }

  /** Queue metrics and SLA settings come from the CDR feed, wired by the composition root. */
  setQueueEnricher(enricher: QueueEnricher): void {
    this.enricher = enricher;
    this.cache.clear();
  }

  start(): void {
    for (const s of this.sources.values()) s.poller?.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.sources.values()].map((s) => s.poller?.stop() ?? Promise.resolve()));
  }

  /** The live pollers, for /metrics. */
  pollers(): Poller<unknown>[] {
    return this.all().flatMap((s) => (s.poller ? [s.poller as Poller<unknown>] : []));
  }

  source(id: string): LiveSource | undefined {
    return this.sources.get(id);
  }

  all(): LiveSource[] {
    return [...this.sources.values()];
  }

  /** Re-polls a source now, after an action changed it. */
  async refresh(sourceId: string): Promise<void> {
    await this.sources.get(sourceId)?.poller?.refresh();
  }

  freshness(sourceId: string): Freshness {
    const snap = this.sources.get(sourceId)?.poller?.snapshot();
    return {
      sourceId,
      fetchedAt: iso(snap?.fetchedAt ?? null),
      error: snap?.error ?? null,
      errorSince: iso(snap?.errorSince ?? null),
      stale: Boolean(snap?.error) || !snap?.fetchedAt,
    };
  }

  /** FETCHED_AT_HEADER's value for the sources a scope sees (or the given ones). */
  fetchedAtHeader(scopeOrIds: Scope | readonly string[]): string {
    const ids = Array.isArray(scopeOrIds)
      ? (scopeOrIds as readonly string[])
      : this.visible(scopeOrIds as Scope).map((s) => s.connector.id);
    return formatFetchedAt(ids.map((id) => this.freshness(id)));
  }

  private track(sourceId: string, data: LiveData): Agent[] {
    const at = Date.now();
    const ids = new Set<string>();
    const out = data.agents.map((a) => {
      ids.add(a.id);
      return { ...a, stateSince: iso(this.tracker.observe(a.id, a.state, a.reason, at)) };
    });
    this.tracker.retain(ids, `${sourceId}:`);
    return out;
  }

  private visible(scope: Scope): LiveSource[] {
    return this.all().filter((s) => s.poller && inScope(scope, s.connector.id));
  }

  /**
   * Serialises a response once per (resource, scope, snapshot versions). Only the latest versions
   * are kept per resource and scope: an older body (and its compressed forms) is never served
   * again, since its ETag no longer matches.
   */
  private cached(
    resource: string,
    scope: Scope,
    build: (sources: LiveSource[]) => unknown,
    extraVersion = '',
  ): CachedBody {
    const sources = this.visible(scope);
    const versions =
      sources.map((s) => `${s.connector.id}@${s.poller!.snapshot().version}`).join(',') +
      `|${extraVersion}`;
    const slot = `${resource}|${JSON.stringify(scope)}`;
    const known = this.cache.get(slot);
    if (known?.versions === versions) return known.hit;
    const body = JSON.stringify(build(sources));
    // Weak: the same ETag names the plain, br and gzip forms of this body (with Vary).
    const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
    // The same text under new versions keeps the forms already compressed.
    const hit = known?.hit.etag === etag ? known.hit : { etag, body: new EncodedBody(body) };
    if (!known && this.cache.size >= CACHE_SLOTS) this.cache.clear();
    this.cache.set(slot, { versions, hit });
    return hit;
  }

  queues(scope: Scope): CachedBody {
    const enricher = this.enricher;
    return this.cached(
      'queues',
      scope,
      (sources) => {
        const items: Queue[] = [];
        for (const s of sources) {
          for (const q of s.poller!.snapshot().data?.queues ?? []) {
            if (!inScope(scope, s.connector.id, q.id)) continue;
            // Issue 5: today's metrics (null when not derivable) and the queue's own SLA settings.
            items.push({
              ...q,
              metrics: enricher?.metrics(q.id) ?? null,
              sla: enricher?.sla(q.id) ?? DEFAULT_SLA,
            });
          }
        }
        return {
          items,
          freshness: sources.map((s) => this.freshness(s.connector.id)),
        } satisfies QueuesResponse;
      },
      enricher?.version() ?? '',
    );
  }

  agents(scope: Scope): CachedBody {
    return this.cached('agents', scope, (sources) => {
      const items: Agent[] = [];
      for (const s of sources) {
        for (const a of s.poller!.snapshot().data?.agentsWithSince ?? []) {
          if (scope.queues && !a.queues.some((m) => scope.queues!.includes(m.queueId))) continue;
          items.push(
            scope.queues
              ? { ...a, queues: a.queues.filter((m) => scope.queues!.includes(m.queueId)) }
              : a,
          );
        }
      }
      return {
        items,
        freshness: sources.map((s) => this.freshness(s.connector.id)),
      } satisfies AgentsResponse;
    });
  }

  calls(scope: Scope): CachedBody {
    return this.cached('calls', scope, (sources) => {
      const out: CallsResponse = { calls: [], waiting: [], freshness: [] };
      for (const s of sources) {
        const d = s.poller!.snapshot().data;
        out.calls.push(
          ...(d?.calls ?? []).filter(
            (c) => !scope.queues || (c.queueId && scope.queues.includes(c.queueId)),
          ),
        );
        out.waiting.push(
          ...(d?.waiting ?? []).filter((w) => inScope(scope, s.connector.id, w.queueId)),
        );
        out.freshness.push(this.freshness(s.connector.id));
      }
      return out;
    });
  }

  /** The agent and queue of a source's last snapshot, for actions to check targets against. */
  lookup(sourceId: string): LiveData | null {
    return this.sources.get(sourceId)?.poller?.snapshot().data ?? null;
  }
}
