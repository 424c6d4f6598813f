import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCampaignWorld,
  Direction,
  Status,
  type CampaignWorld,
} from '../../model/campaigns/index';
import { registerIqra } from './index';

const T0 = Date.UTC(2025, 4, 14, 15, 0, 0);
const KEY = 'iqra_sk_docs_test_key';
const BIZ = 12345;
const clock = { now: T0 };
let world: CampaignWorld;
let app: FastifyInstance;
let origin: string;
let limited: FastifyInstance;
let limitedOrigin: string;
const limiterClock = { now: 1_000_000 };

beforeAll(async () => {
  world = createCampaignWorld({ now: () => clock.now, seed: 8, entries: 8000 });
  app = Fastify();
  registerIqra(app, { world, businessId: BIZ, apiKey: KEY, flavor: 'docs', rateLimit: false });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
  limited = Fastify();
  registerIqra(limited, {
    world,
    businessId: BIZ,
    apiKey: KEY,
    flavor: 'docs',
    prefix: '/vendor',
    rateLimit: { limit: 3, windowMs: 60_000 },
    rateLimitClock: () => limiterClock.now,
  });
  limitedOrigin = await limited.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await limited.close();
  world.close();
});

const url = (path: string, biz = BIZ) => `${origin}/iqra/api/v1/business/${biz}${path}`;
const headers = { Authorization: `Token ${KEY}`, 'Content-Type': 'application/json' };
async function post(path: string, body?: unknown, h: Record<string, string> = headers, biz = BIZ) {
  const res = await fetch(url(path, biz), {
    method: 'POST',
    headers: h,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as Record<string, unknown> & { data: never },
  };
}
const tenant = () => world.tenantByBusinessId(BIZ)!.id;
const campaign = (name: string) => world.campaigns.find((c) => c.name === name)!;

describe('Iqra docs flavor: auth and limits', () => {
  it('answers 401 {"detail":"Invalid token."} to a missing, wrong or Bearer key', async () => {
    for (const h of [
      { 'Content-Type': 'application/json' },
      { ...headers, Authorization: 'Token nope' },
      { ...headers, Authorization: `Bearer ${KEY}` },
    ]) {
      const r = await post('/queues/outbound/count', {}, h);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ detail: 'Invalid token.' });
    }
  });

  it('limits a key to N requests per window with 429, Retry-After and X-RateLimit-Remaining', async () => {
    const call = () =>
      fetch(`${limitedOrigin}/vendor/api/v1/business/${BIZ}/queues/inbound/count`, {
        method: 'POST',
        headers,
        body: '{}',
      });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const r = await call();
      expect(r.status).toBe(200);
      remaining.push(r.headers.get('x-ratelimit-remaining') ?? '');
    }
    expect(remaining).toEqual(['2', '1', '0']);
    limiterClock.now += 15_000;
    const over = await call();
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('45');
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await over.json()) as { detail: string }).detail).toMatch(/throttled/);
    limiterClock.now += 46_000;
    expect((await call()).status).toBe(200);
  });

  it('refuses another business with INVALID_BUSINESS_ID', async () => {
    const r = await post('/queues/outbound/count', {}, headers, 999);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ success: false, data: null, code: 'INVALID_BUSINESS_ID' });
  });
});

