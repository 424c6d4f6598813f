import { RetryableApiError, parseRetryAfter } from '@/lib/retry-after';
import Papa from 'papaparse';
import { API } from '@contract/api';
import { ErrorBody } from '@contract/common';
import { EntriesPage, type QueueEntry } from '@contract/entry';
import { ApiError } from '@/lib/api-client';
import type { EntriesRequest } from './entries-search';

/**
 * CSV export of the entries page's current filter: every page, one after another, within the
 * source's request budget. The walk is plain async code with its fetch, sleep and clock injected,
 * so it is tested without React; `components/export-entries-button.tsx` drives it.
 */

/** The largest page the gateway serves: the fewest requests for the whole list. */
export const EXPORT_PAGE_SIZE = 100;
/** A 429 without a readable Retry-After waits this long. */
export const DEFAULT_RETRY_AFTER_MS = 10_000;
/** Consecutive 429s on one page before the export gives up (the budget never frees up). */
export const MAX_RATE_LIMITED_TRIES = 20;
/** A dropped connection or a 502/503/504 is retried this often, this far apart. */
export const TRANSIENT_TRIES = 3;
export const TRANSIENT_WAIT_MS = 5_000;

// ---------------------------------------------------------------------------------------- CSV

/**
 * Cells a spreadsheet would run as a formula get a leading `'`: anything starting with `=`, `@`, a
 * tab or a carriage return, and `+`/`-` unless the rest is a plain number. So `+14155550123` stays
 * a phone number (and the file can go back into the bulk upload), while `+cmd|…` or `-2+3` is
 * neutralised. The same rule as the call-records export.
 */
export const FORMULA_CELL = /^[=@\t\r]|^[+-](?![\d\s]+$)/;

export const EXPORT_COLUMNS = [
  'id',
  'status',
  'phone',
  'campaign',
  'agent',
  'created',
  'scheduled',
  'started',
  'completed',
  'retries',
  'last error',
] as const;

/** One entry as a CSV row; `id` is the vendor's id (the one its own tools show). */
function row(e: QueueEntry): (string | number)[] {
  return [
    e.vendorId,
    e.status,
    e.phoneNumber ?? '',
    e.campaignName ?? e.campaignId ?? '',
    e.agentId ?? '',
    e.createdAt ?? '',
    e.scheduledAt ?? '',
    e.startedAt ?? '',
    e.completedAt ?? '',
    e.retryCount ?? '',
    e.lastError ?? '',
  ];
}

/**
 * A chunk of the file: the entries as CSV lines, each ending in CRLF; the header row first when
 * asked. Chunks concatenate into one valid file.
 */
export function entriesCsvChunk(entries: readonly QueueEntry[], header: boolean): string {
  if (entries.length === 0 && !header) return '';
  const text = Papa.unparse(
    { fields: [...EXPORT_COLUMNS], data: entries.map(row) },
    { header, newline: '\r\n', escapeFormulae: FORMULA_CELL },
  );
  // Papa ends a header-only answer with a line break and a full one without: end each chunk with one.
  const body = text.replace(/\r\n$/, '');
  return body === '' ? '' : `${body}\r\n`;
}

/** `entries-<source>-<YYYY-MM-DD>.csv`, the date in the browser's zone. */
export function exportFileName(sourceId: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const safe = sourceId.replace(/[^\w.-]+/g, '_');
  return `entries-${safe}-${day}.csv`;
}

// --------------------------------------------------------------------------------- fetching

/** A refused page; `retryAfterMs` is set when the gateway said when to try again (429). */
export const ExportPageError = RetryableApiError;
export type ExportPageError = RetryableApiError;

export { parseRetryAfter };

/**
 * GET one page of `/api/v1/entries`. Like `apiGet`, but a refusal keeps the Retry-After header,
 * which the export needs to wait exactly as long as the gateway asks.
 */
