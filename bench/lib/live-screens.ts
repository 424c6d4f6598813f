import type { APIRequestContext, CDPSession, Page } from '@playwright/test';

/**
 * What the wallboard soak and the fault drills share (benchmarks and their short forms in e2e/):
 * a display created through the API, per-minute heap and DOM counters over CDP, the simulator's
 * `/__sim/` control API, stale-badge probes and a queue action through the gateway.
 */

const CSRF = { 'x-queuedeck-csrf': '1' };

export interface CreatedDisplay {
  id: string;
  /** `/wallboard/d/<token>` */
  path: string;
  queueIds: string[];
}

/**
 * Creates a display of the live sources' queues (Support and Sales: the sources the gateway polls
 * at QUEUEDECK_POLL_SECONDS), as an admin would through the Displays page. `request` must be
 * signed in (a page's `request` after signIn()).
 */
export async function createDisplay(
  request: APIRequestContext,
  baseUrl: string,
  name: string,
  maxQueues = 100,
): Promise<CreatedDisplay> {
  const res = await request.get(`${baseUrl}/api/v1/queues`);
  if (!res.ok()) throw new Error(`GET /api/v1/queues: ${res.status()} ${await res.text()}`);
  const queues = ((await res.json()) as { items: { id: string; sourceId: string }[] }).items
    .filter((q) => q.sourceId === 'support' || q.sourceId === 'sales')
    .slice(0, maxQueues);
  if (queues.length === 0) throw new Error('no Support or Sales queue to put on a display');
  const created = await request.post(`${baseUrl}/api/v1/displays`, {
    headers: CSRF,
    data: { name, queueIds: queues.map((q) => q.id), layout: 'tiles' },
  });
  if (created.status() !== 201)
    throw new Error(`POST /api/v1/displays: ${created.status()} ${await created.text()}`);
  const body = (await created.json()) as { display: { id: string }; path: string };
  return { id: body.display.id, path: body.path, queueIds: queues.map((q) => q.id) };
}

// ------------------------------------------------------------------------------ heap and DOM

export interface MemorySample {
  /** JSHeapUsedSize after a forced GC, bytes. */
  heapUsed: number;
  documents: number;
  nodes: number;
  jsEventListeners: number;
}

/**
 * docs/performance.md: HeapProfiler.collectGarbage, then Performance.getMetrics' JSHeapUsedSize, and
 * Memory.getDOMCounters. Collected twice: one pass can leave garbage that a finaliser released.
 * Needs `Performance.enable` on the session first.
 */
export async function memorySample(cdp: CDPSession): Promise<MemorySample> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  const dom = (await cdp.send('Memory.getDOMCounters')) as {
    documents: number;
    nodes: number;
    jsEventListeners: number;
  };
  return {
    heapUsed: metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN,
    documents: dom.documents,
    nodes: dom.nodes,
    jsEventListeners: dom.jsEventListeners,
  };
}

export const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);

// ------------------------------------------------------------------------ the simulator's API

/** The dialects behind the live sources: FonoUC is Support, PortSIP is Sales. */
export const LIVE_DIALECTS = ['fonouc', 'portsip'] as const;

