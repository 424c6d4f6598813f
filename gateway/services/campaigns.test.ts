import { afterEach, describe, expect, it } from 'vitest';
import { CampaignProgress } from '@contract/campaign';
import type { Capabilities } from '@contract/source';
import type { Store } from '../store/store';
import { memoryStore } from '../test-support/memory-store';
import type { Connector, ConnectorCampaign } from '../connectors/types';
import { CampaignService } from './campaigns';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

const caps = { campaigns: true } as Capabilities;

function fakeSource(list: () => ConnectorCampaign[]): Connector {
  return {
    id: 'ai',
    kind: 'iqra',
    label: 'AI',
    capabilities: caps,
    fetchCampaigns: async () => list(),
    health: () => ({ requestsLastMinute: 0, budgetPerMinute: 55, lastLatencyMs: null }),
    close: async () => {},
  };
}

const campaign = (countedAt: number, counts: ConnectorCampaign['counts']): ConnectorCampaign => ({
  vendorId: 'c1',
  name: 'Spring renewals',
  counts,
  total: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0),
  countedAt,
});

let db: Store;
let service: CampaignService;
afterEach(async () => {
  await service?.stop();
  await db?.close();
});

describe('campaign progress', () => {
  it('has no rate or estimate until a sample an hour old exists', async () => {
    db = await memoryStore();
    service = new CampaignService(
      db.campaignHistory,
      [fakeSource(() => [campaign(T0, { pending: 10, completed: 5 })])],
      { intervalMs: () => HOUR },
    );
    await service.refresh('ai');
    const [p] = await service.progress(() => true);
    expect(CampaignProgress.parse(p)).toMatchObject({
      id: 'ai:c1',
      sourceId: 'ai',
      vendorId: 'c1',
      total: 15,
      counts: { pending: 10, completed: 5 },
      ratePerHour: null,
      estimatedFinishAt: null,
      updatedAt: new Date(T0).toISOString(),
    });
  });

  it('derives entries finished per hour over the last hour and the finish time from stored samples', async () => {
    db = await memoryStore();
    let current = campaign(T0 - HOUR, { pending: 900, completed: 100 });
    service = new CampaignService(db.campaignHistory, [fakeSource(() => [current])], {
      intervalMs: () => HOUR,
    });
    await service.refresh('ai');
    current = campaign(T0 - 30 * MINUTE, { pending: 800, completed: 200 });
    await service.refresh('ai');
    current = campaign(T0, { pending: 700, completed: 280, failed: 20 });
    await service.refresh('ai');
    const [p] = await service.progress(() => true);
    expect(p!.ratePerHour).toBe(200);
    expect(p!.estimatedFinishAt).toBe(new Date(T0 + 3.5 * HOUR).toISOString());
    expect(await service.progress((id) => id !== 'ai')).toEqual([]);
  });

  it('stores one sample per campaign and minute, and only new counts', async () => {
    db = await memoryStore();
    service = new CampaignService(db.campaignHistory, [], {});
    expect(await service.record('ai', [campaign(T0, { pending: 1 })])).toBe(1);
    expect(await service.record('ai', [campaign(T0, { pending: 1 })])).toBe(0);
    expect(await service.record('ai', [campaign(T0 + 20_000, { pending: 2 })])).toBe(1);
    expect((await service.history('ai:c1', T0 - HOUR, T0 + HOUR)).points).toEqual([
      { at: new Date(T0).toISOString(), counts: { pending: 2 } },
    ]);
  });
});

describe('campaign history', () => {
  it('answers at most 1,000 points, each a real sample, the newest included', async () => {
    db = await memoryStore();
    service = new CampaignService(db.campaignHistory, [], {});
    for (let i = 0; i < 3000; i++)
      await service.record('ai', [
        campaign(T0 - (3000 - i) * MINUTE, { pending: 3000 - i, completed: i }),
      ]);
    const { points } = await service.history('ai:c1', T0 - 3001 * MINUTE, T0);
    expect(points.length).toBeLessThanOrEqual(1000);
    expect(points.length).toBeGreaterThan(900);
    expect(points.at(-1)).toEqual({
      at: new Date(T0 - MINUTE).toISOString(),
      counts: { pending: 1, completed: 2999 },
    });
    const times = points.map((p) => Date.parse(p.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('keeps minutes for two days, 15-minute buckets to 30 days, nothing older', async () => {
    db = await memoryStore();
    service = new CampaignService(db.campaignHistory, [], {});
    for (let t = T0 - 40 * DAY; t <= T0; t += 10 * MINUTE)
      await service.record('ai', [campaign(t, { pending: 1 })]);
    await service.prune(T0);
    const rows = await db.campaignHistory.read('ai:c1', 0, T0);
    expect(rows[0]!.at).toBeGreaterThanOrEqual(T0 - 30 * DAY);
    const old = rows.filter((r) => r.at < T0 - 2 * DAY - 15 * MINUTE);
    const buckets = new Set(old.map((r) => Math.floor(r.at / (15 * MINUTE))));
    expect(buckets.size).toBe(old.length);
    expect(rows.filter((r) => r.at >= T0 - 2 * DAY).length).toBe(2 * 24 * 6 + 1);
    const before = rows.length;
    await service.prune(T0);
    expect((await db.campaignHistory.read('ai:c1', 0, T0)).length).toBe(before);
  });
});
