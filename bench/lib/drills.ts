import type { APIRequestContext, Page } from '@playwright/test';
import { FETCHED_AT_HEADER, withFetchedAt, type Freshness } from '@contract/source';
import {
  auditSuccesses,
  clearFaults,
  countPaths,
  ERROR_SCREEN,
  injectFault,
  pageShowsStale,
  pickMembership,
  queueAction,
  readMembership,
  simRequests,
  sourceHealthy,
  waitForStale,
  type ActionAnswer,
} from './live-screens';
import { sleep } from './product';

/**
 * One fault drill (issue 8), shared by bench/fault-drills.ts and e2e/fault-drills.spec.ts: inject
 * a simulator fault on both live dialects (FonoUC = Support, PortSIP = Sales), watch the two open
 * pages go stale, issue a queue action through the gateway during the fault, clear the fault,
 * watch the pages come back, then check at the vendor that the action was applied exactly once.
 */

export interface FaultMode {
  name: string;
  /** The body of POST /__sim/faults (the dialect is added). */
  patch: Record<string, unknown>;
  /** False when the product is expected to ride it out without going stale (a revoked token). */
  expectStale: boolean;
  /** Extra ms allowed for recovery on top of one poll, and why (see `budgets`). */
  recoveryExtraMs: number;
  recoveryNote: string;
}

export function faultModes(opts: { latencyMs: number; retryAfterSeconds: number }): FaultMode[] {
  return [
    {
      name: 'latency',
      patch: { latencyMs: opts.latencyMs },
      expectStale: true,
      recoveryExtraMs: opts.latencyMs,
      recoveryNote: `+ ${opts.latencyMs / 1000} s: requests already at the vendor when it clears still take the latency`,
    },
    {
      name: '5xx',
      patch: { errorRate: 1, errorStatus: 503 },
      expectStale: true,
      recoveryExtraMs: 0,
      recoveryNote: '',
    },
    {
      name: '429 + Retry-After',
      patch: { rateLimitRate: 1, retryAfterSeconds: opts.retryAfterSeconds },
      expectStale: true,
      recoveryExtraMs: opts.retryAfterSeconds * 1000,
      recoveryNote: `+ Retry-After (${opts.retryAfterSeconds} s): the gateway rightly sends nothing before it`,
    },
    {
      name: 'hangs',
      patch: { hang: true },
      expectStale: true,
      recoveryExtraMs: 0,
      recoveryNote: '',
    },
    {
      name: 'malformed JSON',
      patch: { malformedRate: 1 },
      expectStale: true,
      recoveryExtraMs: 0,
      recoveryNote: '',
    },
    {
      name: 'revoked token',
      patch: { revokeTokens: true },
      expectStale: false,
      recoveryExtraMs: 0,
      recoveryNote: '',
    },
    {
      name: 'vendor down',
      patch: { down: true },
      expectStale: true,
      recoveryExtraMs: 0,
      recoveryNote: '',
    },
  ];
}

export interface DrillPages {
  wallboard: Page;
  agents: Page;
  /** Signed in as admin (the agents page's request context). */
  request: APIRequestContext;
  baseUrl: string;
  simUrl: string;
  /** The gateway's source poll interval, ms (QUEUEDECK_POLL_SECONDS). */
  sourcePollMs: number;
  /** The browser's poll interval, ms (LIVE_POLL_MS). */
  clientPollMs: number;
}

export interface CrashWatch {
  pageErrors: string[];
  crashes: number;
}

/** Collects page errors and renderer crashes of `pages` from now on. */
export function watchCrashes(pages: readonly Page[]): CrashWatch {
  const w: CrashWatch = { pageErrors: [], crashes: 0 };
  for (const p of pages) {
    p.on('pageerror', (e) => w.pageErrors.push(`${new URL(p.url()).pathname}: ${e.message}`));
    p.on('crash', () => w.crashes++);
  }
  return w;
}

export interface DrillResult {
  mode: string;
  patch: Record<string, unknown>;
  /** ms from injection to a Stale badge on the wallboard / on /agents; null = never (in the window). */
  staleMs: (number | null)[];
  staleBudgetMs: number;
  staleOk: boolean;
  /** ms from clearing to no Stale badge on either page; null = not within the window. */
  freshMs: (number | null)[];
  freshBudgetMs: number;
  freshOk: boolean;
  /** Page errors and crashes during the drill, error-screen text, page unresponsive. */
  pageErrors: string[];
  crashes: number;
  errorScreen: boolean;
  unresponsive: boolean;
  noCrashOk: boolean;
  action: {
    kind: 'login' | 'logout';
    target: string;
    duringFault: ActionAnswer;
    /** Vendor write requests (PUT …/login|logout) that reached the simulator during the fault. */
    vendorWritesDuringFault: number;
    /** Read back from the vendor (via a fresh gateway poll) after recovery, before any retry. */
    appliedAfterRecovery: boolean;
    /** The user's retry (only when the first submission failed). */
    retry: ActionAnswer | null;
    /** A second identical submission after success (a double click / a retry of a success). */
    duplicate: ActionAnswer;
    finalApplied: boolean;
    vendorWritesTotal: number;
    /** Successful audit records for the target added by the drill. */
    auditSuccesses: number;
    /** How the outcome reads: "applied once", "refused, not applied, retried once", … */
    outcome: string;
    ok: boolean;
  };
  ok: boolean;
}