async function sim(simUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${simUrl}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} /__sim/${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/** Injects a fault on each live dialect (POST /__sim/faults). */
export async function injectFault(
  simUrl: string,
  patch: Record<string, unknown>,
  dialects: readonly string[] = LIVE_DIALECTS,
): Promise<void> {
  for (const dialect of dialects) await sim(simUrl, 'POST', 'faults', { dialect, ...patch });
}

/** Clears every fault (DELETE /__sim/faults); hung requests are then answered. */
export async function clearFaults(simUrl: string): Promise<void> {
  await sim(simUrl, 'DELETE', 'faults');
}

export interface SimRequests {
  total: number;
  dialects: Record<string, { total: number; paths: Record<string, number> }>;
}

export function simRequests(simUrl: string): Promise<SimRequests> {
  return sim(simUrl, 'GET', 'requests') as Promise<SimRequests>;
}

/** Vendor requests (any dialect) whose "METHOD /route" matches `re`. */
export function countPaths(r: SimRequests, re: RegExp): number {
  let n = 0;
  for (const d of Object.values(r.dialects))
    for (const [k, v] of Object.entries(d.paths)) if (re.test(k)) n += v;
  return n;
}

export interface SimHealth {
  clock: string;
  speed: number;
  /** Simulated now, ISO. */
  now: string;
}

export function simHealth(simUrl: string): Promise<SimHealth> {
  return sim(simUrl, 'GET', 'health') as Promise<SimHealth>;
}

export interface SimTenantState {
  tenant: string;
  time: string;
  agents: Record<string, number>;
  cdrs: number;
}

export function simState(simUrl: string): Promise<Record<string, SimTenantState[]>> {
  return sim(simUrl, 'GET', 'state') as Promise<Record<string, SimTenantState[]>>;
}

// ------------------------------------------------------------------------------ stale probes

/**
 * True when a "Stale" badge is in the page (the wallboard's StaleBadge and the app's
 * FreshnessIndicator both render the word). textContent: no layout is forced.
 */
export function pageShowsStale(page: Page): Promise<boolean> {
  // textContent runs siblings together ("updated 3 s agoStale: …"): no word boundary before.
  return page.evaluate(() => /Stale(?![a-z])/.test(document.body?.textContent ?? ''));
}

/** Texts of the app's error screens: an error boundary or a crashed route. */
export const ERROR_SCREEN = /Something went wrong|Application error|Unexpected Application Error/;

/**
 * Polls `pages` every `everyMs` until `want(stale)` holds on each; resolves the ms from `t0`
 * (performance.now() of this process) at which each first held, or null on timeout.
 */
export async function waitForStale(
  pages: readonly Page[],
  want: boolean,
  t0: number,
  timeoutMs: number,
  everyMs = 100,
): Promise<(number | null)[]> {
  return Promise.all(
    pages.map(async (page) => {
      for (;;) {
        const now = performance.now();
        if (now - t0 > timeoutMs) return null;
        const stale = await pageShowsStale(page).catch(() => !want);
        if (stale === want) return performance.now() - t0;
        await new Promise((r) => setTimeout(r, everyMs));
      }
    }),
  );
}

// ---------------------------------------------------------------------------- a queue action

export interface Membership {
  agentId: string;
  agentName: string;
  queueId: string;
  loggedIn: boolean;
}

interface AgentsBody {
  items: {
    id: string;
    name: string;
    sourceId: string;
    state: string;
    queues: { queueId: string; loggedIn: boolean }[];
  }[];
  freshness: { sourceId: string; error: string | null; fetchedAt: string | null }[];
}

/** The membership as the gateway last read it from the vendor; null when the agent is gone. */
export async function readMembership(
  request: APIRequestContext,
  baseUrl: string,
  agentId: string,
  queueId: string,
): Promise<Membership | null> {
  const res = await request.get(`${baseUrl}/api/v1/agents`);
  if (!res.ok()) throw new Error(`GET /api/v1/agents: ${res.status()}`);
  const body = (await res.json()) as AgentsBody;
  const a = body.items.find((x) => x.id === agentId);
  const m = a?.queues.find((q) => q.queueId === queueId);
  return a && m ? { agentId, agentName: a.name, queueId, loggedIn: m.loggedIn } : null;
}

/** A Support (FonoUC) agent's first queue membership: the target of the drills' action. */
export async function pickMembership(
  request: APIRequestContext,
  baseUrl: string,
  sourceId = 'support',
): Promise<Membership> {
  const res = await request.get(`${baseUrl}/api/v1/agents`);
  const body = (await res.json()) as AgentsBody;
  // On shift: the vendor keeps queue logins of agents who are signed in to their phone.
  const agents = body.items.filter(
    (a) =>
      a.sourceId === sourceId &&
      a.queues.length > 0 &&
      a.state !== 'logged_out' &&
      a.state !== 'offline',
  );
  const a = agents[Math.floor(agents.length / 2)];
  const m = a?.queues[0];
  if (!a || !m) throw new Error(`no ${sourceId} agent with a queue`);
  return { agentId: a.id, agentName: a.name, queueId: m.queueId, loggedIn: m.loggedIn };
}

/** True when the gateway's snapshot of `sourceId` has no error (the vendor answers again). */
export async function sourceHealthy(
  request: APIRequestContext,
  baseUrl: string,
  sourceId = 'support',
): Promise<boolean> {
  const res = await request.get(`${baseUrl}/api/v1/agents`);
  if (!res.ok()) return false;
  const body = (await res.json()) as AgentsBody;
  return body.freshness.find((f) => f.sourceId === sourceId)?.error === null;
}

export interface ActionAnswer {
  status: number;
  ok: boolean;
  code: string | null;
  message: string;
  ms: number;
}

/** POST /api/v1/actions/agent-queue as the signed-in user (what the drawer's button sends). */
export async function queueAction(
  request: APIRequestContext,
  baseUrl: string,
  m: Pick<Membership, 'agentId' | 'queueId'>,
  action: 'login' | 'logout',
  timeoutMs = 60_000,
): Promise<ActionAnswer> {
  const t0 = performance.now();
  const res = await request.post(`${baseUrl}/api/v1/actions/agent-queue`, {
    headers: CSRF,
    data: { agentId: m.agentId, queueId: m.queueId, action },
    timeout: timeoutMs,
    failOnStatusCode: false,
  });
  const text = await res.text();
  let code: string | null = null;
  let message = text.slice(0, 200);
  try {
    const j = JSON.parse(text) as { message?: string; error?: { code?: string; message?: string } };
    code = j.error?.code ?? null;
    message = j.error?.message ?? j.message ?? message;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status(), ok: res.ok(), code, message, ms: performance.now() - t0 };
}

/** Successful audit records of queue actions on `target` (the gateway's own account of them). */
export async function auditSuccesses(
  request: APIRequestContext,
  baseUrl: string,
  agentId: string,
): Promise<number> {
  const res = await request.get(`${baseUrl}/api/v1/audit?pageSize=200`);
  if (!res.ok()) return Number.NaN;
  const body = (await res.json()) as {
    items: { action: string; outcome: string; target: string }[];
  };
  return body.items.filter(
    (e) =>
      e.action.startsWith('agent.queue.') &&
      e.outcome === 'success' &&
      e.target.startsWith(`${agentId} @`),
  ).length;
}