describe('Iqra docs flavor: queues', () => {
  it('counts with and without the filters wrapper', async () => {
    const all = await post('/queues/outbound/count', {});
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      success: true,
      data: world.countEntries({ tenant: tenant(), direction: Direction.outbound }),
    });
    const c2 = campaign('Appointment confirmations');
    const some = await post('/queues/outbound/count', {
      filters: { status: 'Pending', campaignId: c2.externalId },
    });
    expect(some.body.data).toBe(
      world.countEntries({
        tenant: tenant(),
        direction: Direction.outbound,
        statuses: [Status.pending],
        campaignIds: [c2.id],
      }),
    );
    expect(some.body.data).toBeGreaterThan(0);
    const inbound = await post('/queues/inbound/count');
    expect(inbound.body.data).toBe(
      world.countEntries({ tenant: tenant(), direction: Direction.inbound }),
    );
  });

  it('answers INVALID_FILTERS to an unknown filter, a bad status, a bad date or a non-object', async () => {
    for (const body of [
      { filters: { colour: 'red' } },
      { filters: { status: 'Done' } },
      { filters: { createdFrom: 'last week' } },
      { filters: ['Pending'] },
      { filters: { routeId: 'x' } },
    ]) {
      const r = await post('/queues/outbound/count', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ success: false, data: null, code: 'INVALID_FILTERS' });
    }
    const bad = await fetch(url('/queues/outbound'), { method: 'POST', headers, body: '{"page":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('INVALID_FILTERS');
  });

  it('lists a page with page/pageSize/sortBy/sortOrder and documented entry fields', async () => {
    const r = await post('/queues/outbound', {
      page: 2,
      pageSize: 25,
      sortBy: 'scheduledTime',
      sortOrder: 'asc',
      filters: { status: ['Pending', 'Failed'] },
    });
    expect(r.status).toBe(200);
    const data = r.body.data as {
      items: Record<string, unknown>[];
      page: number;
      pageSize: number;
      totalCount: number;
      totalPages: number;
      hasNextPage: boolean;
    };
    const total = world.countEntries({
      tenant: tenant(),
      direction: Direction.outbound,
      statuses: [Status.pending, Status.failed, Status.expired],
    });
    expect(data).toMatchObject({
      page: 2,
      pageSize: 25,
      totalCount: total,
      totalPages: Math.ceil(total / 25),
      hasNextPage: true,
    });
    expect(data.items).toHaveLength(25);
    const times = data.items.map((i) => i.scheduledTime as string);
    expect([...times].sort()).toEqual(times);
    const e = data.items[0]!;
    expect(e.id).toMatch(/^[0-9a-f]{24}$/);
    expect(e.businessId).toBe(BIZ);
    expect(e.phoneNumber).toMatch(/^\+1\d{10}$/);
    expect(['Pending', 'Failed']).toContain(e.status);
    for (const k of [
      'campaignId',
      'agentId',
      'scheduledTime',
      'startedAt',
      'completedAt',
      'retryCount',
      'lastError',
      'createdAt',
      'updatedAt',
      'dynamicVariables',
    ])
      expect(e).toHaveProperty(k);
    const failed = data.items.find((i) => i.status === 'Failed');
    if (failed)
      expect(failed.lastError).toMatch(
        /^(InitalizeError|UserDeclinedOrBusy|UserNoAnswer|MidSessionFailure|VoicemailDetected|Expired)$/,
      );
  });

  it('clamps pageSize to 100 and rejects a bad sortBy', async () => {
    const r = await post('/queues/inbound', { pageSize: 500 });
    expect((r.body.data as { pageSize: number; items: unknown[] }).pageSize).toBe(100);
    expect((r.body.data as { items: unknown[] }).items).toHaveLength(100);
    const bad = await post('/queues/inbound', { sortBy: 'phone' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_FILTERS');
  });

  it('fetches one entry by id, and answers INVALID_QUEUE_ID for unknown or wrong-direction ids', async () => {
    const list = await post('/queues/inbound', { pageSize: 1 });
    const entry = (list.body.data as { items: { id: string; routeId: string }[] }).items[0]!;
    const one = await post(`/queues/inbound/${entry.id}`);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ id: entry.id, routeId: entry.routeId, campaignId: null });
    for (const path of [
      `/queues/outbound/${entry.id}`,
      '/queues/inbound/ffffffffffffffffffffffff',
      '/queues/inbound/queue_abc123xyz789',
    ]) {
      const r = await post(path);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ success: false, code: 'INVALID_QUEUE_ID' });
    }
  });
});

