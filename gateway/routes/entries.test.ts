import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@contract/api';
import { CSRF_HEADER, CSRF_VALUE, ErrorBody } from '@contract/common';
import { EntriesPage, QueueEntryDetail } from '@contract/entry';
import { SourcesResponse } from '@contract/source';
import type { Role } from '@contract/auth';
import { buildApp } from '../app';
import { parseConfig } from '../config';
import { hashPassword } from '../services/passwords';
import type { Services } from '../services/services';
import { startSimProcess, type SimProcess } from '../test-support/sim-process';

let sim: SimProcess;
let app: Awaited<ReturnType<typeof buildApp>>['app'];
let services: Services;
let admin: string;
type Creds = { baseUrl: string; businessId: string; apiKey: string };
let docs: Creds;

async function cookie(
  role: Role,
  scope?: { sources: string[] | null; queues: string[] | null },
): Promise<string> {
  const username = `${role}-${Math.random().toString(36).slice(2, 8)}`;
  const password = `pw-${username}-long-enough`;
  await services.users.create({
    username,
    role,
    passwordHash: await hashPassword(password),
    scope,
  });
  const res = await app.inject({
    method: 'POST',
    url: API.login,
    headers: { [CSRF_HEADER]: CSRF_VALUE },
    payload: { username, password },
  });
  const c = res.cookies.find((x) => x.name === services.cookieName)!;
  return `${c.name}=${c.value}`;
}

async function get(url: string, who = admin) {
  return app.inject({ method: 'GET', url, headers: { cookie: who } });
}