const WRITE_PATH = /^(PUT|POST) .*(callcenter\/admin\/agent\/|call_queues\/[^ ]*\/agents\/)/;

async function bothStale(p: DrillPages): Promise<[boolean, boolean]> {
  return Promise.all([
    pageShowsStale(p.wallboard).catch(() => true),
    pageShowsStale(p.agents).catch(() => true),
  ]);
}

async function responsive(page: Page): Promise<boolean> {
  try {
    await Promise.race([
      page.evaluate(() => document.readyState),
      sleep(5000).then(() => {
        throw new Error('timeout');
      }),
    ]);
    return true;
  } catch {
    return false;
  }
}

async function errorScreen(page: Page): Promise<boolean> {
  return page
    .evaluate((re) => new RegExp(re).test(document.body?.textContent ?? ''), ERROR_SCREEN.source)
    .catch(() => true);
}

/** Waits until nothing is stale and the gateway reads Support without error (between drills). */
export async function settle(p: DrillPages, timeoutMs = 60_000): Promise<void> {
  const t0 = performance.now();
  let calm = 0;
  while (performance.now() - t0 < timeoutMs) {
    const [a, b] = await bothStale(p);
    const healthy =
      (await sourceHealthy(p.request, p.baseUrl, 'support').catch(() => false)) &&
      (await sourceHealthy(p.request, p.baseUrl, 'sales').catch(() => false));
    calm = !a && !b && healthy ? calm + 1 : 0;
    if (calm >= 3) return;
    await sleep(300);
  }
  throw new Error('the pages did not settle (still stale) before the drill');
}

/**
 * Waits until the gateway has read Support without error after `after` (a vendor read after
 * recovery). The gateway serves the same body while a source's data is unchanged, so the body's
 * fetchedAt can lag; the latest poll is in FETCHED_AT_HEADER, read here as the SPA reads it.
 */
async function freshRead(p: DrillPages, after: number, timeoutMs = 30_000): Promise<void> {
  const t0 = performance.now();
  let last = 'no answer';
  while (performance.now() - t0 < timeoutMs) {
    const res = await p.request.get(`${p.baseUrl}/api/v1/agents`);
    if (res.ok()) {
      const body = (await res.json()) as { freshness: Freshness[] };
      const freshness = withFetchedAt(body.freshness, res.headers()[FETCHED_AT_HEADER] ?? null);
      const f = freshness.find((x) => x.sourceId === 'support');
      if (f && f.error === null && f.fetchedAt && Date.parse(f.fetchedAt) > after) return;
      last = `Support's freshness ${JSON.stringify(f ?? null)}`;
    } else {
      last = `GET /api/v1/agents answered ${res.status()}`;
    }
    await sleep(250);
  }
  throw new Error(
    `the gateway did not read Support again after ${new Date(after).toISOString()}; last seen: ${last}`,
  );
}

export interface DrillOptions {
  /** How long the fault is held at least, ms (the action and the badges also hold it). */
  holdMs?: number;
  /** Window for a badge to appear / go away, ms. */
  windowMs?: number;
  log?: (line: string) => void;
}

