import { createMemoryHistory } from '@tanstack/react-router';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Cdr } from '@contract/cdr';
import { createApp } from '../create-app';
import { AppProviders } from '../providers';
import { json, requestsOf, stubFetch } from '@/test/fetch-stub';
import { NO_CAPABILITIES, makeSource, makeUser } from '@/test/fixtures';
import { toDay } from '@/features/reports/lib/reports-search';

const FONO = makeSource({
  id: 'support',
  label: 'Support',
  capabilities: { ...NO_CAPABILITIES, queues: true, cdrs: true },
});

const cdr = (i: number): Cdr => ({
  id: `support:c${i}`,
  sourceId: 'support',
  queueId: 'support:100',
  queueName: 'Sales',
  callerNumber: `+4072155${String(1000 + i)}`,
  callerName: null,
  agentName: 'Ana',
  disposition: i % 3 === 0 ? 'abandoned' : 'answered',
  rawDisposition: null,
  enteredAt: new Date(Date.now() - i * 60_000).toISOString(),
  answeredAt: null,
  endedAt: new Date(Date.now() - i * 60_000 + 30_000).toISOString(),
  waitSeconds: 12,
  talkSeconds: 95,
  holdSeconds: null,
  wrapSeconds: null,
});
const ALL = Array.from({ length: 230 }, (_, i) => cdr(i + 1));

function renderReports(path: string) {
  const mock = stubFetch({
    'GET /api/v1/auth/me': { user: makeUser('viewer', 'vic') },
    'GET /api/v1/sources': { items: [FONO] },
    'GET /api/v1/queues': { items: [], freshness: [] },
    'GET /api/v1/cdrs': () => {
      const url = new URL(String(mock.mock.calls.at(-1)![0]), 'http://localhost');
      const page = Number(url.searchParams.get('page') ?? 1);
      const size = Number(url.searchParams.get('pageSize') ?? 50);
      const items = ALL.slice((page - 1) * size, page * size);
      return json({
        items,
        page,
        pageSize: size,
        total: ALL.length,
        hasNextPage: page * size < ALL.length,
      });
    },
  });
  const app = createApp({ history: createMemoryHistory({ initialEntries: [path] }) });
  render(<AppProviders queryClient={app.queryClient} router={app.router} />);
  const cdrQueries = () =>
    mock.mock.calls
      .map(([u]) => new URL(String(u), 'http://localhost'))
      .filter((u) => u.pathname === '/api/v1/cdrs');
  return { app, mock, cdrQueries };
}

describe('/reports/calls', { timeout: 20_000 }, () => {
  it('asks for today by default, pages on the server and keeps filters in the URL', async () => {
    const user = userEvent.setup();
    const { app, cdrQueries } = renderReports('/reports/calls');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Call records' }, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('230 records', {}, { timeout: 5000 })).toBeInTheDocument();
    const first = cdrQueries()[0]!;
    const today = toDay(new Date());
    expect(new Date(first.searchParams.get('from')!).getTime()).toBe(
      new Date(`${today}T00:00`).getTime(),
    );
    expect(first.searchParams.get('pageSize')).toBe('50');
    expect(screen.getByText('Page 1 of 5')).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Call records' })).getAllByRole('row'),
    ).toHaveLength(51);

    await user.selectOptions(screen.getByLabelText('Disposition'), 'abandoned');
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    expect(app.router.state.location.search).toMatchObject({ disposition: 'abandoned', page: 2 });
    const last = cdrQueries().at(-1)!;
    expect(last.searchParams.get('disposition')).toBe('abandoned');
    expect(last.searchParams.get('page')).toBe('2');

    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Call records' })).toHaveAttribute(
      'href',
      '/reports/calls',
    );
  });

  it('exports every page of the filter as CSV', async () => {
    const user = userEvent.setup();
    const created: Blob[] = [];
    // jsdom has no object URLs: capture the blob the download would save.
    const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = (b: Blob) => (created.push(b), 'blob:x');
    URL.revokeObjectURL = () => {};
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { mock } = renderReports('/reports/calls?from=2026-03-01&to=2026-03-02');
    await screen.findByText('230 records', {}, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(
      await screen.findByText('Exported 230 records.', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    const pages = requestsOf(mock).filter((r) => r.path === '/api/v1/cdrs').length;
    expect(pages).toBeGreaterThanOrEqual(4);
    const csv = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(created[0]!);
    });
    expect(csv.split('\r\n')).toHaveLength(231);
    expect(csv.split('\r\n')[1]).toContain('+40721551001');
    click.mockRestore();
    URL.createObjectURL = original.create;
    URL.revokeObjectURL = original.revoke;
  });
});