async function ok(url: string, who = admin) {
  const res = await get(url, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as unknown;
}

async function bad(url: string, status = 400) {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(status);
  return ErrorBody.parse(res.json()).error;
}

const direct = async (path: string, body?: unknown) => {
  const res = await fetch(`${docs.baseUrl}/api/v1/business/${docs.businessId}/queues/${path}`, {
    method: 'POST',
    headers: {
      authorization: `Token ${docs.apiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as any;
};

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '9', '--clock', 'manual', '--entries', '4000']);
  docs = sim.credentials.iqra as Creds;
  const server = (sim.credentials as any)['iqra-server'] as Creds;
  const w = sim.credentials.while1 as { baseUrl: string; apiToken: string; apiKey: string };
  const config = parseConfig({
    dataDir: ':memory:',
    sources: [
      {
        id: 'ai',
        kind: 'iqra',
        label: 'AI outbound',
        baseUrl: docs.baseUrl,
        businessId: docs.businessId,
        apiKey: docs.apiKey,
        flavor: 'docs',
      },
      {
        id: 'ais',
        kind: 'iqra',
        label: 'AI server',
        baseUrl: server.baseUrl,
        businessId: server.businessId,
        apiKey: server.apiKey,
        flavor: 'server',
      },
      {
        id: 'cb',
        kind: 'while1',
        label: 'Callbacks',
        baseUrl: w.baseUrl,
        apiToken: w.apiToken,
        apiKey: w.apiKey,
      },
    ],
  });
  // No pollers: every vendor request in this file is one the test asked for.
  ({ app, services } = await buildApp({ config, startPolling: false }));
  await app.ready();
  admin = await cookie('admin');
}, 30_000);

afterAll(async () => {
  await app?.close();
  await sim?.stop();
});

describe('GET /api/v1/entries', () => {
  it('needs a session, and answers a source out of scope or unknown with 404', async () => {
    const anon = await app.inject({ method: 'GET', url: `${API.entries}?source=ai` });
    expect(anon.statusCode).toBe(401);
    const scoped = await cookie('viewer', { sources: ['cb'], queues: null });
    const hidden = await get(`${API.entries}?source=ai`, scoped);
    expect(hidden.statusCode).toBe(404);
    expect(ErrorBody.parse(hidden.json()).error.code).toBe('NOT_FOUND');
    expect((await bad(`${API.entries}?source=nope`, 404)).code).toBe('NOT_FOUND');
  });

  it('validates the query with field errors', async () => {
    const e = await bad(
      `${API.entries}?source=ai&pageSize=500&page=0&status=pending,bogus&order=up`,
    );
    expect(e.code).toBe('VALIDATION');
    expect(Object.keys(e.fields!)).toEqual(
      expect.arrayContaining(['pageSize', 'page', 'status.1', 'order']),
    );
    expect(
      (await bad(`${API.entries}?source=ai&createdFrom=2024-13-45T99:00:00Z`)).fields,
    ).toHaveProperty('createdFrom');
    expect(
      (
        await bad(
          `${API.entries}?source=ai&createdFrom=2025-02-01T00:00:00Z&createdTo=2025-01-01T00:00:00Z`,
        )
      ).fields,
    ).toHaveProperty('createdTo');
    expect((await bad(`${API.entries}`)).fields).toHaveProperty('source');
  });

  it('answers a filter, sort, order or direction the source cannot serve with 400 naming the field', async () => {
    expect((await bad(`${API.entries}?source=ais&agent=abc`)).fields).toEqual({
      agent: 'AI server cannot filter by agent',
    });
    expect((await bad(`${API.entries}?source=ais&sort=updatedAt`)).fields).toHaveProperty('sort');
    expect((await bad(`${API.entries}?source=ais&order=asc`)).fields).toHaveProperty('order');
    expect(
      (await bad(`${API.entries}?source=ais&direction=inbound&scheduledTo=2025-01-01T00:00:00Z`))
        .fields,
    ).toHaveProperty('scheduledTo');
    expect(
      (await bad(`${API.entries}?source=cb&completedFrom=2025-01-01T00:00:00Z`)).fields,
    ).toHaveProperty('completedFrom');
    expect(
      (await bad(`${API.entries}?source=cb&scheduledFrom=2025-01-01T00:00:00Z`)).fields,
    ).toHaveProperty('scheduledFrom');
    expect((await bad(`${API.entries}?source=cb&sort=scheduledAt`)).fields).toHaveProperty('sort');
    const e = await bad(`${API.entries}?source=cb&direction=outbound`);
    expect(e.fields).toEqual({ direction: 'Callbacks has callback entries only' });
    expect(e.message).toBe('Check the request: direction callbacks has callback entries only');
  });

  it('Iqra docs: a page in the contract shape with total and counts per status from the vendor', async () => {
    const page = EntriesPage.parse(
      await ok(
        `${API.entries}?source=ai&status=pending&sort=createdAt&order=asc&page=3&pageSize=10`,
      ),
    );
    const vendor = await direct('outbound', {
      page: 3,
      pageSize: 10,
      sortBy: 'createdAt',
      sortOrder: 'asc',
      filters: { status: 'Pending' },
    });
    expect(page.items.map((e) => e.vendorId)).toEqual(vendor.data.items.map((x: any) => x.id));
    expect(page).toMatchObject({
      page: 3,
      pageSize: 10,
      total: vendor.data.totalCount,
      hasNextPage: true,
    });
    expect(page.items[0]).toMatchObject({
      id: `ai:${vendor.data.items[0].id}`,
      sourceId: 'ai',
      direction: 'outbound',
      status: 'pending',
    });
    const all = await direct('outbound/count', {});
    const counts = page.countsByStatus!;
    expect(Object.keys(counts).sort()).toEqual([
      'cancelled',
      'completed',
      'failed',
      'in_progress',
      'pending',
    ]);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(all.data);
    expect(counts.pending).toBe(page.total);
  });

  it('While1: no direction means callbacks, page 2 of size 25 is items 26–50 of vendor page 1', async () => {
    const vendorPage = EntriesPage.parse(await ok(`${API.entries}?source=cb&page=1&pageSize=100`));
    const p2 = EntriesPage.parse(await ok(`${API.entries}?source=cb&page=2&pageSize=25`));
    expect(p2.items.map((e) => e.id)).toEqual(vendorPage.items.slice(25, 50).map((e) => e.id));
    expect(p2.items.every((e) => e.direction === 'callback')).toBe(true);
    expect(p2.total).toBe(vendorPage.total);
    expect(p2.countsByStatus).toBeNull();
  });

  it('Iqra server: cursor pages through the gateway, newest first, with counts split per status', async () => {
    const p1 = EntriesPage.parse(await ok(`${API.entries}?source=ais&page=1&pageSize=30`));
    const p2 = EntriesPage.parse(await ok(`${API.entries}?source=ais&page=2&pageSize=30`));
    const big = EntriesPage.parse(await ok(`${API.entries}?source=ais&page=1&pageSize=60`));
    expect([...p1.items, ...p2.items].map((e) => e.id)).toEqual(big.items.map((e) => e.id));
    const created = big.items.map((e) => e.createdAt!);
    expect([...created].sort().reverse()).toEqual(created);
    expect(Object.keys(p1.countsByStatus!).sort()).toEqual([
      'cancelled',
      'completed',
      'dialing',
      'expired',
      'failed',
      'in_progress',
      'pending',
    ]);
    const far = await bad(`${API.entries}?source=ais&page=20&pageSize=100`);
    expect(far.fields).toHaveProperty('page');
  });
});

describe('GET /api/v1/entries/:source/:id', () => {
  it('returns one entry with every raw field, or 404 in the contract shape', async () => {
    const listed = EntriesPage.parse(
      await ok(`${API.entries}?source=ai&status=completed&pageSize=1`),
    ).items[0]!;
    const detail = QueueEntryDetail.parse(
      await ok(`${API.entry('ai', listed.vendorId)}?direction=outbound`),
    );
    expect(detail).toMatchObject({
      id: listed.id,
      status: 'completed',
      phoneNumber: listed.phoneNumber,
    });
    expect(detail.raw).toMatchObject({ id: listed.vendorId, status: 'Completed' });
    expect(detail.raw).toHaveProperty('dynamicVariables');

    const missing = await bad(API.entry('ai', 'ffffffffffffffffffffffff'), 404);
    expect(missing).toEqual({ code: 'NOT_FOUND', message: 'No such queue entry' });
    expect((await bad(API.entry('nope', '1'), 404)).code).toBe('NOT_FOUND');
    expect((await bad(`${API.entry('cb', '1')}?direction=outbound`)).fields).toHaveProperty(
      'direction',
    );

    const cb = EntriesPage.parse(await ok(`${API.entries}?source=cb&pageSize=3`)).items[2]!;
    const cbDetail = QueueEntryDetail.parse(await ok(API.entry('cb', cb.vendorId)));
    expect(cbDetail.raw).toMatchObject({ id: Number(cb.vendorId), campaign: cb.campaignName });
  });
});

describe('GET /api/v1/sources', () => {
  it('lists the entry sources with their capabilities and request budgets', async () => {
    const { items } = SourcesResponse.parse(await ok(API.sources));
    const ai = items.find((s) => s.id === 'ai')!;
    expect(ai.capabilities.entries).toEqual({
      directions: ['outbound', 'inbound'],
      filters: ['status', 'campaign', 'agent', 'phone', 'createdAt', 'scheduledAt', 'completedAt'],
      sorts: ['createdAt', 'updatedAt', 'scheduledAt'],
      total: true,
    });
    expect(ai.capabilities).toMatchObject({
      campaigns: true,
      initiateCall: true,
      queues: false,
      agents: false,
    });
    expect(ai.health.budgetPerMinute).toBe(55);
    expect(items.find((s) => s.id === 'ais')!.capabilities.entries!.sorts).toEqual([]);
    // No `callbacks` destination is configured for this source, so it cannot schedule them.
    expect(items.find((s) => s.id === 'cb')!.capabilities).toMatchObject({
      scheduleCallback: false,
      campaigns: true,
    });
  });
});
