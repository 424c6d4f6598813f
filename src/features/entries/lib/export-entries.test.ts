import Papa from 'papaparse';
import { describe, expect, it, vi } from 'vitest';
import type { EntriesPage, QueueEntry } from '@contract/entry';
import {
  EXPORT_COLUMNS,
  entriesCsvChunk,
  exportEntries,
  exportFileName,
  exportPaceMs,
  type ExportProgress,
} from './export-entries';

function entry(n: number, overrides: Partial<QueueEntry> = {}): QueueEntry {
  return {
    id: `iqra:e${n}`,
    sourceId: 'iqra',
    vendorId: `e${n}`,
    direction: 'outbound',
    status: 'failed',
    rawStatus: 'Failed',
    phoneNumber: `+90555000${String(n).padStart(4, '0')}`,
    campaignId: 'c1',
    campaignName: 'Spring renewals',
    agentId: 'agent-7',
    createdAt: '2026-03-01T09:00:00.000Z',
    scheduledAt: null,
    startedAt: '2026-03-01T09:05:00.000Z',
    completedAt: '2026-03-01T09:06:00.000Z',
    retryCount: 2,
    lastError: 'NO_ANSWER',
    ...overrides,
  };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A gateway over `total` entries (ids 1..total), 100 a page; records every request's query. */
function gateway(total: number, opts: { withTotal?: boolean } = {}) {
  const requests: URLSearchParams[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    requests.push(url.searchParams);
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('pageSize'));
    const from = (page - 1) * size;
    const items = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) =>
      entry(from + i + 1),
    );
    const body: EntriesPage = {
      items,
      page,
      pageSize: size,
      total: opts.withTotal === false ? null : total,
      hasNextPage: from + size < total,
      countsByStatus: null,
    };
    return json(body);
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, requests };
}

const REQUEST = {
  source: 'iqra',
  direction: 'outbound',
  status: 'failed,expired',
  sort: 'createdAt',
  order: 'asc',
  page: 3,
  pageSize: 25,
};

/** A sleep that returns at once but records how long it was asked to wait. */
function instantSleep() {
  const waits: number[] = [];
  const sleep = vi.fn(async (ms: number, signal: AbortSignal) => {
    signal.throwIfAborted();
    waits.push(ms);
  });
  return { sleep, waits };
}

const parse = (chunks: string[]) =>
  Papa.parse<string[]>(chunks.join(''), { skipEmptyLines: true }).data;