describe('Iqra docs flavor: initiate call', () => {
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    return f;
  };
  const initiate = async (fields: Record<string, string>) => {
    const res = await fetch(url('/call/initiate'), {
      method: 'POST',
      headers: { Authorization: `Token ${KEY}` },
      body: form(fields),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        Success: boolean;
        Data: string[] | null;
        Code: string | null;
        Message: string;
      },
    };
  };
  const valid = () => {
    const agent = world.agentsOf(tenant()).find((a) => a.enabled)!;
    const number = world.numbersOf(tenant())[0]!;
    return {
      RecipientNumber: '+12125550123',
      NumberId: number.externalId,
      AgentId: agent.externalId,
    };
  };

  it('queues a call (multipart, DynamicVariables[k]) that then runs its lifecycle', async () => {
    const before = world.counters.iqraInitiateRequests;
    const balance = world.balanceOf(tenant());
    const r = await initiate({
      ...valid(),
      'DynamicVariables[CustomerName]': 'John Doe',
      'DynamicVariables[AccountNumber]': '12345',
      'Metadata[Source]': 'API',
    });
    expect(r.status).toBe(200);
    expect(r.body.Success).toBe(true);
    expect(r.body.Data).toHaveLength(1);
    expect(world.counters.iqraInitiateRequests).toBe(before + 1);
    expect(world.balanceOf(tenant())).toBe(balance - world.callCostCents);
    const id = r.body.Data![0]!;
    const first = await post(`/queues/outbound/${id}`);
    expect(first.body.data).toMatchObject({
      id,
      status: 'Pending',
      phoneNumber: '+12125550123',
      campaignId: null,
      dynamicVariables: { CustomerName: 'John Doe', AccountNumber: '12345' },
      metadata: { Source: 'API' },
    });
    const seen = new Set<string>();
    for (let t = 1; t <= 900; t += 1) {
      clock.now = T0 + t * 1000;
      seen.add(((await post(`/queues/outbound/${id}`)).body.data as { status: string }).status);
      if (seen.has('Completed') || seen.has('Failed')) break;
    }
    expect(seen.has('InProgress')).toBe(true);
    // No campaign means no retries: one attempt, then a final state.
    expect(seen.has('Completed') || seen.has('Failed')).toBe(true);
  });

  it('answers each documented error code in the PascalCase envelope', async () => {
    const cases: [Record<string, string>, string, number][] = [
      [{ ...valid(), RecipientNumber: '2125550123' }, 'InitiateCall:INVALID_NUMBER', 400],
      [{ ...valid(), AgentId: 'agent_xyz789' }, 'InitiateCall:INVALID_AGENT', 400],
      [
        { ...valid(), AgentId: world.agentsOf(tenant()).find((a) => !a.enabled)!.externalId },
        'InitiateCall:INVALID_AGENT',
        400,
      ],
      [{ ...valid(), NumberId: 'num_abc123' }, 'InitiateCall:INVALID_NUMBER_ID', 400],
    ];
    for (const [fields, code, status] of cases) {
      const r = await initiate(fields);
      expect(r.status, code).toBe(status);
      expect(r.body).toMatchObject({ Success: false, Code: code, Data: null });
      expect(r.body.Message).toBeTruthy();
    }
    const balance = world.balanceOf(tenant());
    world.setBalance(tenant(), 0);
    const broke = await initiate(valid());
    world.setBalance(tenant(), balance);
    expect(broke.status).toBe(402);
    expect(broke.body).toEqual({
      Success: false,
      Code: 'InitiateCall:INSUFFICIENT_BALANCE',
      Message: 'Insufficient balance or minutes to make this call',
      Data: null,
    });
  });

  it('schedules a call for later and tags it with a campaign id', async () => {
    const c3 = campaign('Win-back: lapsed members');
    const at = new Date(clock.now + 3 * 3600_000).toISOString();
    const r = await initiate({ ...valid(), CampaignId: c3.externalId, ScheduledTime: at });
    const entry = (await post(`/queues/outbound/${r.body.Data![0]}`)).body.data as Record<
      string,
      unknown
    >;
    expect(entry).toMatchObject({
      campaignId: c3.externalId,
      status: 'Pending',
      scheduledTime: at.replace('.000Z', 'Z'),
    });
    const bad = await initiate({ ...valid(), ScheduledTime: 'tomorrow' });
    expect(bad.body.Success).toBe(false);
  });
});
