import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntriesPage, QueueEntryDetail } from '@contract/entry';
import { startSimProcess, type SimProcess } from '../../test-support/sim-process';
import { VendorError, type EntriesRequest } from '../types';
import { While1Connector } from './connector';
import { signedBody, type PhpValue } from './php-query';
import { formatLocal } from './local-time';

let sim: SimProcess;
let creds: { baseUrl: string; apiToken: string; apiKey: string };
let w1: While1Connector;
const signal = () => AbortSignal.timeout(10_000);
const TZ = 'Europe/Bucharest';

function connector(overrides: Partial<{ apiKey: string }> = {}) {
  return new While1Connector({
    id: 'cb',
    kind: 'while1',
    baseUrl: creds.baseUrl,
    apiToken: creds.apiToken,
    apiKey: creds.apiKey,
    ...overrides,
  });
}

/** The simulator's own answer to a CallQueue Read, asked directly. */
async function vendorRead(page: number, filters?: Map<string, PhpValue>): Promise<any> {
  const params = new Map<string, PhpValue>([
    ['action', 'read'],
    ['page', page],
  ]);
  if (filters) params.set('filters', filters);
  const res = await fetch(`${creds.baseUrl}/api/call-queue`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${creds.apiToken}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: signedBody(params, creds.apiKey),
  });
  const body = (await res.json()) as any;
  expect(body.has_error, JSON.stringify(body.messages)).toBe(false);
  return body;
}

const query = (over: Partial<EntriesRequest> = {}): EntriesRequest => ({
  source: 'cb',
  direction: 'callback',
  page: 1,
  pageSize: 25,
  ...over,
});
const ids = (p: { items: { vendorId: string }[] }) => p.items.map((e) => e.vendorId);
const vendorIds = (rows: any[]) => rows.map((r) => String(r.id));

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '11', '--clock', 'manual', '--entries', '4000']);
  creds = sim.credentials.while1 as typeof creds;
  w1 = connector();
}, 30_000);

afterAll(async () => {
  await sim?.stop();
});

describe('While1 paging over fixed vendor pages of 100', () => {
  it('page 1 and page 2 of size 25 are rows 1–25 and 26–50 of vendor page 1', async () => {
    const vendor = await vendorRead(1);
    const p1 = EntriesPage.omit({ countsByStatus: true, page: true, pageSize: true }).parse(
      await w1.listEntries(query(), signal()),
    );
    const p2 = await w1.listEntries(query({ page: 2 }), signal());
    expect(ids(p1)).toEqual(vendorIds(vendor.results.slice(0, 25)));
    expect(ids(p2)).toEqual(vendorIds(vendor.results.slice(25, 50)));
    expect(p2.total).toBe(vendor.pagination.row_count);
    expect(p2.hasNextPage).toBe(true);
  });

  it('a page that straddles two vendor pages joins the end of one and the start of the next', async () => {
    const [v1, v2] = [await vendorRead(1), await vendorRead(2)];
    const page = await w1.listEntries(query({ page: 4, pageSize: 30 }), signal()); // rows 91–120
    expect(ids(page)).toEqual([
      ...vendorIds(v1.results.slice(90)),
      ...vendorIds(v2.results.slice(0, 20)),
    ]);
  });

  it('newest first reads the same rows from the end, and the last page says there is no next one', async () => {
    const first = await vendorRead(1);
    const n = first.pagination.row_count as number;
    const maxPage = first.pagination.max_page as number;
    // The last vendor page may hold fewer than 10 rows: take the tail of the last two pages.
    const tail = [
      ...(maxPage > 1 ? vendorIds((await vendorRead(maxPage - 1)).results) : []),
      ...vendorIds((await vendorRead(maxPage)).results),
    ];
    const desc = await w1.listEntries(
      query({ order: 'desc', sort: 'createdAt', pageSize: 10 }),
      signal(),
    );
    expect(ids(desc)).toEqual(tail.slice(-10).reverse());
    const lastAsc = await w1.listEntries(query({ page: Math.ceil(n / 25) }), signal());
    expect(lastAsc.hasNextPage).toBe(false);
    expect(lastAsc.items.length).toBe(n - (Math.ceil(n / 25) - 1) * 25);
  });
});