describe('exportEntries', () => {
  it('walks every page of the filter at 100 a page and joins them into one file', async () => {
    const { requests } = gateway(250);
    const progress: ExportProgress[] = [];
    const { sleep } = instantSleep();
    const result = await exportEntries(REQUEST, new AbortController().signal, {
      budgetPerMinute: null,
      sleep,
      onProgress: (p) => progress.push(p),
    });

    expect(requests.map((q) => q.get('page'))).toEqual(['1', '2', '3']);
    for (const q of requests) {
      expect(q.get('pageSize')).toBe('100');
      expect(q.get('source')).toBe('iqra');
      expect(q.get('direction')).toBe('outbound');
      expect(q.get('status')).toBe('failed,expired');
      expect(q.get('sort')).toBe('createdAt');
      expect(q.get('order')).toBe('asc');
    }
    expect(result).toMatchObject({ rows: 250, pages: 3 });
    const rows = parse(result.chunks);
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toHaveLength(251);
    expect(rows.slice(1).map((r) => r[0])).toEqual(
      Array.from({ length: 250 }, (_, i) => `e${i + 1}`),
    );
    expect(rows[1]).toEqual([
      'e1',
      'failed',
      '+905550000001',
      'Spring renewals',
      'agent-7',
      '2026-03-01T09:00:00.000Z',
      '',
      '2026-03-01T09:05:00.000Z',
      '2026-03-01T09:06:00.000Z',
      '2',
      'NO_ANSWER',
    ]);
    expect(progress.map((p) => [p.pages, p.rows, p.totalPages])).toEqual([
      [1, 100, 3],
      [2, 200, 3],
      [3, 250, 3],
    ]);
    // No budget, no pause.
    expect(sleep).not.toHaveBeenCalled();
  });

  it('counts rows when the source gives no total, and keeps a row once if the list shifts', async () => {
    const { fetch } = gateway(150, { withTotal: false });
    // Page 2 repeats the last row of page 1, as a list that grew at the top would.
    fetch.mockImplementationOnce(async () =>
      json({
        items: Array.from({ length: 100 }, (_, i) => entry(i + 1)),
        page: 1,
        pageSize: 100,
        total: null,
        hasNextPage: true,
        countsByStatus: null,
      }),
    );
    fetch.mockImplementationOnce(async () =>
      json({
        items: Array.from({ length: 51 }, (_, i) => entry(i + 100)),
        page: 2,
        pageSize: 100,
        total: null,
        hasNextPage: false,
        countsByStatus: null,
      }),
    );
    const progress: ExportProgress[] = [];
    const result = await exportEntries(REQUEST, new AbortController().signal, {
      budgetPerMinute: null,
      onProgress: (p) => progress.push(p),
    });
    expect(result.rows).toBe(150);
    expect(progress.at(-1)).toMatchObject({ totalPages: null, rows: 150, pages: 2 });
  });

  it('paces requests to half the source budget per minute', async () => {
    gateway(300);
    let clock = 0;
    const { sleep, waits } = instantSleep();
    sleep.mockImplementation(async (ms: number) => {
      waits.push(ms);
      clock += ms;
    });
    await exportEntries(REQUEST, new AbortController().signal, {
      budgetPerMinute: 55,
      sleep,
      now: () => clock,
    });
    // 55 a minute → at most 27 of them for the export → one request every 2,223 ms.
    expect(exportPaceMs(55)).toBe(2223);
    expect(waits).toEqual([2223, 2223]);
  });

  it('waits out a 429 for Retry-After and asks for the same page again', async () => {
    const { fetch, requests } = gateway(250);
    let refused = false;
    const real = fetch.getMockImplementation()!;
    fetch.mockImplementation(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://localhost');
      if (url.searchParams.get('page') === '2' && !refused) {
        refused = true;
        requests.push(url.searchParams);
        return json(
          {
            error: {
              code: 'RATE_LIMITED',
              message: "This source's request budget is used up for the moment: try again in 7 s",
            },
          },
          429,
          { 'retry-after': '7' },
        );
      }
      return real(input);
    });
    const progress: ExportProgress[] = [];
    const { sleep, waits } = instantSleep();
    const result = await exportEntries(REQUEST, new AbortController().signal, {
      budgetPerMinute: null,
      sleep,
      now: () => 1_000,
      onProgress: (p) => progress.push(p),
    });
    expect(requests.map((q) => q.get('page'))).toEqual(['1', '2', '2', '3']);
    expect(waits).toEqual([7000]);
    expect(progress).toContainEqual(expect.objectContaining({ pages: 1, waitingUntil: 8_000 }));
    expect(result.rows).toBe(250);
    expect(parse(result.chunks)).toHaveLength(251);
  });

  it('stops at once on cancel: no request after the abort', async () => {
    const { fetch } = gateway(1_000);
    const controller = new AbortController();
    const run = exportEntries(REQUEST, controller.signal, {
      budgetPerMinute: null,
      onProgress: (p) => {
        if (p.pages === 2) controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('cancels a request in flight and a pacing pause alike', async () => {
    vi.useFakeTimers();
    gateway(1_000);
    const controller = new AbortController();
    let pages = 0;
    const run = exportEntries(REQUEST, controller.signal, {
      budgetPerMinute: 55,
      onProgress: (p) => (pages = p.pages),
    });
    const settled = run.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    expect(pages).toBe(1);
    // Now waiting 2.2 s before page 2.
    controller.abort();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await settled).toBeInstanceOf(Error);
    expect(globalThis.fetch).toHaveBeenCalledTimes(1);
  });
});

describe('entriesCsvChunk', () => {
  it('neutralises spreadsheet formulas in vendor text but keeps phone numbers as they are', () => {
    const csv = entriesCsvChunk(
      [
        entry(1, {
          vendorId: '=1+1',
          campaignName: '=HYPERLINK("http://evil.example","click")',
          agentId: '@SUM(A1:A9)',
          lastError: "+cmd|' /C calc'!A0",
          rawStatus: null,
        }),
        entry(2, { campaignName: '-2+3', agentId: '\tTAB', lastError: 'fine, with "quotes"' }),
      ],
      true,
    );
    const rows = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    expect(rows[1]).toEqual([
      "'=1+1",
      'failed',
      '+905550000001',
      '\'=HYPERLINK("http://evil.example","click")',
      "'@SUM(A1:A9)",
      '2026-03-01T09:00:00.000Z',
      '',
      '2026-03-01T09:05:00.000Z',
      '2026-03-01T09:06:00.000Z',
      '2',
      "'+cmd|' /C calc'!A0",
    ]);
    expect(rows[2]?.[3]).toBe("'-2+3");
    expect(rows[2]?.[4]).toBe("'\tTAB");
    expect(rows[2]?.[10]).toBe('fine, with "quotes"');
    // Every cell a spreadsheet could evaluate starts with the quote.
    for (const cell of rows.slice(1).flat())
      expect(cell).not.toMatch(/^[=@\t\r]|^[+-](?![\d\s]+$)/);
  });

  it('ends every chunk with a line break, so chunks join into one file', () => {
    expect(entriesCsvChunk([], true)).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`);
    expect(entriesCsvChunk([], false)).toBe('');
    expect(entriesCsvChunk([entry(1)], false).endsWith('\r\n')).toBe(true);
  });

  it('names the file after the source and the day', () => {
    expect(exportFileName('callbacks', new Date(2026, 2, 7, 23, 59))).toBe(
      'entries-callbacks-2026-03-07.csv',
    );
    expect(exportFileName('a/b c', new Date(2026, 0, 1))).toBe('entries-a_b_c-2026-01-01.csv');
  });
});
