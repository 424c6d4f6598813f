import { afterAll, describe, expect, it } from 'vitest';
import { createCampaignWorld } from './generate';
import type { CampaignWorld } from './world';
import { Direction, Status, type EntryFilter, type EntryRow, type SortField } from './types';
import { createRng } from './random';

const T0 = Date.UTC(2025, 4, 14, 13, 0, 0);
const worlds: CampaignWorld[] = [];
function world(entries = 6000, seed = 11) {
  const clock = { now: T0 };
  const w = createCampaignWorld({ now: () => clock.now, seed, entries });
  worlds.push(w);
  return { w, clock };
}
afterAll(() => worlds.forEach((w) => w.close()));

const allRows = (w: CampaignWorld): EntryRow[] =>
  w.store.db.prepare('SELECT * FROM entries ORDER BY id').all() as EntryRow[];

describe('default world', () => {
  it('has both tenants, three Iqra campaigns, inbound routes and While1 callbacks in every state', () => {
    const { w } = world();
    const iqra = w.tenantByBusinessId(12345);
    const pbx = w.firstTenant('while1');
    expect(iqra?.name).toBe('AI outbound');
    expect(pbx?.name).toBe('Callbacks');
    const outbound = w.campaignsOf(iqra!.id, Direction.outbound);
    expect(outbound.map((c) => c.state)).toEqual(['finished', 'running', 'running']);
    expect(outbound.every((c) => /^[0-9a-f]{24}$/.test(c.externalId))).toBe(true);
    for (const c of outbound)
      expect(
        w.countEntries({ tenant: iqra!.id, direction: Direction.outbound, campaignIds: [c.id] }),
      ).toBeGreaterThan(500);
    expect(w.countEntries({ tenant: iqra!.id, direction: Direction.inbound })).toBeGreaterThan(500);
    const callbacks = { tenant: pbx!.id, direction: Direction.callback } as const;
    expect(w.countEntries({ ...callbacks, statuses: [Status.pending] })).toBeGreaterThan(50);
    expect(w.countEntries({ ...callbacks, statuses: [Status.completed] })).toBeGreaterThan(50);
    // Numbers are E.164 digits of real country codes.
    const rows = allRows(w);
    expect(rows.every((r) => /^(1[2-9]\d{9}|407\d{8})$/.test(String(r.phone)))).toBe(true);
    expect(rows.some((r) => r.status === Status.failed && r.end_type !== null)).toBe(true);
    expect(rows.some((r) => r.retry_count > 0)).toBe(true);
  });

  it('is reproducible from its seed and differs across seeds', () => {
    const a = allRows(world(3000, 5).w);
    const b = allRows(world(3000, 5).w);
    const c = allRows(world(3000, 6).w);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('ends in the same state whether ticked every second or once', () => {
    const fine = world(3000, 9);
    const coarse = world(3000, 9);
    const end = T0 + 45 * 60_000;
    for (let t = T0; t <= end; t += 1000) {
      fine.clock.now = t;
      fine.w.tick(t);
    }
    coarse.clock.now = end;
    coarse.w.tick(end);
    const a = allRows(fine.w);
    expect(allRows(coarse.w)).toEqual(a);
    // And things did happen: calls started, connected and finished in those 45 minutes.
    expect(a.filter((r) => r.updated_at > T0).length).toBeGreaterThan(20);
  });
});

describe('lifecycle', () => {
  it('takes an enqueued call through pending, dialing, in progress to a final state, with retries', () => {
    const { w, clock } = world(2000);
    const iqra = w.tenantByBusinessId(12345)!;
    const seen = new Map<number, Set<number>>();
    const ids = Array.from(
      { length: 40 },
      (_, i) =>
        w.enqueue({
          tenant: iqra.id,
          direction: Direction.outbound,
          campaignId: null,
          agentId: 1,
          numberId: 1,
          phone: 12125550100 + i,
          scheduledAt: null,
          maxRetries: 1,
        }).id,
    );
    for (let t = T0; t <= T0 + 3 * 3600_000; t += 2000) {
      clock.now = t;
      w.tick(t);
      for (const id of ids) {
        const s = seen.get(id) ?? new Set<number>();
        s.add(w.entry(id)!.status);
        seen.set(id, s);
      }
    }
    const finals = ids.map((id) => w.entry(id)!);
    expect(finals.every((r) => r.status === Status.completed || r.status === Status.failed)).toBe(
      true,
    );
    expect(finals.some((r) => r.status === Status.completed)).toBe(true);
    expect(
      [...seen.values()].some(
        (s) => s.has(Status.pending) && s.has(Status.dialing) && s.has(Status.inProgress),
      ),
    ).toBe(true);
    const retried = finals.filter((r) => r.retry_count === 1);
    expect(retried.length).toBeGreaterThan(0);
    for (const r of finals) {
      expect(r.completed_at).not.toBeNull();
      expect(r.started_at!).toBeLessThanOrEqual(r.completed_at!);
      if (r.status === Status.failed) expect([1, 2, 3, 4, 7, 10]).toContain(r.end_type);
    }
  });

  it('expires a call not started before its deadline, and respects a future schedule', () => {
    const { w, clock } = world(1000);
    const iqra = w.tenantByBusinessId(12345)!;
    const later = w.enqueue({
      tenant: iqra.id,
      direction: Direction.outbound,
      campaignId: null,
      agentId: 1,
      numberId: 1,
      phone: 12125550199,
      scheduledAt: T0 + 3600_000,
      expiresAt: T0 + 1800_000,
    });
    const soon = w.enqueue({
      tenant: iqra.id,
      direction: Direction.outbound,
      campaignId: null,
      agentId: 1,
      numberId: 1,
      phone: 12125550198,
      scheduledAt: T0 + 600_000,
    });
    clock.now = T0 + 599_000;
    w.sync();
    expect(w.entry(soon.id)!.status).toBe(Status.pending);
    clock.now = T0 + 2000_000;
    w.sync();
    expect(w.entry(later.id)!.status).toBe(Status.expired);
    expect(w.entry(soon.id)!.started_at).toBeGreaterThanOrEqual(T0 + 600_000);
  });

  it('keeps a running campaign within its dialer lines', () => {
    const { w, clock } = world(6000);
    const c2 = w.campaigns.find((c) => c.name === 'Appointment confirmations')!;
    let peak = 0;
    for (let t = T0; t <= T0 + 1800_000; t += 5000) {
      clock.now = t;
      w.tick(t);
      const counts = w.campaignCounts(c2.id);
      peak = Math.max(peak, (counts.dialing ?? 0) + (counts.inProgress ?? 0));
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(c2.concurrency);
  });

  it('charges the balance per call and refuses when it runs out', () => {
    const { w } = world(500);
    const iqra = w.tenantByBusinessId(12345)!;
    w.setBalance(iqra.id, w.callCostCents * 2);
    expect(w.charge(iqra.id, 1)).toBe(true);
    expect(w.charge(iqra.id, 2)).toBe(false);
    expect(w.balanceOf(iqra.id)).toBe(w.callCostCents);
    expect(w.charge(iqra.id, 1)).toBe(true);
    expect(w.charge(iqra.id, 1)).toBe(false);
  });
});

describe('entry queries agree with a plain SQL scan', () => {
  const { w } = world(20_000, 21);
  const iqra = w.tenantByBusinessId(12345)!;
  const rng = createRng(99);
  const col: Record<SortField, string> = {
    createdAt: 'created_at',
    updatedAt: 'updated_at',
    scheduledAt: 'scheduled_at',
  };

  /** Reference: same filter with no index hints, straight SQL. */
  function reference(
    f: EntryFilter,
    sort: SortField,
    order: 'asc' | 'desc',
    offset: number,
    limit: number,
  ): number[] {
    const where = ['tenant = ?', 'direction = ?'];
    const params: (number | string)[] = [f.tenant, f.direction];
    const inList = (c: string, v?: readonly (number | string)[]) => {
      if (v) {
        where.push(`${c} IN (${v.map(() => '?').join(',')})`);
        params.push(...v);
      }
    };
    inList('status', f.statuses);
    inList('campaign_id', f.campaignIds);
    inList('agent_id', f.agentIds);
    inList('phone', f.phones);
    const cond = (sql: string, v: number | undefined) => {
      if (v === undefined) return;
      where.push(sql);
      params.push(v);
    };
    cond('created_at >= ?', f.createdFrom);
    cond('created_at <= ?', f.createdTo);
    cond('completed_at >= ?', f.completedFrom);
    cond('scheduled_at <= ?', f.scheduledTo);
    const d = order.toUpperCase();
    const sql = `SELECT id FROM entries NOT INDEXED WHERE ${where.join(' AND ')} ORDER BY ${col[sort]} ${d}, id ${d} LIMIT ${limit} OFFSET ${offset}`;
    return (w.store.db.prepare(sql).all(...params) as { id: number }[]).map((r) => r.id);
  }

  it('for random filters, sorts and pages (and counts)', () => {
    const campaigns = w.campaignsOf(iqra.id, Direction.outbound).map((c) => c.id);
    const phones = (
      w.store.db.prepare('SELECT phone FROM entries WHERE tenant = ? LIMIT 20').all(iqra.id) as {
        phone: number;
      }[]
    ).map((r) => r.phone);
    for (let i = 0; i < 300; i += 1) {
      const f: EntryFilter = {
        tenant: iqra.id,
        direction: rng.chance(0.8) ? Direction.outbound : Direction.inbound,
      };
      if (rng.chance(0.5))
        f.statuses = [...new Set([rng.int(0, 7) as Status, rng.int(0, 7) as Status])];
      if (rng.chance(0.4)) f.campaignIds = [rng.pick(campaigns)];
      if (rng.chance(0.15)) f.agentIds = [rng.int(1, 4)];
      if (rng.chance(0.1)) f.phones = [rng.pick(phones)];
      if (rng.chance(0.2)) f.createdFrom = T0 - rng.int(1, 10) * 86_400_000;
      if (rng.chance(0.1)) f.createdTo = T0 - rng.int(0, 3) * 86_400_000;
      if (rng.chance(0.1)) f.completedFrom = T0 - rng.int(1, 5) * 86_400_000;
      if (rng.chance(0.1)) f.scheduledTo = T0 + rng.int(-3, 3) * 86_400_000;
      const sort = rng.pick<SortField>(['createdAt', 'updatedAt', 'scheduledAt']);
      const order = rng.pick<'asc' | 'desc'>(['asc', 'desc']);
      const offset = rng.pick([0, 0, 50, 400]);
      const got = w.listEntries({ filter: f, sort, order, offset, limit: 50 }).map((r) => r.id);
      expect(got, JSON.stringify({ f, sort, order, offset })).toEqual(
        reference(f, sort, order, offset, 50),
      );
      expect(w.countEntries(f), JSON.stringify(f)).toBe(
        reference(f, 'createdAt', 'asc', 0, 1e9).length,
      );
    }
  });

  it('for keyset pages in both directions', () => {
    const f: EntryFilter = {
      tenant: iqra.id,
      direction: Direction.outbound,
      statuses: [Status.completed, Status.pending],
    };
    const all = reference(f, 'createdAt', 'desc', 0, 1e9);
    const seen: number[] = [];
    let after: { createdAt: number; id: number } | null = null;
    for (let p = 0; p < 5; p += 1) {
      const rows: EntryRow[] = w.keysetEntries({ filter: f, order: 'desc', after, limit: 37 });
      seen.push(...rows.map((r) => r.id));
      const last: EntryRow = rows[rows.length - 1]!;
      after = { createdAt: last.created_at, id: last.id };
    }
    expect(seen).toEqual(all.slice(0, 5 * 37));
  });
});
