import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueEntry, QueueEntryDetail } from '@contract/entry';
import { startSimProcess, type SimProcess } from '../../test-support/sim-process';
import { VendorError, type EntriesRequest } from '../types';
import { IQRA_BUDGET_PER_MINUTE, IqraConnector } from './connector';
import { CampaignTracker, type TrackerOps } from './campaign-tracker';
import { canonicalStatus } from './to-domain';

const signal = () => AbortSignal.timeout(10_000);

function iqra(baseUrl: string, apiKey: string, flavor: 'docs' | 'server', businessId = '12345') {
  return new IqraConnector({
    id: flavor === 'docs' ? 'ai' : 'ais',
    kind: 'iqra',
    baseUrl,
    businessId,
    apiKey,
    flavor,
  });
}

const query = (over: Partial<EntriesRequest> = {}): EntriesRequest => ({
  source: 'ai',
  direction: 'outbound',
  page: 1,
  pageSize: 25,
  ...over,
});

describe('Iqra status vocabularies', () => {
  it('reads documented strings, lifecycle names and the server enum (numbers or numeric strings)', () => {
    expect(canonicalStatus('Pending', null, null)).toBe('pending');
    expect(canonicalStatus('Queued', null, null)).toBe('pending');
    expect(canonicalStatus('Processing', null, null)).toBe('dialing');
    expect(canonicalStatus('In Progress', null, null)).toBe('in_progress');
    expect(canonicalStatus('InProgress', null, null)).toBe('in_progress');
    expect(canonicalStatus('Canceled', null, null)).toBe('cancelled');
    expect(canonicalStatus('Cancelled', null, null)).toBe('cancelled');
    expect(canonicalStatus('Expired', null, null)).toBe('expired');
    expect(canonicalStatus(0, null, null)).toBe('pending');
    expect(canonicalStatus('3', null, null)).toBe('dialing');
    expect(canonicalStatus(4, 3, null)).toBe('in_progress');
    expect(canonicalStatus(4, 'Ended', '2025-01-01T00:00:00Z')).toBe('completed');
    expect(canonicalStatus(4, 7, '2025-01-01T00:00:00Z')).toBe('failed');
    expect(canonicalStatus(4, null, '2025-01-01T00:00:00Z')).toBe('completed');
    expect(canonicalStatus(5, null, null)).toBe('failed');
    expect(canonicalStatus(6, null, null)).toBe('cancelled');
    expect(canonicalStatus(7, null, null)).toBe('expired');
    expect(canonicalStatus('SomethingNew', null, null)).toBe('pending');
  });
});