export async function runDrill(
  p: DrillPages,
  mode: FaultMode,
  watch: CrashWatch,
  o: DrillOptions = {},
): Promise<DrillResult> {
  const log = o.log ?? (() => undefined);
  const windowMs = o.windowMs ?? 30_000;
  const poll = p.sourcePollMs + p.clientPollMs;
  const staleBudgetMs = 2 * poll;
  const freshBudgetMs = poll + mode.recoveryExtraMs;
  await settle(p);
  const errors0 = watch.pageErrors.length;
  const crashes0 = watch.crashes;

  const target = await pickMembership(p.request, p.baseUrl, 'support');
  const kind = target.loggedIn ? 'logout' : 'login';
  const want = !target.loggedIn;
  const audit0 = await auditSuccesses(p.request, p.baseUrl, target.agentId);
  const writes0 = countPaths(await simRequests(p.simUrl), WRITE_PATH);

  // Inject; the action goes out at once, while the badges are being watched.
  const t0 = performance.now();
  await injectFault(p.simUrl, mode.patch);
  log(
    `  ${mode.name}: injected ${JSON.stringify(mode.patch)}; ${kind} ${target.agentName} @ ${target.queueId}`,
  );
  const actionP = queueAction(p.request, p.baseUrl, target, kind);
  const staleP = mode.expectStale
    ? waitForStale([p.wallboard, p.agents], true, t0, windowMs)
    : waitForStale([p.wallboard, p.agents], true, t0, staleBudgetMs + 1000);
  const [duringFault, staleMs] = await Promise.all([actionP, staleP]);
  log(
    `    action during the fault: ${duringFault.status} ${duringFault.code ?? ''} “${duringFault.message}” in ${Math.round(duringFault.ms)} ms; stale after ${staleMs.map((x) => (x === null ? '–' : Math.round(x))).join(' / ')} ms`,
  );
  const held = performance.now() - t0;
  if (o.holdMs && held < o.holdMs) await sleep(o.holdMs - held);
  const vendorWritesDuringFault = countPaths(await simRequests(p.simUrl), WRITE_PATH) - writes0;

  // Clear and watch the badges go.
  const t1 = performance.now();
  const clearedAt = Date.now();
  await clearFaults(p.simUrl);
  const freshMs = await waitForStale([p.wallboard, p.agents], false, t1, windowMs);
  log(`    fresh after ${freshMs.map((x) => (x === null ? '–' : Math.round(x))).join(' / ')} ms`);

  // The vendor's state, read back by a gateway poll that started after the clear.
  await freshRead(p, clearedAt);
  const afterRecovery = await readMembership(p.request, p.baseUrl, target.agentId, target.queueId);
  const appliedAfterRecovery = afterRecovery?.loggedIn === want;
  let retry: ActionAnswer | null = null;
  if (!duringFault.ok) retry = await queueAction(p.request, p.baseUrl, target, kind);
  const duplicate = await queueAction(p.request, p.baseUrl, target, kind);
  await freshRead(p, Date.now());
  const final = await readMembership(p.request, p.baseUrl, target.agentId, target.queueId);
  const finalApplied = final?.loggedIn === want;
  const vendorWritesTotal = countPaths(await simRequests(p.simUrl), WRITE_PATH) - writes0;
  const audits = (await auditSuccesses(p.request, p.baseUrl, target.agentId)) - audit0;

  // Judging the action: a success must be applied (once: the gateway never re-sends a write,
  // except once after a 401, which the vendor refused unapplied); a refusal must carry a clear
  // error and leave nothing applied, except a request the vendor still held (a hang), whose
  // outcome the error cannot know; the user's retry applies it; a duplicate changes nothing.
  // After a revoked token the first write may meet the 401 (then re-sent once) or find the poller
  // already logged in again.
  const maxWrites = mode.name === 'revoked token' ? 2 : 1;
  let outcome: string;
  let actionOk: boolean;
  const clearError =
    duringFault.status >= 400 && duringFault.code !== null && duringFault.message.length > 0;
  if (duringFault.ok) {
    actionOk =
      appliedAfterRecovery && vendorWritesDuringFault >= 1 && vendorWritesDuringFault <= maxWrites;
    outcome = `applied once during the fault (${vendorWritesDuringFault} vendor write${vendorWritesDuringFault === 1 ? '' : 's'}${vendorWritesDuringFault === 2 && mode.name === 'revoked token' ? ': 401, re-login, re-sent' : ''})`;
  } else if (mode.name === 'hangs') {
    actionOk = clearError && retry?.ok === true && vendorWritesDuringFault === 1;
    outcome = `refused (${duringFault.code}: ${duringFault.message}); the held request ${appliedAfterRecovery ? 'was applied when the vendor woke' : 'was not applied'}; retry ${retry?.ok ? 'ok' : 'failed'}`;
  } else {
    actionOk =
      clearError && !appliedAfterRecovery && retry?.ok === true && vendorWritesDuringFault <= 1;
    outcome = `refused (${duringFault.status} ${duringFault.code}: ${duringFault.message}), not applied${appliedAfterRecovery ? ' ❌ (but it was!)' : ''}; retried: ${retry?.ok ? 'applied' : `failed (${retry?.message})`}`;
  }
  actionOk = actionOk && duplicate.ok && finalApplied;

  const pageErrors = watch.pageErrors.slice(errors0);
  const crashes = watch.crashes - crashes0;
  const errorScreenShown = (await errorScreen(p.wallboard)) || (await errorScreen(p.agents));
  const unresponsive = !(await responsive(p.wallboard)) || !(await responsive(p.agents));
  const noCrashOk = pageErrors.length === 0 && crashes === 0 && !errorScreenShown && !unresponsive;

  const staleOk = mode.expectStale ? staleMs.every((x) => x !== null && x <= staleBudgetMs) : true; // riding it out is the better outcome; a brief badge must still clear in time
  const freshOk = freshMs.every((x) => x !== null && x <= freshBudgetMs);
  const ok = staleOk && freshOk && noCrashOk && actionOk;
  return {
    mode: mode.name,
    patch: mode.patch,
    staleMs,
    staleBudgetMs,
    staleOk,
    freshMs,
    freshBudgetMs,
    freshOk,
    pageErrors,
    crashes,
    errorScreen: errorScreenShown,
    unresponsive,
    noCrashOk,
    action: {
      kind,
      target: `${target.agentName} @ ${target.queueId}`,
      duringFault,
      vendorWritesDuringFault,
      appliedAfterRecovery,
      retry,
      duplicate,
      finalApplied,
      vendorWritesTotal,
      auditSuccesses: audits,
      outcome,
      ok: actionOk,
    },
    ok,
  };
}
