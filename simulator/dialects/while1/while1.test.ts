import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCampaignWorld,
  Direction,
  Status,
  type CampaignWorld,
} from '../../model/campaigns/index';
import { registerWhile1 } from './index';
import { apiHash, httpBuildQuery, type PhpValue } from './php-query';
import { formatLocal, parseLocal } from './time-zone';

const T0 = Date.UTC(2025, 4, 14, 9, 30, 0); // 12:30 in Bucharest (EEST, UTC+3)
const TOKEN = 'w1-token-test';
const KEY = 'your_api_key';
const clock = { now: T0 };
let world: CampaignWorld;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  world = createCampaignWorld({ now: () => clock.now, seed: 4, entries: 8000 });
  app = Fastify();
  registerWhile1(app, { world, apiToken: TOKEN, apiKey: KEY });
  base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/while1/api/call-queue`;
});
afterAll(async () => {
  await app.close();
  world.close();
});

type Params = Record<string, PhpValue>;
const signed = (p: Params): Params => ({ ...p, api_hash: apiHash(p, KEY) });
const auth = { Authorization: `Bearer ${TOKEN}` };

async function postForm(
  p: Params,
  headers: Record<string, string> = auth,
  contentType = 'application/x-www-form-urlencoded',
) {
  const res = await fetch(base, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': contentType },
    body: httpBuildQuery(p),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & {
    has_error: boolean;
    messages: string[];
    results: Record<string, unknown>[];
    pagination: unknown;
  };
}

const callbacks = () => ({
  tenant: world.firstTenant('while1')!.id,
  direction: Direction.callback,
});

describe('While1 call-queue read', () => {
  it('answers the seed example (form body, PHP brackets, verified hash) with the documented envelope', async () => {
    const body = await postForm(
      signed({
        action: 'read',
        page: 1,
        filters: {
          date_between: ['2025-05-01 00:00:00', '2025-05-20 23:59:59'],
          schedule_lt: null,
          schedule_null: true,
          status: 'pending',
        },
      }),
    );
    expect(body.has_error).toBe(false);
    expect(body.messages).toEqual([]);
    const expected = world.countEntries({ ...callbacks(), statuses: [Status.pending] });
    expect(body.pagination).toEqual({
      row_count: expected,
      page_size: 100,
      current_page: 1,
      max_page: Math.ceil(expected / 100),
    });
    expect(body.results.length).toBe(Math.min(100, expected));
    const item = body.results[0]!;
    expect(item.status).toBe('pending');
    expect(item.caller_id).toMatch(/^\+407\d{8}$/);
    expect(item.date_added).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    for (const k of [
      'id',
      'project_id',
      'campaign',
      'caller_id_name',
      'priority',
      'schedule',
      'external_id',
      'retries',
      'max_retries',
      'last_error',
      'vars',
    ])
      expect(item).toHaveProperty(k);
  });

  it('pages through everything with page=N (GET query string and JSON bodies too)', async () => {
    const total = world.countEntries(callbacks());
    const last = Math.ceil(total / 100);
    const res = await fetch(`${base}?${httpBuildQuery(signed({ action: 'read', page: last }))}`, {
      headers: auth,
    });
    const body = (await res.json()) as {
      pagination: { max_page: number; current_page: number };
      results: unknown[];
    };
    expect(body.pagination.max_page).toBe(last);
    expect(body.results.length).toBe(total - (last - 1) * 100);

    const json = signed({
      action: 'read',
      page: 2,
      filters: { status: ['in progress', 'completed'] },
    });
    const r2 = await fetch(base, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(json),
    });
    const b2 = (await r2.json()) as {
      has_error: boolean;
      pagination: { row_count: number };
      results: { status: string }[];
    };
    expect(b2.has_error).toBe(false);
    expect(b2.pagination.row_count).toBe(
      world.countEntries({
        ...callbacks(),
        statuses: [Status.dialing, Status.inProgress, Status.completed, Status.failed],
      }),
    );
    expect(b2.results.every((r) => r.status === 'completed' || r.status === 'in progress')).toBe(
      true,
    );
  });

  it('accepts the "inprogress" spelling, text/xml form bodies, and filters by campaign, project and external id', async () => {
    const a = await postForm(
      signed({ action: 'read', filters: { status: 'inprogress' } }),
      auth,
      'text/xml',
    );
    expect(a.has_error).toBe(false);
    const b = await postForm(
      signed({ action: 'read', filters: { campaign: 'callback clienti', project_id: 1 } }),
    );
    expect(b.results.every((r) => r.campaign === 'Callback clienti' && r.project_id === 1)).toBe(
      true,
    );
    const ext = b.results[0]!.external_id as string;
    const c = await postForm(signed({ action: 'read', filters: { external_id: ext } }));
    expect(c.results.map((r) => r.external_id)).toEqual([ext]);
    const d = await postForm(
      signed({
        action: 'read',
        filters: { project_id: 2, assign_type: 'queue', outbound_type: 'auto' },
      }),
    );
    expect((d.pagination as { row_count: number }).row_count).toBeGreaterThan(0);
    expect(d.results.every((r) => r.campaign === 'Reinnoire abonamente Q2')).toBe(true);
  });

  it('applies schedule_lt (with schedule_null) and date_between in the PBX zone', async () => {
    const lt = '2025-05-15 18:00:00';
    const withNull = await postForm(
      signed({ action: 'read', filters: { schedule_lt: lt, schedule_null: true } }),
    );
    const without = await postForm(signed({ action: 'read', filters: { schedule_lt: lt } }));
    const at = parseLocal(lt, 'Europe/Bucharest')!;
    expect((withNull.pagination as { row_count: number }).row_count).toBe(
      world.countEntries({ ...callbacks(), scheduledTo: at + 999, scheduledToIncludesNull: true }),
    );
    expect((without.pagination as { row_count: number }).row_count).toBe(
      world.countEntries({ ...callbacks(), scheduledTo: at + 999 }),
    );
    expect((withNull.pagination as { row_count: number }).row_count).toBeGreaterThan(
      (without.pagination as { row_count: number }).row_count,
    );
    expect(
      without.results.every((r) => typeof r.schedule === 'string' && (r.schedule as string) <= lt),
    ).toBe(true);
  });

  it('reports a malformed filter in its own envelope, with pagination as []', async () => {
    expect(await postForm(signed({ action: 'read', filters: { statusxxx: 'pending' } }))).toEqual({
      has_error: true,
      messages: ['Invalid filter: statusxxx'],
      pagination: [],
      results: [],
    });
    expect(
      (await postForm(signed({ action: 'read', filters: { status: 'finished' } }))).messages,
    ).toEqual(['Invalid filter: status']);
    expect(
      (
        await postForm(
          signed({ action: 'read', filters: { date_between: ['yesterday', 'today'] } }),
        )
      ).messages,
    ).toEqual(['Invalid filter: date_between']);
  });

  it('refuses a wrong hash, a missing hash and a wrong token', async () => {
    const p = signed({ action: 'read', page: 1 });
    expect(await postForm({ ...p, api_hash: '0'.repeat(32) })).toEqual({
      has_error: true,
      messages: ['Invalid hash'],
      pagination: [],
      results: [],
    });
    expect((await postForm({ action: 'read', page: 1 })).messages).toEqual(['Invalid hash']);
    // The hash covers the parsed parameters: tampering with a value breaks it.
    expect((await postForm({ ...p, page: 2 })).messages).toEqual(['Invalid hash']);
    expect((await postForm(p, { Authorization: 'Bearer nope' })).messages).toEqual([
      'Invalid API token',
    ]);
    expect((await postForm(p, {})).has_error).toBe(true);
  });
});

describe('While1 call-queue save', () => {
  it('creates scheduled callbacks that read back and then run their lifecycle', async () => {
    const before = world.counters.while1SaveRequests;
    const schedule = formatLocal(T0 + 10 * 60_000, 'Europe/Bucharest')!;
    const body = await postForm(
      signed({
        action: 'save',
        data: {
          project_id: 1,
          type: 'user',
          destination: '202',
          campaign_name: 'Test callbacks',
          campaign_info: 'from the contract test',
          outbound_type: 'manual',
          attend_type: 'attended',
          outbound_number: '0213101010',
          calls: [
            {
              caller_id: '0722123456',
              caller_id_name: 'Ion Test',
              priority: 3,
              schedule,
              external_id: 'T-1',
              max_retries: 2,
              vars: { SKIP_WELCOME: 1 },
            },
            {
              caller_id: '+40744111222',
              caller_id_name: 'Ana Test',
              schedule: '',
              external_id: 'T-2',
            },
          ],
        },
      }),
    );
    expect(body.has_error).toBe(false);
    expect(world.counters.while1SaveRequests).toBe(before + 1);
    expect(body.results).toHaveLength(2);
    expect(body.results[0]).toMatchObject({
      caller_id: '+40722123456',
      caller_id_name: 'Ion Test',
      priority: 3,
      schedule,
      external_id: 'T-1',
      status: 'pending',
      retries: 0,
      max_retries: 2,
      campaign: 'Test callbacks',
      destination: '202',
      vars: { SKIP_WELCOME: '1' },
    });
    expect(body.results[1]).toMatchObject({ schedule: null, external_id: 'T-2', max_retries: 3 });

    const read = await postForm(
      signed({ action: 'read', filters: { campaign: 'Test callbacks' } }),
    );
    expect(read.results.map((r) => r.external_id).sort()).toEqual(['T-1', 'T-2']);

    clock.now = T0 + 6 * 3600_000;
    const later = await postForm(signed({ action: 'read', filters: { external_id: 'T-1' } }));
    expect(later.results[0]!.status).not.toBe('pending');
    expect(later.results[0]!.last_attempt).not.toBeNull();
    clock.now = T0;
  });

  it('refuses an invalid save without creating anything', async () => {
    const count = world.countEntries(callbacks());
    const body = await postForm(
      signed({
        action: 'save',
        data: { project_id: 99, type: 'robot', destination: '', calls: [{ caller_id: 'abc' }] },
      }),
    );
    expect(body.has_error).toBe(true);
    expect(body.messages).toEqual(
      expect.arrayContaining([
        'Invalid project_id',
        'Invalid type',
        'Invalid destination',
        'Invalid caller_id for call 0',
      ]),
    );
    expect(body.pagination).toEqual([]);
    expect(world.countEntries(callbacks())).toBe(count);
  });

  it('rejects an unknown action', async () => {
    expect((await postForm(signed({ action: 'delete' }))).messages).toEqual([
      'Invalid action: delete',
    ]);
  });
});

describe('PBX local time', () => {
  it('formats and parses Y-m-d H:i:s in Europe/Bucharest across DST', () => {
    expect(formatLocal(Date.UTC(2025, 0, 10, 10, 0, 0), 'Europe/Bucharest')).toBe(
      '2025-01-10 12:00:00',
    );
    expect(formatLocal(Date.UTC(2025, 6, 10, 10, 0, 0), 'Europe/Bucharest')).toBe(
      '2025-07-10 13:00:00',
    );
    expect(parseLocal('2025-07-10 13:00:00', 'Europe/Bucharest')).toBe(
      Date.UTC(2025, 6, 10, 10, 0, 0),
    );
    expect(parseLocal(' 2023-01-01 23:59:59', 'Europe/Bucharest')).toBe(
      Date.UTC(2023, 0, 1, 21, 59, 59),
    );
    expect(parseLocal('2024-02-31 00:00:00', 'Europe/Bucharest')).toBeNull();
  });
});