describe('Iqra envelopes (a canned vendor)', () => {
  let server: Server;
  let base: string;
  const answers: Record<
    string,
    { status: number; body: unknown; headers?: Record<string, string> }
  > = {};
  let hits = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      const a = answers[req.url ?? ''] ?? { status: 404, body: { detail: 'Not found.' } };
      res
        .writeHead(a.status, { 'content-type': 'application/json', ...a.headers })
        .end(JSON.stringify(a.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const path = '/api/v1/business/12345/queues/outbound';

  it('reads PascalCase envelopes and entries with any key casing', async () => {
    answers[path] = {
      status: 200,
      body: {
        Success: true,
        Data: {
          Items: [
            {
              QueueId: 'q1',
              Status: 'InProgress',
              RecipientNumber: '+15550001',
              EnqueuedAt: '2025-05-01T10:00:00',
            },
          ],
          TotalCount: '1',
          HasNextPage: false,
        },
      },
    };
    const page = await iqra(base, 'k', 'docs').listEntries(query(), signal());
    expect(page.total).toBe(1);
    expect(QueueEntry.parse(page.items[0])).toMatchObject({
      id: 'ai:q1',
      status: 'in_progress',
      rawStatus: 'InProgress',
      phoneNumber: '+15550001',
      createdAt: '2025-05-01T10:00:00.000Z',
    });
  });

  it('turns success:false at HTTP 200 into a VendorError keeping the vendor code', async () => {
    answers[path] = {
      status: 200,
      body: {
        data: null,
        success: false,
        message: 'Invalid API key.',
        code: 'GetOutboundCallQueues:ValidateUserAPIAndBusinessWithPermissions:ValidateUserAPIWithPermissions:VALIDATE_API_KEY:INVALID_FORMAT',
      },
    };
    const err = (await iqra(base, 'k', 'server')
      .listEntries(query(), signal())
      .catch((e: unknown) => e)) as VendorError;
    expect(err).toBeInstanceOf(VendorError);
    expect(err.message).toBe('Iqra does not accept the configured API key: Invalid API key.');
    expect(err.vendorCode).toMatch(/VALIDATE_API_KEY:INVALID_FORMAT$/);
    expect(err.transient).toBe(false);
  });

  it('reads a 400 ValidationProblemDetails and a 401 {detail} in plain words', async () => {
    answers[path] = {
      status: 400,
      body: {
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: { Limit: ['The field Limit must be between 1 and 100.'] },
      },
    };
    const bad = (await iqra(base, 'k', 'server')
      .listEntries(query(), signal())
      .catch((e: unknown) => e)) as VendorError;
    expect(bad.message).toMatch(
      /Iqra refused the outbound entries list: One or more validation errors occurred\. — Limit: The field Limit/,
    );
    answers[path] = { status: 401, body: { detail: 'Invalid token.' } };
    const denied = (await iqra(base, 'k', 'docs')
      .listEntries(query(), signal())
      .catch((e: unknown) => e)) as VendorError;
    expect(denied.message).toBe('Iqra does not accept the configured API key: Invalid token.');
    expect(denied.status).toBe(401);
  });

  it('honours a 429 with Retry-After and sends nothing more until it passes', async () => {
    const c = iqra(base, 'k', 'docs');
    expect(c.health().budgetPerMinute).toBe(IQRA_BUDGET_PER_MINUTE);
    answers[path] = {
      status: 429,
      body: { detail: 'Request was throttled. Expected available in 7 seconds.' },
      headers: { 'retry-after': '7' },
    };
    const before = hits;
    const first = (await c.listEntries(query(), signal()).catch((e: unknown) => e)) as VendorError;
    expect(first).toMatchObject({ vendorCode: 'RATE_LIMITED', status: 429 });
    expect(first.retryAfterMs).toBeGreaterThan(6000);
    answers[path] = { status: 200, body: { success: true, data: { items: [], totalCount: 0 } } };
    const second = (await c
      .listEntries(query({ page: 2 }), signal())
      .catch((e: unknown) => e)) as VendorError;
    expect(second.vendorCode).toBe('RATE_LIMITED');
    expect(hits - before).toBe(1);
  });

  it('refuses to spend past its budget of 55 a minute, saying when to try again', async () => {
    const c = iqra(base, 'k', 'docs');
    answers[path] = { status: 200, body: { success: true, data: { items: [], totalCount: 0 } } };
    const results = await Promise.all(
      Array.from({ length: 70 }, (_, i) =>
        c.listEntries(query({ page: i + 1 }), signal()).then(
          () => 'ok',
          (e: VendorError) => e,
        ),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(IQRA_BUDGET_PER_MINUTE);
    const refused = results.filter((r): r is VendorError => r !== 'ok');
    expect(refused.every((e) => e.vendorCode === 'BUDGET' && e.retryAfterMs! > 0)).toBe(true);
    expect(c.health().requestsLastMinute).toBe(IQRA_BUDGET_PER_MINUTE);
  });
});

describe('Iqra campaign tracker', () => {
  /** A fake vendor: entries of campaigns at creation times, counted and sampled like the API. */
  function fakeOps(entries: { campaign: string; at: number }[], log: string[]): TrackerOps {
    const match = (f: { createdFrom?: number; createdTo?: number }) =>
      entries.filter(
        (e) =>
          (f.createdFrom === undefined || e.at >= f.createdFrom) &&
          (f.createdTo === undefined || e.at <= f.createdTo),
      );
    return {
      countCost: 5,
      seedBuckets: ['pending'],
      canSortAsc: false,
      budgetLeft: () => 55,
      sample: async (f) => {
        log.push('sample');
        const m = match(f).sort((a, b) => b.at - a.at);
        return {
          campaignIds: m.slice(0, 50).map((e) => e.campaign),
          seen: Math.min(50, m.length),
          total: m.length,
        };
      },
      count: async (f) => {
        log.push('count');
        return match(f).filter((e) => !f.campaigns || f.campaigns.includes(e.campaign)).length;
      },
      countCampaign: async (id) => {
        for (let i = 0; i < 5; i++) log.push('count');
        return { pending: entries.filter((e) => e.campaign === id).length };
      },
    };
  }

  it('finds a campaign hidden behind newer ones by bisecting creation windows, within its share', async () => {
    const now = Date.now();
    const entries = [
      ...Array.from({ length: 300 }, (_, i) => ({
        campaign: 'new',
        at: now - 3600_000 - i * 1000,
      })),
      ...Array.from({ length: 200 }, (_, i) => ({
        campaign: 'old',
        at: now - 12 * 86_400_000 - i * 1000,
      })),
    ];
    const log: string[] = [];
    const tracker = new CampaignTracker(fakeOps(entries, log), 100);
    let list = await tracker.poll(signal());
    for (let i = 0; i < 5 && list.length < 2; i++) list = await tracker.poll(signal());
    expect(list.map((c) => c.vendorId).sort()).toEqual(['new', 'old']);
    expect(log.length).toBeLessThan(80);
    const counted = await tracker.poll(signal());
    expect(counted.find((c) => c.vendorId === 'old')).toMatchObject({
      total: 200,
      counts: { pending: 200 },
    });
  });

  it('never spends more than its share in a minute', async () => {
    const log: string[] = [];
    const entries = Array.from({ length: 10 }, (_, i) => ({
      campaign: `c${i}`,
      at: Date.now() - i * 60_000,
    }));
    const tracker = new CampaignTracker(fakeOps(entries, log), 12);
    tracker.observe(entries.map((e) => e.campaign));
    for (let i = 0; i < 5; i++) await tracker.poll(signal());
    expect(log.length).toBeLessThanOrEqual(12);
    expect(tracker.spent()).toBeLessThanOrEqual(12);
  });
});

describe('Iqra over the simulator', () => {
  let sim: SimProcess;
  let docs: IqraConnector;
  let server: IqraConnector;
  let d: { baseUrl: string; businessId: string; apiKey: string };
  let s: { baseUrl: string; businessId: string; apiKey: string };

  const direct = async (c: typeof d, path: string, body?: unknown) => {
    const res = await fetch(`${c.baseUrl}/api/v1/business/${c.businessId}/queues/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Token ${c.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as any;
  };
  const serverRequests = async () =>
    ((await sim.control('GET', 'requests')) as any).dialects['iqra-server']?.total ?? 0;

  beforeAll(async () => {
    sim = await startSimProcess(['--seed', '5', '--clock', 'manual', '--entries', '4000']);
    d = sim.credentials.iqra as typeof d;
    s = (sim.credentials as any)['iqra-server'] as typeof s;
    docs = iqra(d.baseUrl, d.apiKey, 'docs');
    server = iqra(s.baseUrl, s.apiKey, 'server');
  }, 30_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it('docs flavor: filters and sort go to the vendor as page/pageSize/sortBy/filters and come back canonical', async () => {
    const page = await docs.listEntries(
      query({
        status: ['pending', 'dialing'],
        sort: 'scheduledAt',
        order: 'asc',
        page: 2,
        pageSize: 20,
      }),
      signal(),
    );
    const vendor = await direct(d, 'outbound', {
      page: 2,
      pageSize: 20,
      sortBy: 'scheduledTime',
      sortOrder: 'asc',
      filters: { status: 'Pending' },
    });
    expect(page.items.map((e) => e.vendorId)).toEqual(vendor.data.items.map((x: any) => x.id));
    expect(page.total).toBe(vendor.data.totalCount);
    expect(page.items.every((e) => e.status === 'pending' && e.rawStatus === 'Pending')).toBe(true);
    const times = page.items.map((e) => e.scheduledAt!);
    expect([...times].sort()).toEqual(times);

    const campaignId = page.items[0]!.campaignId!;
    const agentId = page.items[0]!.agentId!;
    const narrowed = await docs.listEntries(
      query({ campaign: campaignId, agent: agentId, phone: page.items[0]!.phoneNumber! }),
      signal(),
    );
    expect(narrowed.items.map((e) => e.vendorId)).toContain(page.items[0]!.vendorId);
    expect(narrowed.items.every((e) => e.campaignId === campaignId && e.agentId === agentId)).toBe(
      true,
    );
  });

  it('docs flavor: counts per status equal the vendor count endpoint', async () => {
    const counts = await docs.countEntriesByStatus(query({ status: ['pending'] }), signal());
    const statuses = {
      pending: 'Pending',
      in_progress: 'InProgress',
      completed: 'Completed',
      failed: 'Failed',
      cancelled: 'Cancelled',
    };
    for (const [canonical, vendor] of Object.entries(statuses)) {
      const n = await direct(d, 'outbound/count', { filters: { status: vendor } });
      expect(counts?.[canonical], canonical).toBe(n.data);
    }
  });

  it('docs flavor: one entry with every raw field; unknown ids are null', async () => {
    const listed = (await docs.listEntries(query({ status: ['completed'], pageSize: 5 }), signal()))
      .items[0]!;
    const detail = QueueEntryDetail.parse(
      await docs.getEntry(listed.vendorId, 'outbound', signal()),
    );
    expect(detail).toMatchObject({
      id: listed.id,
      status: 'completed',
      campaignId: listed.campaignId,
    });
    for (const key of [
      'id',
      'businessId',
      'campaignId',
      'agentId',
      'numberId',
      'phoneNumber',
      'status',
      'retryCount',
      'lastError',
      'dynamicVariables',
    ]) {
      expect(detail.raw).toHaveProperty(key);
    }
    expect(detail.attempts[0]?.at).toBe(detail.startedAt);
    expect(await docs.getEntry('ffffffffffffffffffffffff', null, signal())).toBeNull();
  });

  it('server flavor: walks cursors from the start, a page straddling vendor pages joins them', async () => {
    const first = await direct(s, 'outbound', { limit: 50, filter: {} });
    const second = await direct(s, 'outbound', { limit: 50, nextCursor: first.data.nextCursor });
    const third = await direct(s, 'outbound', { limit: 50, nextCursor: second.data.nextCursor });
    const vendor = [...first.data.items, ...second.data.items, ...third.data.items].map(
      (x: any) => x.queueId,
    );

    const p3 = await server.listEntries(query({ source: 'ais', page: 3, pageSize: 40 }), signal()); // items 80–119
    expect(p3.items.map((e) => e.vendorId)).toEqual(vendor.slice(80, 120));
    expect(p3.total).toBe(first.data.totalCount);
    expect(p3.hasNextPage).toBe(true);
  });

  it('server flavor: page N+1 after page N costs one request, a page just read none', async () => {
    const q = (page: number) =>
      query({ source: 'ais', status: ['completed', 'in_progress'], page, pageSize: 50 });
    await server.listEntries(q(1), signal());
    const before = await serverRequests();
    const p2 = await server.listEntries(q(2), signal());
    expect((await serverRequests()) - before).toBe(1);
    await server.listEntries(q(2), signal());
    expect((await serverRequests()) - before).toBe(1);
    const vendor = await direct(s, 'outbound', { limit: 50, filter: { QueueStatusTypes: [4] } });
    const next = await direct(s, 'outbound', { limit: 50, nextCursor: vendor.data.nextCursor });
    expect(p2.items.map((e) => e.vendorId)).toEqual(next.data.items.map((x: any) => x.queueId));
    expect(
      p2.items.every(
        (e) => e.status === 'completed' || e.status === 'in_progress' || e.status === 'failed',
      ),
    ).toBe(true);
  });

  it('server flavor: campaign, phone and date ranges go to the flat filter model', async () => {
    const sample = (await direct(s, 'outbound', { limit: 5, filter: { QueueStatusTypes: [4] } }))
      .data.items[2];
    const createdFrom = new Date(Date.parse(sample.enqueuedAt) - 86_400_000).toISOString();
    const createdTo = new Date(Date.parse(sample.enqueuedAt) + 60_000).toISOString();
    const page = await server.listEntries(
      query({
        source: 'ais',
        campaign: sample.campaignId,
        createdFrom,
        createdTo,
        completedFrom: '2000-01-01T00:00:00.000Z',
        pageSize: 50,
      }),
      signal(),
    );
    const vendor = await direct(s, 'outbound', {
      limit: 50,
      filter: {
        CampaignIds: [sample.campaignId],
        StartCreatedDate: createdFrom,
        EndCreatedDate: createdTo,
        StartCompletedAtDate: '2000-01-01T00:00:00.000Z',
      },
    });
    expect(page.items.map((e) => e.vendorId)).toEqual(vendor.data.items.map((x: any) => x.queueId));
    expect(page.total).toBe(vendor.data.totalCount);
    expect(
      page.items.every((e) => e.campaignId === sample.campaignId && e.completedAt !== null),
    ).toBe(true);
    const byPhone = await server.listEntries(
      query({ source: 'ais', phone: sample.recipientNumber }),
      signal(),
    );
    expect(byPhone.items.map((e) => e.vendorId)).toContain(sample.queueId);
    expect(byPhone.items.every((e) => e.phoneNumber === sample.recipientNumber)).toBe(true);
  });

  it('docs flavor: date ranges and inbound routes', async () => {
    const inbound = await docs.listEntries(query({ direction: 'inbound', pageSize: 5 }), signal());
    expect(inbound.items.length).toBe(5);
    expect(inbound.items.every((e) => e.direction === 'inbound' && e.campaignId)).toBe(true);
    const at = inbound.items[4]!.createdAt!;
    const range = await docs.listEntries(
      query({
        direction: 'inbound',
        campaign: inbound.items[4]!.campaignId!,
        createdFrom: at,
        createdTo: at,
        pageSize: 5,
      }),
      signal(),
    );
    expect(range.items.map((e) => e.vendorId)).toContain(inbound.items[4]!.vendorId);
    expect(range.items.every((e) => e.createdAt === at)).toBe(true);
  });

  it('server flavor: refuses ascending order and far jumps, and counts split ProcessedBackend', async () => {
    expect(server.entriesQueryProblems(query({ order: 'asc' }))).toHaveProperty('order');
    expect(server.entriesQueryProblems(query({ page: 20, pageSize: 100 }))).toHaveProperty('page');
    expect(server.entriesQueryProblems(query({ page: 4, pageSize: 100 }))).toEqual({});
    const counts = (await server.countEntriesByStatus(query(), signal()))!;
    const all = await direct(s, 'outbound/count', {});
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(all.data);
    const processed = await direct(s, 'outbound/count', { QueueStatusTypes: [4] });
    expect(counts.completed! + counts.in_progress!).toBe(processed.data);
    expect(await server.getEntry('ffffffffffffffffffffffff', null, signal())).toBeNull();
  });
});
