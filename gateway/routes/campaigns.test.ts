import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@contract/api';
import { ErrorBody } from '@contract/common';
import {
  CampaignHistoryResponse,
  CampaignsResponse,
  type CampaignProgress,
} from '@contract/campaign';
import { EntriesPage } from '@contract/entry';
import { SourcesResponse } from '@contract/source';
import { parseConfig } from '../config';
import { startSimProcess, type SimProcess } from '../test-support/sim-process';
import { eventually, startTestGateway, type TestGateway } from '../test-support/gateway';

type Creds = { baseUrl: string; businessId: string; apiKey: string };
let sim: SimProcess;
let gw: TestGateway;
let admin: string;
let docs: Creds;
let server: Creds;

const count = async (c: Creds, body: unknown): Promise<number> => {
  const res = await fetch(`${c.baseUrl}/api/v1/business/${c.businessId}/queues/outbound/count`, {
    method: 'POST',
    headers: { authorization: `Token ${c.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { data: number }).data;
};

async function get(url: string, cookie = admin) {
  return gw.app.inject({ method: 'GET', url, headers: { cookie } });
}

async function campaigns(cookie = admin): Promise<CampaignProgress[]> {
  const res = await get(API.campaigns, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return CampaignsResponse.parse(res.json()).items;
}

const counted = (items: CampaignProgress[], source: string) =>
  items.filter((c) => c.sourceId === source && c.updatedAt);

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '13', '--clock', 'manual', '--entries', '4000']);
  docs = sim.credentials.iqra as Creds;
  server = (sim.credentials as any)['iqra-server'] as Creds;
  const w = sim.credentials.while1 as { baseUrl: string; apiToken: string; apiKey: string };
  gw = await startTestGateway(
    parseConfig({
      dataDir: ':memory:',
      sources: [
        {
          id: 'ai',
          kind: 'iqra',
          baseUrl: docs.baseUrl,
          businessId: docs.businessId,
          apiKey: docs.apiKey,
          pollSeconds: 1,
        },
        {
          id: 'ais',
          kind: 'iqra',
          baseUrl: server.baseUrl,
          businessId: server.businessId,
          apiKey: server.apiKey,
          flavor: 'server',
          pollSeconds: 1,
        },
        {
          id: 'cb',
          kind: 'while1',
          label: 'Callbacks',
          baseUrl: w.baseUrl,
          apiToken: w.apiToken,
          apiKey: w.apiKey,
          pollSeconds: 1,
        },
      ],
    }),
  );
  admin = await gw.userCookie('admin');
  await eventually(async () => {
    const items = await campaigns();
    return counted(items, 'ai').length === 3 &&
      counted(items, 'cb').length === 3 &&
      counted(items, 'ais').length >= 2
      ? true
      : undefined;
  }, 20_000);
}, 40_000);

afterAll(async () => {
  await gw?.close();
  await sim?.stop();
});

describe('GET /api/v1/campaigns', () => {
  it('Iqra docs: finds every campaign and its counts equal the vendor count endpoint', async () => {
    const items = counted(await campaigns(), 'ai');
    const statuses = {
      pending: 'Pending',
      in_progress: 'InProgress',
      completed: 'Completed',
      failed: 'Failed',
      cancelled: 'Cancelled',
    };
    for (const c of items) {
      expect(c.id).toBe(`ai:${c.vendorId}`);
      for (const [canonical, vendor] of Object.entries(statuses)) {
        expect(c.counts[canonical], `${c.vendorId} ${canonical}`).toBe(
          await count(docs, { filters: { status: vendor, campaignId: c.vendorId } }),
        );
      }
      expect(c.total).toBe(await count(docs, { filters: { campaignId: c.vendorId } }));
      // Less than an hour of samples: no rate, no estimate yet.
      expect(c.ratePerHour).toBeNull();
      expect(c.estimatedFinishAt).toBeNull();
    }
    expect(items.reduce((s, c) => s + c.total, 0)).toBe(await count(docs, {}));
  });

  it('Iqra server: counts by the integer statuses, ProcessedBackend split into live and ended', async () => {
    for (const c of counted(await campaigns(), 'ais')) {
      const by = (types: number[], extra: object = {}) =>
        count(server, { QueueStatusTypes: types, CampaignIds: [c.vendorId], ...extra });
      const processed = await by([4]);
      const ended = await by([4], { StartCompletedAtDate: '1970-01-01T00:00:00Z' });
      expect(c.counts).toEqual({
        pending: await by([0]),
        dialing: await by([1, 2, 3]),
        in_progress: processed - ended,
        completed: ended,
        failed: await by([5]),
        cancelled: await by([6]),
        expired: await by([7]),
      });
      expect(c.total).toBe(await count(server, { CampaignIds: [c.vendorId] }));
    }
  });

  it('While1: per-status counts agree with the entries the gateway pages through', async () => {
    for (const c of counted(await campaigns(), 'cb')) {
      expect(c.name).toBe(c.vendorId);
      for (const status of ['pending', 'in_progress', 'completed', 'cancelled', 'deleted']) {
        const url = `${API.entries}?source=cb&campaign=${encodeURIComponent(c.vendorId)}&status=${status}&pageSize=1`;
        const res = await get(url);
        expect(EntriesPage.parse(res.json()).total, `${c.name} ${status}`).toBe(c.counts[status]);
      }
    }
  });

  it('shows a scoped user only the campaigns of their sources', async () => {
    const viewer = await gw.userCookie('viewer', { sources: ['cb'], queues: null });
    const items = await campaigns(viewer);
    expect(items.length).toBe(3);
    expect(items.every((c) => c.sourceId === 'cb')).toBe(true);
    expect((await get(`${API.campaigns}?source=ai`, viewer)).statusCode).toBe(404);
  });
});

describe('GET /api/v1/campaigns/:id/history', () => {
  it('answers the stored samples, the latest equal to the current counts', async () => {
    const c = counted(await campaigns(), 'cb')[0]!;
    const res = await get(`${API.campaigns}/${encodeURIComponent(c.id)}/history`);
    expect(res.statusCode, res.body).toBe(200);
    const history = CampaignHistoryResponse.parse(res.json());
    expect(history.campaignId).toBe(c.id);
    expect(history.points.length).toBeGreaterThanOrEqual(1);
    expect(history.points.at(-1)!.counts).toEqual(c.counts);
  });

  it('404 for an unknown campaign, 400 for a backwards range', async () => {
    const missing = await get(`${API.campaigns}/ai%3Anope/history`);
    expect(missing.statusCode).toBe(404);
    expect(ErrorBody.parse(missing.json()).error.code).toBe('NOT_FOUND');
    const c = counted(await campaigns(), 'ai')[0]!;
    const backwards = await get(
      `${API.campaigns}/${encodeURIComponent(c.id)}/history?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z`,
    );
    expect(backwards.statusCode).toBe(400);
    expect(ErrorBody.parse(backwards.json()).error.fields).toHaveProperty('to');
  });
});

describe('GET /api/v1/sources', () => {
  it('reports the health of sources without live data from their campaign poll', async () => {
    const { items } = SourcesResponse.parse((await get(API.sources)).json());
    for (const id of ['ai', 'ais', 'cb']) {
      const s = items.find((x) => x.id === id)!;
      expect(s.health.status, id).toBe('ok');
      expect(s.health.lastSuccessAt).not.toBeNull();
    }
    const ai = items.find((x) => x.id === 'ai')!.health;
    expect(ai.budgetPerMinute).toBe(55);
    expect(ai.requestsLastMinute).toBeLessThanOrEqual(27);
  });
});