describe('While1 filters and statuses', () => {
  it('maps status, campaign and the creation range to the read filters and back', async () => {
    const vendor = await vendorRead(1);
    const row = vendor.results[40];
    const createdFrom = new Date(
      Date.parse(`${row.date_added.replace(' ', 'T')}Z`) - 3 * 3600_000 - 86_400_000,
    ).toISOString();
    const createdTo = new Date(Date.parse(createdFrom) + 3 * 86_400_000).toISOString();
    const page = await w1.listEntries(
      query({
        status: ['completed', 'failed'],
        campaign: row.campaign,
        createdFrom,
        createdTo,
        pageSize: 100,
      }),
      signal(),
    );
    const direct = await vendorRead(
      1,
      new Map<string, PhpValue>([
        [
          'date_between',
          [formatLocal(Date.parse(createdFrom), TZ), formatLocal(Date.parse(createdTo), TZ)],
        ],
        ['campaign', row.campaign],
        ['status', 'completed'],
      ]),
    );
    expect(page.total).toBe(direct.pagination.row_count);
    expect(ids(page)).toEqual(vendorIds(direct.results));
    expect(page.items.length).toBeGreaterThan(0);
    for (const e of page.items) {
      expect(e.campaignId).toBe(row.campaign);
      expect(e.rawStatus).toBe('completed');
      // The PBX has no "failed": completed with a dial error is a failed callback.
      expect(e.status).toBe(e.lastError ? 'failed' : 'completed');
      expect(Date.parse(e.createdAt!)).toBeGreaterThanOrEqual(Date.parse(createdFrom) - 1000);
      expect(Date.parse(e.createdAt!)).toBeLessThanOrEqual(Date.parse(createdTo) + 1000);
    }
  });

  it('maps phone to caller_id and scheduledTo to schedule_lt', async () => {
    const pending = await vendorRead(1, new Map<string, PhpValue>([['status', 'pending']]));
    const withSchedule = pending.results.find((r: any) => r.schedule);
    const byPhone = await w1.listEntries(query({ phone: withSchedule.caller_id }), signal());
    expect(byPhone.items.map((e) => e.phoneNumber)).toContain(withSchedule.caller_id);
    expect(byPhone.items.every((e) => e.phoneNumber === withSchedule.caller_id)).toBe(true);

    const scheduledTo = new Date(
      Date.parse(`${withSchedule.schedule.replace(' ', 'T')}Z`) - 2 * 3600_000,
    ).toISOString();
    const bySchedule = await w1.listEntries(query({ scheduledTo, pageSize: 100 }), signal());
    const direct = await vendorRead(
      1,
      new Map<string, PhpValue>([['schedule_lt', formatLocal(Date.parse(scheduledTo), TZ)]]),
    );
    expect(bySchedule.total).toBe(direct.pagination.row_count);
    expect(ids(bySchedule)).toEqual(vendorIds(direct.results));
  });

  it('refuses a lower schedule bound (While1 has only schedule_lt) and matches nothing for expired', async () => {
    expect(
      w1.entriesQueryProblems(query({ scheduledFrom: '2024-01-01T00:00:00Z' })),
    ).toHaveProperty('scheduledFrom');
    const none = await w1.listEntries(query({ status: ['expired'] }), signal());
    expect(none).toEqual({ items: [], total: 0, hasNextPage: false });
  });

  it('reports a refused signature in plain words with the vendor message', async () => {
    const wrong = connector({ apiKey: 'not-the-key' });
    const err = await wrong.listEntries(query(), signal()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).message).toMatch(/signature.*Invalid hash/);
    expect((err as VendorError).vendorCode).toBe('Invalid hash');
    expect((err as VendorError).transient).toBe(false);
  });
});

describe('While1 entry detail', () => {
  it('re-reads a listed entry with every raw field and its last attempt', async () => {
    const page = await w1.listEntries(query({ status: ['completed'] }), signal());
    const listed = page.items.find((e) => e.startedAt)!;
    const detail = QueueEntryDetail.parse(await w1.getEntry(listed.vendorId, null, signal()));
    expect(detail.id).toBe(listed.id);
    const vendor = (await vendorRead(1)).results[0];
    for (const key of Object.keys(vendor)) expect(detail.raw).toHaveProperty(key);
    expect(detail.attempts[0]).toMatchObject({ at: listed.startedAt });
  });

  it('finds an entry it has not listed among the newest pages, and null for an unknown id', async () => {
    const first = await vendorRead(1);
    const newest = (await vendorRead(first.pagination.max_page)).results.at(-1);
    const fresh = connector();
    const detail = await fresh.getEntry(String(newest.id), null, signal());
    expect(detail?.vendorId).toBe(String(newest.id));
    expect(detail?.raw.caller_id).toBe(newest.caller_id);
    expect(await fresh.getEntry('999999999', null, signal())).toBeNull();
    expect(await fresh.getEntry('abc', null, signal())).toBeNull();
  });
});

describe('While1 campaigns', () => {
  it('finds the campaigns and counts them per status exactly as the PBX does', async () => {
    const list = await connector().fetchCampaigns(signal());
    expect(list.map((c) => c.name).sort()).toEqual([
      'Apeluri pierdute',
      'Callback clienti',
      'Reinnoire abonamente Q2',
    ]);
    for (const c of list) {
      expect(c.countedAt).not.toBeNull();
      for (const [status, vendorStatus] of [
        ['pending', 'pending'],
        ['in_progress', 'in progress'],
        ['completed', 'completed'],
        ['cancelled', 'cancelled'],
        ['deleted', 'deleted'],
      ] as const) {
        const direct = await vendorRead(
          1,
          new Map<string, PhpValue>([
            ['campaign', c.name],
            ['status', vendorStatus],
          ]),
        );
        expect(c.counts[status], `${c.name} ${status}`).toBe(direct.pagination.row_count);
      }
      const all = await vendorRead(1, new Map<string, PhpValue>([['campaign', c.name]]));
      expect(c.total).toBe(all.pagination.row_count);
    }
  });
});
