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
const KEY = 'iu_server_test_key';
const BIZ = 777;
const clock = { now: T0 };
let world: CampaignWorld;
let app: FastifyInstance;
let origin: string;

beforeAll(async () => {
  world = createCampaignWorld({
    now: () => clock.now,
    seed: 12,
    entries: 8000,
    iqraBusinessId: BIZ,
  });
  app = Fastify();
  registerIqra(app, {
    world,
    businessId: BIZ,
    apiKey: KEY,
    flavor: 'server',
    prefix: '/iqra-code',
  });
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  world.close();
});

type Json = Record<string, unknown>;
const headers = { Authorization: `Token ${KEY}`, 'Content-Type': 'application/json' };
async function post(path: string, body?: unknown, h: Record<string, string> = headers, biz = BIZ) {
  const res = await fetch(`${origin}/iqra-code/api/v1/business/${biz}${path}`, {
    method: 'POST',
    headers: h,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (await res.json()) as Json,
  };
}
const tenant = () => world.tenantByBusinessId(BIZ)!.id;
const outbound = () => ({ tenant: tenant(), direction: Direction.outbound });

describe('Iqra server flavor: envelope and errors', () => {
  it('answers bad keys and another business with HTTP 200, success:false and a colon-chained code', async () => {
    const bearer = await post(
      '/queues/outbound/count',
      {},
      { ...headers, Authorization: `Bearer ${KEY}` },
    );
    expect(bearer.status).toBe(200);
    expect(bearer.body).toEqual({
      data: null,
      success: false,
      message: expect.any(String),
      code: 'GetOutboundCallQueuesCount:ValidateUserAPIAndBusinessWithPermissions:ValidateUserAPIWithPermissions:VALIDATE_API_KEY:INVALID_FORMAT',
    });
    const unknown = await post(
      '/queues/inbound',
      {},
      { ...headers, Authorization: 'Token iu_unknown' },
    );
    expect(unknown.body.code).toBe(
      'GetInboundCallQueues:ValidateUserAPIAndBusinessWithPermissions:ValidateUserAPIWithPermissions:VALIDATE_API_KEY:NOT_FOUND',
    );
    const other = await post('/queues/outbound/count', {}, headers, 12345);
    expect(other.body).toMatchObject({
      success: false,
      code: 'GetOutboundCallQueuesCount:ValidateUserAPIAndBusinessWithPermissions:BUSINESS_NOT_FOUND',
    });
  });

  it('answers model-binding failures with 400 ValidationProblemDetails before auth', async () => {
    const empty = await post('/queues/outbound/count', undefined, {
      ...headers,
      Authorization: 'Token wrong',
    });
    expect(empty.status).toBe(400);
    expect(empty.type).toMatch(/application\/problem\+json/);
    expect(empty.body).toMatchObject({
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { '': ['A non-empty request body is required.'] },
    });
    expect(empty.body.traceId).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    const stringEnum = await post('/queues/outbound/count', { QueueStatusTypes: ['Pending'] });
    expect(stringEnum.status).toBe(400);
    expect(Object.keys(stringEnum.body.errors as Json)).toContain('$.QueueStatusTypes[0]');
    const limit = await post('/queues/outbound', { limit: 101 });
    expect(limit.status).toBe(400);
    expect(limit.body.errors).toEqual({ Limit: ['The field Limit must be between 1 and 100.'] });
    const badJson = await post('/queues/outbound', '{"limit":');
    expect(badJson.status).toBe(400);
  });
});

describe('Iqra server flavor: counts and filters', () => {
  it('counts with flat filters and integer statuses; a docs-style wrapper is silently ignored', async () => {
    const all = world.countEntries(outbound());
    expect((await post('/queues/outbound/count', {})).body).toEqual({
      data: all,
      success: true,
      message: null,
      code: null,
    });
    expect(
      (await post('/queues/outbound/count', { filters: { status: 'Pending' } })).body.data,
    ).toBe(all);
    const c2 = world.campaigns.find((c) => c.name === 'Appointment confirmations')!;
    const r = await post('/queues/outbound/count', {
      queueStatusTypes: [0],
      CampaignIds: [c2.externalId],
    });
    expect(r.body.data).toBe(
      world.countEntries({ ...outbound(), statuses: [Status.pending], campaignIds: [c2.id] }),
    );
    expect(r.body.data).toBeGreaterThan(0);
    const from = new Date(T0 - 2 * 86_400_000).toISOString();
    const byDate = await post('/queues/outbound/count', {
      StartCompletedAtDate: from,
      QueueStatusTypes: [5],
    });
    expect(byDate.body.data).toBe(
      world.countEntries({
        ...outbound(),
        completedFrom: Date.parse(from),
        statuses: [Status.failed],
      }),
    );
    const inbound = await post('/queues/inbound/count', { CallingNumbers: ['+10000000000'] });
    expect(inbound.body.data).toBe(0);
  });
});

describe('Iqra server flavor: cursor paging', () => {
  it('defaults to 10, clamps to 50, and walks next/previous cursors without gaps or overlaps', async () => {
    const first = await post('/queues/outbound', {});
    const d0 = first.body.data as {
      items: Json[];
      pageSize: number;
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      nextCursor: string;
      previousCursor: null;
      totalCount: number;
    };
    expect(d0.items).toHaveLength(10);
    expect(d0).toMatchObject({
      pageSize: 10,
      hasNextPage: true,
      hasPreviousPage: false,
      previousCursor: null,
      totalCount: world.countEntries(outbound()),
    });
    const big = await post('/queues/outbound', { limit: 100, filter: { QueueStatusTypes: [4] } });
    const d1 = big.body.data as {
      items: Json[];
      pageSize: number;
      nextCursor: string;
      totalCount: number;
    };
    expect(d1.items).toHaveLength(50);
    expect(d1.pageSize).toBe(50);
    expect(d1.items.every((i) => i.status === 4)).toBe(true);
    const e = d1.items[0]!;
    for (const k of [
      'queueId',
      'status',
      'enqueuedAt',
      'processingStartedAt',
      'completedAt',
      'dynamicVariables',
      'metadata',
      'campaignId',
      'numberId',
      'recipientNumber',
      'sessionId',
      'sessionStatus',
      'sessionEndType',
    ])
      expect(e).toHaveProperty(k);

    // Walk three pages forward, then one back.
    const pages: Json[][] = [d1.items];
    let cursor = d1.nextCursor;
    for (let i = 0; i < 2; i += 1) {
      const p = (await post('/queues/outbound', { limit: 50, nextCursor: cursor })).body.data as {
        items: Json[];
        nextCursor: string;
        previousCursor: string;
        hasPreviousPage: boolean;
      };
      expect(p.hasPreviousPage).toBe(true);
      pages.push(p.items);
      cursor = p.nextCursor;
      if (i === 1) {
        const back = (
          await post('/queues/outbound', { limit: 50, previousCursor: p.previousCursor })
        ).body.data as { items: Json[]; hasNextPage: boolean };
        expect(back.items.map((x) => x.queueId)).toEqual(pages[1]!.map((x) => x.queueId));
        expect(back.hasNextPage).toBe(true);
      }
    }
    const ids = pages.flat().map((x) => x.queueId);
    expect(new Set(ids).size).toBe(150);
    const created = pages.flat().map((x) => x.enqueuedAt as string);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('refuses both cursors, a cursor with a filter, and a tampered cursor', async () => {
    const d = (await post('/queues/inbound', { limit: 5 })).body.data as { nextCursor: string };
    expect(
      (await post('/queues/inbound', { nextCursor: d.nextCursor, previousCursor: d.nextCursor }))
        .body,
    ).toMatchObject({
      success: false,
      code: 'GetInboundCallQueues:INVALID_CURSOR',
      message: 'Cannot provide both nextCursor and previousCursor.',
    });
    expect(
      (
        await post('/queues/inbound', {
          nextCursor: d.nextCursor,
          filter: { QueueStatusTypes: [4] },
        })
      ).body,
    ).toMatchObject({ success: false, code: 'GetInboundCallQueues:INVALID_REQUEST' });
    const tampered = Buffer.from(
      Buffer.from(d.nextCursor, 'base64')
        .toString('utf8')
        .replace(/\.[^.]*$/, '.AAAA'),
    ).toString('base64');
    expect((await post('/queues/inbound', { nextCursor: tampered })).body).toMatchObject({
      success: false,
      code: 'GetInboundCallQueues:INVALID_CURSOR',
    });
  });

  it('fetches one entry by POST without body, and names the not-found code per direction', async () => {
    const d = (await post('/queues/inbound', { limit: 1 })).body.data as { items: Json[] };
    const id = d.items[0]!.queueId as string;
    const one = await post(`/queues/inbound/${id}`);
    expect(one.body).toMatchObject({
      success: true,
      data: { queueId: id, callerNumber: expect.stringMatching(/^\+1\d{10}$/) },
    });
    expect((await post(`/queues/outbound/${id}`)).body).toMatchObject({
      success: false,
      data: null,
      code: 'GetOutboundCallQueues:GetOutboundConversationsMetaDataAsync:NOT_FOUND',
    });
    expect((await post('/queues/inbound/000000000000000000000000')).body.code).toBe(
      'GetInboundCallQueue:GetInboundConversationsMetaDataAsync:NOT_FOUND',
    );
  });
});

describe('Iqra server flavor: initiate through the config form field', () => {
  const c3 = () => world.campaigns.find((c) => c.name === 'Win-back: lapsed members')!;
  const config = (over: Json = {}) => ({
    campaignId: c3().externalId,
    number: { type: 0, toNumber: '+13125550123' },
    schedule: {
      dateTimeUTC: new Date(clock.now).toISOString(),
      maxDateTimeUTC: new Date(clock.now + 3600_000).toISOString(),
    },
    dynamicVariables: { CustomerName: 'Jane Roe' },
    metadata: { crmId: 'A-1' },
    ...over,
  });
  const send = async (fields: Record<string, string | Blob>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    const res = await fetch(`${origin}/iqra-code/api/v1/business/${BIZ}/call/initiate`, {
      method: 'POST',
      headers: { Authorization: `Token ${KEY}` },
      body: f,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('queues a single call and counts the request', async () => {
    const before = world.counters.iqraInitiateRequests;
    const r = await send({ config: JSON.stringify(config()) });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, code: null });
    const ids = r.body.data as string[];
    expect(ids).toHaveLength(1);
    expect(world.counters.iqraInitiateRequests).toBe(before + 1);
    const entry = (await post(`/queues/outbound/${ids[0]}`)).body.data as Json;
    // The campaign's dialer has free lines, so the call may already be dialling (3).
    expect([0, 3]).toContain(entry.status);
    expect(entry).toMatchObject({
      queueId: ids[0],
      campaignId: c3().externalId,
      recipientNumber: '+13125550123',
      dynamicVariables: { CustomerName: 'Jane Roe' },
      metadata: { crmId: 'A-1' },
    });
  });

  it('queues a bulk CSV with null ids for bad rows', async () => {
    const csv = 'number,CustomerName\n+14155550111,A\nnot-a-number,B\n+16175550122,C\n';
    const r = await send({
      config: JSON.stringify(config({ number: { type: 1 } })),
      bulk_file: new Blob([csv], { type: 'text/csv' }),
    });
    const ids = r.body.data as (string | null)[];
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBeNull();
    expect(ids[0]).toMatch(/^[0-9a-f]{24}$/);
  });

  it('answers errors: 400 without config, business codes for campaign, number, schedule and balance', async () => {
    const none = await send({ other: 'x' });
    expect(none.status).toBe(400);
    expect((none.body.errors as Json).config).toEqual(['The config field is required.']);
    expect(
      (await send({ config: JSON.stringify(config({ campaignId: 'nope' })) })).body,
    ).toMatchObject({ success: false, code: 'InitiateCall:CAMPAIGN_NOT_FOUND' });
    expect(
      (await send({ config: JSON.stringify(config({ number: { type: 0, toNumber: '555' } })) }))
        .body,
    ).toMatchObject({ success: false, code: 'InitiateCall:INVALID_NUMBER' });
    expect((await send({ config: JSON.stringify(config({ schedule: {} })) })).body).toMatchObject({
      success: false,
      code: 'InitiateCall:INVALID_SCHEDULE',
    });
    const balance = world.balanceOf(tenant());
    world.setBalance(tenant(), 0);
    const broke = await send({ config: JSON.stringify(config()) });
    world.setBalance(tenant(), balance);
    expect(broke.status).toBe(200);
    expect(broke.body).toMatchObject({
      data: null,
      success: false,
      code: 'InitiateCall:INSUFFICIENT_BALANCE',
    });
  });

  it('expires a call whose window closes before it is dialled', async () => {
    const paused = c3();
    world.setCampaignState(paused.id, 'paused');
    const r = await send({
      config: JSON.stringify(
        config({
          schedule: {
            dateTimeUTC: new Date(clock.now).toISOString(),
            maxDateTimeUTC: new Date(clock.now + 60_000).toISOString(),
          },
        }),
      ),
    });
    const id = (r.body.data as string[])[0]!;
    clock.now += 120_000;
    expect(((await post(`/queues/outbound/${id}`)).body.data as Json).status).toBe(7);
    world.setCampaignState(paused.id, 'running');
  });
});
