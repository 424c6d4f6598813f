import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EntriesPage, QueueEntry } from '@contract/entry';
import { ExportEntriesButton } from './export-entries-button';

function entry(n: number): QueueEntry {
  return {
    id: `w1:${n}`,
    sourceId: 'w1',
    vendorId: String(n),
    direction: 'callback',
    status: 'pending',
    rawStatus: 'pending',
    phoneNumber: '+40721000000',
    campaignId: null,
    campaignName: n === 1 ? '=cmd()' : 'Callbacks',
    agentId: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    scheduledAt: null,
    startedAt: null,
    completedAt: null,
    retryCount: null,
    lastError: null,
  };
}

function pageOf(page: number, total: number): EntriesPage {
  const from = (page - 1) * 100;
  return {
    items: Array.from({ length: Math.max(0, Math.min(100, total - from)) }, (_, i) =>
      entry(from + i + 1),
    ),
    page,
    pageSize: 100,
    total,
    hasNextPage: from + 100 < total,
    countsByStatus: null,
  };
}

/** jsdom's Blob has no text(). */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
}

const REQUEST = { source: 'w1', direction: 'callback', status: 'pending', page: 2, pageSize: 25 };

/** Captures the downloaded file instead of navigating. */
function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  // jsdom has no object URLs.
  URL.createObjectURL = (b: Blob) => {
    blobs.push(b);
    return 'blob:export';
  };
  URL.revokeObjectURL = () => {};
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function click(
    this: HTMLAnchorElement,
  ) {
    names.push(this.download);
  });
  return { blobs, names, click };
}

describe('ExportEntriesButton', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exports every page of the filter as one CSV download named after the source and day', async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      const page = Number(new URL(String(input), 'http://localhost').searchParams.get('page'));
      return new Response(JSON.stringify(pageOf(page, 230)), { status: 200 });
    });
    vi.stubGlobal('fetch', fetch);
    const { blobs, names } = captureDownloads();
    render(
      <ExportEntriesButton
        request={REQUEST}
        sourceId="w1"
        sourceLabel="Callbacks"
        budgetPerMinute={null}
      />,
    );

    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(
      await screen.findByText(/Exported 230 entries to entries-w1-\d{4}-\d{2}-\d{2}\.csv/),
    ).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(names).toEqual([expect.stringMatching(/^entries-w1-\d{4}-\d{2}-\d{2}\.csv$/)]);
    const text = await readBlob(blobs[0]!);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(231);
    expect(lines[0]).toBe(
      'id,status,phone,campaign,agent,created,scheduled,started,completed,retries,last error',
    );
    expect(lines[1]).toContain(`,"'=cmd()",`);
  });

  it('shows pages done of the total with a progress bar, and Cancel stops further requests', async () => {
    const pending: ((r: Response) => void)[] = [];
    const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const page = Number(new URL(String(input), 'http://localhost').searchParams.get('page'));
      if (page === 1)
        return Promise.resolve(new Response(JSON.stringify(pageOf(1, 1_000)), { status: 200 }));
      return new Promise<Response>((resolve, reject) => {
        pending.push(resolve);
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error));
      });
    });
    vi.stubGlobal('fetch', fetch);
    const { click } = captureDownloads();
    render(
      <ExportEntriesButton
        request={REQUEST}
        sourceId="w1"
        sourceLabel="Callbacks"
        budgetPerMinute={null}
      />,
    );

    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    const bar = await screen.findByRole('progressbar', { name: 'Export progress' });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '10'));
    expect(screen.getByText(/Page 1 of 10 · 100 rows/)).toBeInTheDocument();
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText(/Export cancelled after 100 rows/)).toBeInTheDocument();
    // The page in flight was aborted; nothing more was asked and nothing was saved.
    expect((fetch.mock.calls[1]?.[1] as RequestInit).signal?.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(click).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
  });

  it('says why an export stopped', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({
              error: { code: 'FORBIDDEN', message: 'You do not have permission to do that.' },
            }),
            { status: 403 },
          ),
      ),
    );
    render(
      <ExportEntriesButton
        request={REQUEST}
        sourceId="w1"
        sourceLabel="Callbacks"
        budgetPerMinute={null}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The export stopped: You do not have permission to do that.',
    );
  });
});
