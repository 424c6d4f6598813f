import { describe, expect, it } from 'vitest';
import { CallCentre } from './call-centre';
import { createClock } from './clock';
import { SALES_TENANT, SUPPORT_TENANT, scaleTenant } from './world';
import type { Agent, Cdr } from './types';

// A fixed Wednesday, local midnight UTC: every run of these tests simulates the same day.
const MIDNIGHT = Date.UTC(2025, 4, 14) / 1000;

function coldModel(seed: number, spec = SUPPORT_TENANT): CallCentre {
  return new CallCentre({ seed, spec, now: MIDNIGHT, warmSeconds: 0 });
}

describe('call centre model', () => {
  it('keeps its invariants at every tick over 24 simulated hours (both default tenants)', () => {
    for (const spec of [SUPPORT_TENANT, SALES_TENANT]) {
      const m = coldModel(7, spec);
      let maxWaiting = 0;
      m.advance(86400, () => {
        m.assertInvariants();
        for (const q of m.queues) maxWaiting = Math.max(maxWaiting, q.waiting.length);
      });
      const cdrs = m.cdrs();
      expect(cdrs.length).toBeGreaterThan(500);
      // Queues do build up at some point: otherwise the dashboard would have nothing to show.
      expect(maxWaiting).toBeGreaterThan(0);
      const answered = cdrs.filter((c) => c.disposition === 'answered');
      const abandonRate = 1 - answered.length / cdrs.length;
      expect(abandonRate).toBeGreaterThan(0.01);
      expect(abandonRate).toBeLessThan(0.3);
    }
  });

  it('property: invariants hold for many seeds and a big world at high speed', () => {
    for (let seed = 100; seed < 106; seed++) {
      const m = coldModel(seed, seed % 2 ? SALES_TENANT : SUPPORT_TENANT);
      // Check every 60 s here (cheaper), yet over a whole day.
      let n = 0;
      m.advance(86400, () => {
        if (++n % 60 === 0) m.assertInvariants();
      });
      m.assertInvariants();
    }
    const big = new CallCentre({ seed: 3, spec: scaleTenant(SUPPORT_TENANT, 1500), now: MIDNIGHT + 10 * 3600, warmSeconds: 1800 });
    let n = 0;
    big.advance(1800, () => {
      if (++n % 30 === 0) big.assertInvariants();
    });
    expect(big.agents.length).toBeGreaterThan(900);
  });

  it('the same seed gives the same day call for call; another seed does not', () => {
    const run = (seed: number) => {
      const m = coldModel(seed);
      m.advance(6 * 3600);
      return JSON.stringify(m.cdrs());
    };
    const a = run(11);
    expect(run(11)).toBe(a);
    expect(run(12)).not.toBe(a);
  });

  it('warm start reaches now with live state and today’s CDRs in under 2 s', () => {
    const t0 = performance.now();
    const now = MIDNIGHT + 23.5 * 3600;
    const support = new CallCentre({ seed: 42, spec: SUPPORT_TENANT, now });
    const sales = new CallCentre({ seed: 42, spec: SALES_TENANT, now });
    expect(performance.now() - t0).toBeLessThan(2000);
    for (const m of [support, sales]) {
      expect(m.time).toBe(Math.floor(now));
      expect(m.cdrs(MIDNIGHT, now).length).toBeGreaterThan(300);
      expect(m.agents.some((a) => a.state !== 'logged_out')).toBe(true);
      m.assertInvariants();
    }
  });

  it('follows a time-of-day profile with a night floor', () => {
    const m = coldModel(5);
    m.advance(86400);
    const perHour = new Array<number>(24).fill(0);
    for (const c of m.cdrs()) perHour[new Date(c.enteredAt * 1000).getUTCHours()]! += 1;
    expect(perHour[11]!).toBeGreaterThan(3 * perHour[3]!);
    for (const h of [1, 3, 5]) expect(perHour[h]!).toBeGreaterThan(0);
  });

  it('CDRs are complete and ordered', () => {
    const m = coldModel(9);
    m.advance(12 * 3600);
    const cdrs = m.cdrs();
    for (const c of cdrs) {
      expect(c.startedAt).toBeLessThanOrEqual(c.enteredAt);
      if (c.answeredAt !== null) {
        expect(c.answeredAt).toBeGreaterThanOrEqual(c.enteredAt);
        expect(c.endedAt).toBeGreaterThanOrEqual(c.answeredAt);
        expect(c.agentId ?? c.pickedUpBy).not.toBeNull();
        expect(c.wrapSeconds).toBeGreaterThan(0);
      } else {
        expect(c.disposition).toBe('abandoned');
      }
    }
    const from = MIDNIGHT + 3 * 3600;
    const to = MIDNIGHT + 4 * 3600;
    const byStart = m.cdrsByStart(from, to);
    expect(byStart.length).toBeGreaterThan(0);
    expect(byStart.every((c) => c.startedAt >= from && c.startedAt < to)).toBe(true);
    const sorted = [...byStart].sort((x, y) => x.startedAt - y.startedAt);
    expect(byStart.map((c) => c.id)).toEqual(sorted.map((c) => c.id));
  });

  it('an agent on BREAK gets no calls and a queue logout takes them out of routing', () => {
    const m = coldModel(21);
    m.advance(10 * 3600); // mid-morning: busy
    const onShift = m.agents.filter((a) => a.registered);
    const onBreak = onShift[0] as Agent;
    const loggedOut = onShift[1] as Agent;
    const r = m.setAgentState(onBreak.id, 'break', 'Coffee');
    expect(r.ok).toBe(true);
    for (const mem of loggedOut.memberships) expect(m.agentQueueLogin(loggedOut.id, mem.queueId, false).ok).toBe(true);
    // Let any call already in progress finish; pending states then apply.
    m.advance(3600);
    expect(onBreak.state).toBe('break');
    expect(onBreak.reason).toBe('Coffee');
    const since = m.time;
    m.advance(1800, () => {
      expect(onBreak.call).toBeNull();
      const c = loggedOut.call;
      if (c && c.kind === 'queue' && c.enteredAt >= since) throw new Error('logged-out agent got a queue call');
    });
    const startNew = m.cdrs(since).filter((c: Cdr) => c.enteredAt >= since);
    expect(startNew.some((c) => c.attempts.some((a) => a.agentId === onBreak.id || a.agentId === loggedOut.id))).toBe(false);
    expect(m.setAgentState(onBreak.id, 'ready').ok).toBe(true);
    expect(onBreak.state === 'ready' || onBreak.state === 'ringing').toBe(true);
    m.assertInvariants();
  });

  it('rejects unknown ids and queues a state change requested mid-call', () => {
    const m = coldModel(22);
    m.advance(11 * 3600);
    expect(m.setAgentState('nope', 'ready')).toEqual({ ok: false, error: 'unknown_agent' });
    const a = m.agents[0] as Agent;
    expect(m.agentQueueLogin(a.id, 'nope', true)).toEqual({ ok: false, error: 'unknown_queue' });
    const foreign = m.queues.find((q) => !a.memberships.some((x) => x.queueId === q.id));
    if (foreign) expect(m.agentQueueLogin(a.id, foreign.id, true)).toEqual({ ok: false, error: 'not_member' });
    const busy = m.agents.find((x) => x.state === 'on_queue_call') as Agent;
    expect(busy).toBeDefined();
    const r = m.setAgentState(busy.id, 'lunch');
    expect(r).toEqual({ ok: true, value: { pending: true } });
    expect(busy.state).toBe('on_queue_call');
    let sawLunch = false;
    m.advance(2 * 3600, () => {
      if (busy.state === 'lunch') sawLunch = true;
    });
    expect(sawLunch).toBe(true);
  });

  it('pickup answers a waiting caller as the supervisor', () => {
    const m = coldModel(23);
    // Find a moment with someone waiting.
    let found = false;
    m.advance(86400, () => {
      if (found) return;
      const c = m.waitingCallers()[0];
      if (!c) return;
      found = true;
      const r = m.pickup(c.queueId, c.id);
      expect(r.ok).toBe(true);
      expect(m.waitingCallers().includes(c)).toBe(false);
      expect(c.status).toBe('connected');
      expect(m.pickup(c.queueId, c.id)).toEqual({ ok: false, error: 'unknown_caller' });
      m.assertInvariants();
    });
    expect(found).toBe(true);
    const picked = m.cdrs().filter((c) => c.pickedUpBy === 'supervisor');
    expect(picked).toHaveLength(1);
    expect(picked[0]?.disposition).toBe('answered');
  });

  it('manual clock only moves on advance; real clock follows the wall clock × speed', () => {
    const manual = createClock({ mode: 'manual', startAt: 1000 });
    expect(manual.now()).toBe(1000);
    manual.advance(30);
    expect(manual.now()).toBe(1030);
    let wall = 5_000_000;
    const real = createClock({ mode: 'real', speed: 60, startAt: 1000, wallNow: () => wall });
    wall += 2000;
    expect(real.now()).toBe(1120);
    expect(() => real.advance(1)).toThrow();
  });
});