export async function fetchEntriesPage(
  request: EntriesRequest,
  signal: AbortSignal,
): Promise<EntriesPage> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(request)) params.set(k, String(v));
  const path = API.entries;
  let res: Response;
  try {
    res = await fetch(`${path}?${params}`, {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ExportPageError({
      status: 0,
      code: 'NETWORK',
      message: 'Cannot reach the Queuedeck gateway.',
      path,
      retryAfterMs: null,
    });
  }
  let body: unknown = undefined;
  try {
    body = await res.json();
  } catch {
    // An HTML error page from a proxy: the status says enough.
  }
  if (!res.ok) {
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    const parsed = ErrorBody.safeParse(body);
    if (parsed.success) {
      const { code, message, fields } = parsed.data.error;
      throw new ExportPageError({ status: res.status, code, message, fields, path, retryAfterMs });
    }
    throw new ExportPageError({
      status: res.status,
      code: 'HTTP_ERROR',
      message: `The gateway answered ${res.status}.`,
      path,
      retryAfterMs,
    });
  }
  const page = EntriesPage.safeParse(body);
  if (!page.success) {
    throw new ExportPageError({
      status: res.status,
      code: 'INVALID_RESPONSE',
      message: 'The gateway sent an answer this screen cannot read.',
      path,
      retryAfterMs: null,
    });
  }
  return page.data;
}

// ------------------------------------------------------------------------------------- walk

/**
 * The pause between two page requests: half the source's budget per minute at most, so the live
 * views and the gateway's own polling of the same source keep the other half. None without a budget.
 */
export function exportPaceMs(budgetPerMinute: number | null): number {
  if (!budgetPerMinute || budgetPerMinute <= 0) return 0;
  return Math.ceil(60_000 / Math.max(1, Math.floor(budgetPerMinute / 2)));
}

export interface ExportProgress {
  /** Pages read so far. */
  pages: number;
  /** Rows written so far. */
  rows: number;
  /** Pages in the whole export, when the source gives a total; null otherwise. */
  totalPages: number | null;
  totalRows: number | null;
  /** While waiting out a 429: when the same page is asked again (epoch ms); null otherwise. */
  waitingUntil: number | null;
}

export interface ExportResult {
  /** The CSV file, header first, as chunks in order (one per page). */
  chunks: string[];
  rows: number;
  pages: number;
}

export interface ExportDeps {
  fetchPage?: (request: EntriesRequest, signal: AbortSignal) => Promise<EntriesPage>;
  /** The source's requests per minute (`health.budgetPerMinute`), or null when it has none. */
  budgetPerMinute: number | null;
  onProgress?: (progress: ExportProgress) => void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Resolves after `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const isTransient = (e: unknown) =>
  e instanceof ApiError &&
  (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504);

/**
 * Reads every page of `request`'s filter and sort (its own page and page size are ignored), 100
 * rows a page, and turns each into a CSV chunk as it lands. Requests start at most every
 * `exportPaceMs(budget)`; a 429 waits for Retry-After and asks for the same page again. Aborting
 * `signal` stops at once: no request goes out after it. Rows are kept once by id, since a live list
 * can shift between two pages.
 */
export async function exportEntries(
  request: EntriesRequest,
  signal: AbortSignal,
  deps: ExportDeps,
): Promise<ExportResult> {
  const fetchPage = deps.fetchPage ?? fetchEntriesPage;
  const sleep = deps.sleep ?? abortableSleep;
  const now = deps.now ?? Date.now;
  const pace = exportPaceMs(deps.budgetPerMinute);
  const { page: _page, pageSize: _size, ...filter } = request;

  const chunks = [entriesCsvChunk([], true)];
  const seen = new Set<string>();
  let rows = 0;
  let pages = 0;
  let totalRows: number | null = null;
  let lastStart: number | null = null;
  const report = (waitingUntil: number | null = null) =>
    deps.onProgress?.({
      pages,
      rows,
      totalRows,
      totalPages: totalRows === null ? null : Math.max(1, Math.ceil(totalRows / EXPORT_PAGE_SIZE)),
      waitingUntil,
    });

  for (let page = 1; ; page++) {
    let answer: EntriesPage | null = null;
    let limited = 0;
    let transient = 0;
    while (answer === null) {
      signal.throwIfAborted();
      if (lastStart !== null && pace > 0) {
        const wait = lastStart + pace - now();
        if (wait > 0) await sleep(wait, signal);
      }
      lastStart = now();
      try {
        answer = await fetchPage({ ...filter, page, pageSize: EXPORT_PAGE_SIZE }, signal);
      } catch (e) {
        if (signal.aborted) throw e;
        if (e instanceof ApiError && e.status === 429 && ++limited < MAX_RATE_LIMITED_TRIES) {
          const ms =
            (e instanceof ExportPageError ? e.retryAfterMs : null) ?? DEFAULT_RETRY_AFTER_MS;
          report(now() + ms);
          await sleep(ms, signal);
          // The budget is spent: the wait replaces the pacing pause.
          lastStart = null;
          continue;
        }
        if (isTransient(e) && ++transient < TRANSIENT_TRIES) {
          await sleep(TRANSIENT_WAIT_MS, signal);
          continue;
        }
        throw e;
      }
    }
    signal.throwIfAborted();
    pages++;
    if (answer.total !== null) totalRows = answer.total;
    const fresh = answer.items.filter((e) => !seen.has(e.id));
    for (const e of fresh) seen.add(e.id);
    if (fresh.length > 0) chunks.push(entriesCsvChunk(fresh, false));
    rows += fresh.length;
    report();
    if (!answer.hasNextPage || answer.items.length === 0) break;
  }
  return { chunks, rows, pages };
}
