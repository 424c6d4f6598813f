import { EventHeap } from './heap';
import { didNumber, personName, phoneNumber, slug } from './people';
import { Prng, mixSeed } from './prng';
import type {
  Agent,
  AgentState,
  Caller,
  Cdr,
  Membership,
  ModelError,
  ModelResult,
  OtherCall,
  Queue,
  QueueSpec,
  SettableAgentState,
  Shift,
  TenantSpec,
} from './types';

/**
 * One tenant's call centre. The model advances in fixed 1-second ticks of simulated time: every
 * timer that falls inside a tick fires in (time, insertion) order, then waiting callers are routed.
 * Nothing depends on the wall clock, so a seed and a start time reproduce the day call for call.
 */

export interface CallCentreOptions {
  seed: number;
  spec: TenantSpec;
  /** Simulated time to start at (Unix s). The model warm-starts from local midnight before it. */
  now: number;
  /**
   * Seconds before `now` to warm-start from. Default: from local midnight (today's CDRs at once);
   * big worlds are capped so creation stays fast.
   */
  warmSeconds?: number;
  /** CDRs older than this many simulated seconds are dropped to bound memory. Default 2 days. */
  cdrRetentionSeconds?: number;
}

type Timer =
  | { t: number; seq: number; kind: 'arrival'; queue: Queue }
  | { t: number; seq: number; kind: 'abandon' | 'max_wait'; caller: Caller; epoch: number }
  | { t: number; seq: number; kind: 'ring_end' | 'call_end' | 'other_end' | 'state_end'; agent: Agent; epoch: number }
  | { t: number; seq: number; kind: 'pickup_end'; caller: Caller }
  | { t: number; seq: number; kind: 'login' | 'logout'; agent: Agent }
  | { t: number; seq: number; kind: 'aux' | 'lunch' | 'other_call'; agent: Agent; shiftNo: number };

const BIN_MINUTES = 15;
const BINS = (24 * 60) / BIN_MINUTES;
/**
 * The occupancy arrival rates aim at. Well-run centres plan 75–85 %, but these teams are small
 * (5–15 agents a queue) and lose ~12 % of a shift to breaks, so 0.72 gives an ordinary day of
 * service level mostly in the 70–90 % band with single-digit abandon, and the seeded hot hours
 * still breach.
 */
const TARGET_OCCUPANCY = 0.72;
/** Calls per hour per queue at night whatever the staffing, so a demo at 3 am still moves. */
const NIGHT_FLOOR_PER_HOUR = 4;

/**
 * Mean handle time of a queue's call as enqueueCaller draws it: a lognormal's mean is its median ×
 * e^(σ²/2), so talk (σ 0.7) averages 1.28× its median, hold (25 % of calls, median 40 s, σ 0.6)
 * 12 s, wrap-up (σ 0.35) 1.06× its median, plus ~6 s of ringing. Calibrating on a single fixed
 * AHT overloaded the long-talk queues (technical support ran at ~96 % occupancy).
 */
function expectedHandleSeconds(q: { talkMedianSeconds: number; wrapUpSeconds: number }): number {
  return q.talkMedianSeconds * Math.exp(0.49 / 2) + 0.25 * 40 * Math.exp(0.36 / 2) + q.wrapUpSeconds * Math.exp(0.35 ** 2 / 2) + 6;
}

const NOT_READY_REASONS = ['Admin work', 'Email follow-up', 'Coaching', 'Training', 'Team meeting', 'Technical issue'];
const BREAK_REASONS = ['Short break', 'Coffee break', 'Comfort break'];

/** Shift patterns (local start hour, length hours, weight): most staff cover the day peak. */
const SHIFT_PATTERNS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[6, 8], 2],
  [[7, 8], 2],
  [[8, 8.5], 4],
  [[9, 8.5], 5],
  [[10, 8], 3],
  [[12, 8], 2],
  [[14, 8], 2],
  [[16, 8], 1],
  [[22, 8], 1.2],
];

export class CallCentre {
  readonly spec: TenantSpec;
  readonly seed: number;
  readonly tenantName: string;
  readonly timezone: string;
  /** Fixed at creation: local time = UTC + offset. */
  readonly utcOffsetSeconds: number;
  readonly queues: Queue[] = [];
  readonly agents: Agent[] = [];
  readonly queueById = new Map<string, Queue>();
  readonly agentById = new Map<string, Agent>();
  readonly agentByExtension = new Map<string, Agent>();
  /** Callers from queue entry until hang-up, in arrival order. */
  readonly liveCallers = new Map<string, Caller>();
  readonly otherCalls = new Map<string, OtherCall>();
  /** Model time: the end of the last tick processed (integer Unix seconds). */
  time: number;
  /** Finished calls ordered by endedAt. */
  private cdrList: Cdr[] = [];
  private readonly cdrRetention: number;
  private readonly timers = new EventHeap<Timer>();
  private timerSeq = 0;
  private entitySeq = 0;
  private readonly world: Prng;
  private readonly rng: Prng;
  /** Per queue: arrival rate (calls/s) for each 15-minute bin of the local day. */
  private readonly rates: Float64Array[] = [];
  private readonly maxRate: number[] = [];
  private checkedCdrs = 0;
  private readonly dayStart0: number;

  constructor(opts: CallCentreOptions) {
    this.spec = opts.spec;
    this.seed = opts.seed;
    this.tenantName = opts.spec.name;
    this.timezone = opts.spec.timezone ?? 'UTC';
    this.utcOffsetSeconds = tzOffsetSeconds(this.timezone, opts.now);
    this.cdrRetention = opts.cdrRetentionSeconds ?? 2 * 86400;

    const nowInt = Math.floor(opts.now);
    const midnight = this.localMidnight(nowInt);
    const defaultWarm = this.spec.agentCount > 1500 ? Math.min(nowInt - midnight, 2 * 3600) : nowInt - midnight;
    const start = nowInt - Math.max(0, Math.floor(opts.warmSeconds ?? defaultWarm));
    this.dayStart0 = this.localMidnight(start);
    this.time = start;

    // The world (people, queues) depends on the seed only; the day's dynamics also on the date, so
    // every day differs but a rerun of the same day is identical.
    this.world = new Prng(mixSeed(opts.seed, opts.spec.key, 'world'));
    this.rng = new Prng(mixSeed(opts.seed, opts.spec.key, 'day', this.dayStart0));
    this.buildWorld();
    this.computeRates();
    this.initialiseAt(start);
    this.advanceTo(nowInt);
  }

  // ---------------------------------------------------------------- world building

  private buildWorld(): void {
    const w = this.world;
    const specs = expandQueues(this.spec.queues, this.spec.agentCount);
    specs.forEach((qs, index) => {
      const q: Queue = {
        id: w.uuid(),
        index,
        name: qs.name,
        extension: String(this.spec.queueExtensionStart + index),
        did: didNumber(w, this.spec.didCountry),
        strategy: qs.strategy,
        slaSeconds: qs.slaSeconds,
        maxWaitSeconds: qs.maxWaitSeconds,
        wrapUpSeconds: qs.wrapUpSeconds,
        ringTimeoutSeconds: qs.ringTimeoutSeconds,
        talkMedianSeconds: qs.talkMedianSeconds,
        skill: qs.skill,
        members: [],
        waiting: [],
        readyCount: 0,
        counters: { offered: 0, answered: 0, abandoned: 0, answeredWithinSla: 0 },
      };
      this.queues.push(q);
      this.queueById.set(q.id, q);
    });

    const weights = specs.map((qs, i) => [i, qs.weight] as const);
    const usedEmails = new Set<string>();
    for (let i = 0; i < this.spec.agentCount; i++) {
      const name = personName(w);
      let local = `${slug(name.first)}.${slug(name.last)}`;
      if (usedEmails.has(local)) local = `${local}${i}`;
      usedEmails.add(local);
      const primary = w.weighted(weights);
      const queueIdx = [primary];
      if (this.queues.length > 1 && w.chance(0.5)) queueIdx.push(w.int(0, this.queues.length - 1));
      if (this.queues.length > 2 && w.chance(0.2)) queueIdx.push(w.int(0, this.queues.length - 1));
      const unique = [...new Set(queueIdx)];
      const id = w.hex(32);
      const memberships: Membership[] = unique.map((qi, k) => {
        const q = this.queues[qi] as Queue;
        // A few agents are usually out of a secondary queue: realistic and exercises logged_in=false.
        const defaultLoggedIn = k === 0 || w.chance(0.85);
        return { agentId: id, queueId: q.id, skillLevel: k === 0 ? 1 : w.int(2, 3), loggedIn: false, defaultLoggedIn };
      });
      const pattern = w.weighted(SHIFT_PATTERNS);
      const startMinute = Math.round((pattern[0] * 60 + w.pick([0, 0, 0, 30])) % 1440);
      const shift: Shift = { startMinute, endMinute: startMinute + Math.round(pattern[1] * 60) };
      const languages = ['en', ...(w.chance(0.3) ? [w.pick(['es', 'fr', 'de', 'it', 'pt', 'ro', 'hi'])] : [])];
      const agent: Agent = {
        id,
        index: i,
        firstName: name.first,
        lastName: name.last,
        email: `${local}@${this.spec.emailDomain}`,
        extension: String(this.spec.agentExtensionStart + i),
        skills: [...unique.map((qi) => (this.queues[qi] as Queue).skill), ...languages],
        memberships,
        shift,
        state: 'logged_out',
        reason: null,
        stateSince: this.time,
        registered: false,
        call: null,
        pending: null,
        answeredToday: 0,
        lastOfferedAt: 0,
        epoch: 0,
        shiftNo: 0,
      };
      this.agents.push(agent);
      this.agentById.set(id, agent);
      this.agentByExtension.set(agent.extension, agent);
      for (const m of memberships) this.queueById.get(m.queueId)?.members.push(m);
    }

    // Every queue keeps someone on the evening and the night shift, so it is never unstaffed.
    for (const q of this.queues) {
      const primaries = q.members.filter((m) => (this.agentById.get(m.agentId) as Agent).memberships[0] === m);
      const cover = (startHour: number, len: number, n: number) => {
        const covered = primaries.some((m) => (this.agentById.get(m.agentId) as Agent).shift.startMinute === startHour * 60);
        if (covered) return;
        const candidates = primaries.filter((m) => {
          const s = (this.agentById.get(m.agentId) as Agent).shift.startMinute;
          return s >= 8 * 60 && s <= 10 * 60 + 30;
        });
        for (const m of candidates.slice(-n)) {
          const a = this.agentById.get(m.agentId) as Agent;
          a.shift.startMinute = startHour * 60;
          a.shift.endMinute = startHour * 60 + len * 60;
        }
      };
      cover(22, 8, 1);
      cover(14, 8, 1);
    }
  }

  private computeRates(): void {
    const load = this.spec.load ?? 1;
    for (const q of this.queues) {
      const perAgent = (TARGET_OCCUPANCY / expectedHandleSeconds(q)) * load;
      const bins = new Float64Array(BINS);
      // Slow, seeded demand waves: some hours run hot (queues build, SLA breaches), some cool.
      const hourly: number[] = [];
      for (let h = 0; h < 24; h++) hourly.push(this.world.range(0.8, 1.2) * (this.world.chance(0.12) ? 1.35 : 1));
      for (let b = 0; b < BINS; b++) {
        const minute = b * BIN_MINUTES + BIN_MINUTES / 2;
        let staffed = 0;
        for (const m of q.members) {
          const a = this.agentById.get(m.agentId) as Agent;
          if (m.defaultLoggedIn && onShift(a.shift, minute)) staffed += 1 / a.memberships.filter((x) => x.defaultLoggedIn).length;
        }
        // Agents spend ~12 % of a shift on breaks, lunch and other calls.
        const rate = staffed * 0.88 * perAgent * (hourly[Math.floor(minute / 60)] as number);
        bins[b] = Math.max(rate, NIGHT_FLOOR_PER_HOUR / 3600);
      }
      this.rates.push(bins);
      this.maxRate.push(Math.max(...bins));
    }
  }

  private initialiseAt(t: number): void {
    const minute = this.localMinute(t);
    for (const a of this.agents) {
      if (onShift(a.shift, minute)) {
        this.login(a, t);
      } else {
        this.schedule({ t: this.nextShiftStart(a, t), seq: 0, kind: 'login', agent: a });
      }
    }
    for (const q of this.queues) this.scheduleArrival(q, t);
  }

  // ---------------------------------------------------------------- time

  /** Local midnight (Unix s) of the day containing t. */
  localMidnight(t: number): number {
    const local = t + this.utcOffsetSeconds;
    return Math.floor(local / 86400) * 86400 - this.utcOffsetSeconds;
  }

  private localMinute(t: number): number {
    return (((t + this.utcOffsetSeconds) % 86400) + 86400) % 86400 / 60;
  }

  /** Steps whole ticks until model time reaches `t` (floored). Cheap when already there. */
  advanceTo(t: number, eachTick?: () => void): void {
    const target = Math.floor(t);
    while (this.time < target) {
      this.tick();
      eachTick?.();
    }
  }

  /** Steps the model by whole seconds (manual clock / tests). */
  advance(seconds: number, eachTick?: () => void): void {
    this.advanceTo(this.time + seconds, eachTick);
  }

  private tick(): void {
    const end = this.time + 1;
    for (;;) {
      const next = this.timers.peek();
      if (!next || next.t > end) break;
      this.timers.pop();
      this.fire(next);
    }
    const prevDay = this.localMidnight(this.time);
    this.time = end;
    if (this.localMidnight(end) !== prevDay) this.newDay();
    this.route(end);
  }

  private newDay(): void {
    for (const a of this.agents) a.answeredToday = 0;
    const keepFrom = this.time - this.cdrRetention;
    let drop = 0;
    while (drop < this.cdrList.length && (this.cdrList[drop] as Cdr).endedAt < keepFrom) drop++;
    if (drop > 0) {
      this.cdrList = this.cdrList.slice(drop);
      this.checkedCdrs = Math.max(0, this.checkedCdrs - drop);
    }
  }

  private schedule(timer: Timer): void {
    timer.seq = ++this.timerSeq;
    this.timers.push(timer);
  }

  // ---------------------------------------------------------------- timers

  private fire(e: Timer): void {
    switch (e.kind) {
      case 'arrival':
        this.onArrival(e.queue, e.t);
        return;
      case 'abandon':
      case 'max_wait':
        if (e.caller.status === 'waiting' && e.caller.epoch === e.epoch) {
          this.abandon(e.caller, e.t, e.kind === 'max_wait' ? 'max_wait' : 'caller_hangup');
        }
        return;
      case 'ring_end':
        if (e.agent.epoch === e.epoch && e.agent.state === 'ringing') this.onRingEnd(e.agent, e.t);
        return;
      case 'call_end':
        if (e.agent.epoch === e.epoch && e.agent.state === 'on_queue_call') this.onCallEnd(e.agent, e.t);
        return;
      case 'other_end':
        if (e.agent.epoch === e.epoch && e.agent.state === 'on_other_call') {
          const call = e.agent.call as OtherCall;
          this.otherCalls.delete(call.id);
          e.agent.call = null;
          this.afterWork(e.agent, e.t);
        }
        return;
      case 'state_end':
        if (e.agent.epoch === e.epoch) this.afterWork(e.agent, e.t);
        return;
      case 'pickup_end':
        this.finishAnswered(e.caller, e.t, 0);
        return;
      case 'login':
        if (!e.agent.registered) this.login(e.agent, e.t);
        return;
      case 'logout':
        this.onShiftEnd(e.agent, e.t);
        return;
      case 'aux':
      case 'lunch':
      case 'other_call':
        if (e.agent.shiftNo === e.shiftNo && e.agent.registered) this.onActivity(e.kind, e.agent, e.t);
        return;
    }
  }

  private onArrival(q: Queue, t: number): void {
    const rate = this.rates[q.index] as Float64Array;
    const bin = Math.floor(this.localMinute(t) / BIN_MINUTES) % BINS;
    // Thinning: candidate arrivals at the peak rate, kept with probability rate(t)/peak.
    if (this.rng.next() < (rate[bin] as number) / (this.maxRate[q.index] as number)) this.enqueueCaller(q, t);
    this.scheduleArrival(q, t);
  }

  private scheduleArrival(q: Queue, t: number): void {
    this.schedule({ t: t + this.rng.exponential(1 / (this.maxRate[q.index] as number)), seq: 0, kind: 'arrival', queue: q });
  }

  private enqueueCaller(q: Queue, t: number): void {
    const r = this.rng;
    const number = phoneNumber(r);
    const name = r.chance(0.35) ? (() => {
      const n = personName(r);
      return `${n.first} ${n.last}`;
    })() : null;
    const ivr = r.range(3, 25);
    // Patience: most callers wait a couple of minutes, a long tail hangs on, some give up at once.
    const patience = Math.min(1800, Math.max(2, r.lognormal(110, 0.9)));
    const hasHold = r.chance(0.25);
    const talk = clamp(r.lognormal(q.talkMedianSeconds, 0.7), 12, 3600);
    const caller: Caller = {
      kind: 'queue',
      id: r.uuid(),
      seq: ++this.entitySeq,
      queueId: q.id,
      number,
      name,
      startedAt: t - ivr,
      enteredAt: t,
      status: 'waiting',
      agentId: null,
      pickedUpBy: null,
      ringStartedAt: null,
      answeredAt: null,
      talkSeconds: talk,
      holdSeconds: hasHold ? clamp(r.lognormal(40, 0.6), 5, 600) : 0,
      holdOffset: talk * r.range(0.2, 0.7),
      endsAt: null,
      noAnswer: false,
      attempts: [],
      patienceAt: t + patience,
      epoch: 0,
    };
    q.waiting.push(caller);
    q.counters.offered++;
    this.liveCallers.set(caller.id, caller);
    this.scheduleWaitTimers(caller, q, t);
  }

  private scheduleWaitTimers(c: Caller, q: Queue, t: number): void {
    this.schedule({ t: Math.max(t, c.patienceAt), seq: 0, kind: 'abandon', caller: c, epoch: c.epoch });
    this.schedule({ t: Math.max(t, c.enteredAt + q.maxWaitSeconds), seq: 0, kind: 'max_wait', caller: c, epoch: c.epoch });
  }

  private abandon(c: Caller, t: number, reason: 'caller_hangup' | 'max_wait'): void {
    const q = this.queueById.get(c.queueId) as Queue;
    removeFrom(q.waiting, c);
    this.liveCallers.delete(c.id);
    // The caller is gone: the other wait timer must not fire for it.
    c.epoch++;
    q.counters.abandoned++;
    this.pushCdr({
      id: c.id,
      seq: c.seq,
      queueId: q.id,
      callerNumber: c.number,
      callerName: c.name,
      dialled: q.did,
      startedAt: c.startedAt,
      enteredAt: c.enteredAt,
      answeredAt: null,
      endedAt: t,
      waitSeconds: t - c.enteredAt,
      talkSeconds: 0,
      holdSeconds: 0,
      wrapSeconds: 0,
      disposition: 'abandoned',
      exitReason: reason,
      agentId: null,
      pickedUpBy: null,
      attempts: c.attempts.slice(),
    });
  }

  private onRingEnd(a: Agent, t: number): void {
    const c = a.call as Caller;
    const attempt = c.attempts[c.attempts.length - 1];
    const q = this.queueById.get(c.queueId) as Queue;
    if (c.noAnswer) {
      // Ring-no-answer: the caller goes back to the head of the queue; the agent is made not ready,
      // as most ACDs do so that an absent agent stops receiving calls.
      c.noAnswer = false;
      c.status = 'waiting';
      c.agentId = null;
      c.ringStartedAt = null;
      c.epoch++;
      q.waiting.unshift(c);
      a.call = null;
      this.setState(a, 'not_ready', 'Missed call', t);
      this.schedule({ t: t + clamp(this.rng.lognormal(60, 0.5), 10, 600), seq: 0, kind: 'state_end', agent: a, epoch: a.epoch });
      this.scheduleWaitTimers(c, q, t);
      return;
    }
    if (attempt) attempt.answered = true;
    c.status = 'connected';
    c.answeredAt = t;
    c.endsAt = t + c.talkSeconds + c.holdSeconds;
    c.epoch++;
    q.counters.answered++;
    if (t - c.enteredAt <= q.slaSeconds) q.counters.answeredWithinSla++;
    a.answeredToday++;
    this.setState(a, 'on_queue_call', null, t);
    a.call = c;
    this.schedule({ t: c.endsAt, seq: 0, kind: 'call_end', agent: a, epoch: a.epoch });
  }

  private onCallEnd(a: Agent, t: number): void {
    const c = a.call as Caller;
    const q = this.queueById.get(c.queueId) as Queue;
    const wrap = clamp(this.rng.lognormal(q.wrapUpSeconds, 0.35), 3, q.wrapUpSeconds * 4);
    this.finishAnswered(c, t, wrap);
    a.call = null;
    this.setState(a, 'wrap_up', null, t);
    this.schedule({ t: t + wrap, seq: 0, kind: 'state_end', agent: a, epoch: a.epoch });
  }

  private finishAnswered(c: Caller, t: number, wrap: number): void {
    const q = this.queueById.get(c.queueId) as Queue;
    const answeredAt = c.answeredAt as number;
    this.liveCallers.delete(c.id);
    this.pushCdr({
      id: c.id,
      seq: c.seq,
      queueId: q.id,
      callerNumber: c.number,
      callerName: c.name,
      dialled: q.did,
      startedAt: c.startedAt,
      enteredAt: c.enteredAt,
      answeredAt,
      endedAt: t,
      waitSeconds: answeredAt - c.enteredAt,
      talkSeconds: t - answeredAt - c.holdSeconds,
      holdSeconds: c.holdSeconds,
      wrapSeconds: wrap,
      disposition: 'answered',
      exitReason: 'answered',
      agentId: c.agentId,
      pickedUpBy: c.pickedUpBy,
      attempts: c.attempts.slice(),
    });
  }

  private pushCdr(cdr: Cdr): void {
    this.cdrList.push(cdr);
  }

  /** After wrap-up, an aux state or another call: a pending state wins, else back to ready. */
  private afterWork(a: Agent, t: number): void {
    const p = a.pending;
    a.pending = null;
    if (p) {
      this.enterSettable(a, p.state, p.reason, t, p.manual);
      return;
    }
    this.setState(a, 'ready', null, t);
  }

  private login(a: Agent, t: number): void {
    a.registered = true;
    a.shiftNo++;
    for (const m of a.memberships) m.loggedIn = m.defaultLoggedIn;
    a.pending = null;
    this.setState(a, 'ready', null, t);
    const shiftLen = (a.shift.endMinute - a.shift.startMinute) * 60;
    const minuteNow = this.localMinute(t);
    // Time left in this shift (a warm start may log an agent in mid-shift).
    let into = (minuteNow - a.shift.startMinute) * 60;
    if (into < 0) into += 86400;
    if (into > shiftLen) into = 0;
    const left = Math.max(60, shiftLen - into);
    this.schedule({ t: t + left + this.rng.range(0, 360), seq: 0, kind: 'logout', agent: a });
    if (shiftLen >= 7 * 3600 && into < shiftLen * 0.45) {
      const lunchAt = t + (shiftLen * 0.5 - into) + this.rng.range(-1800, 1800);
      this.schedule({ t: Math.max(t + 60, lunchAt), seq: 0, kind: 'lunch', agent: a, shiftNo: a.shiftNo });
    }
    this.schedule({ t: t + this.rng.exponential(70 * 60), seq: 0, kind: 'aux', agent: a, shiftNo: a.shiftNo });
    this.schedule({ t: t + this.rng.exponential(50 * 60), seq: 0, kind: 'other_call', agent: a, shiftNo: a.shiftNo });
  }

  private onShiftEnd(a: Agent, t: number): void {
    if (!a.registered) return;
    if (a.call) {
      // Finish the call first; log out right after it.
      a.pending = { state: 'logged_out', reason: null, manual: false };
      return;
    }
    this.goOffline(a, t);
  }

  private goOffline(a: Agent, t: number): void {
    a.pending = null;
    this.setState(a, 'logged_out', null, t);
    a.registered = false;
    a.shiftNo++;
    this.schedule({ t: this.nextShiftStart(a, t + 3600), seq: 0, kind: 'login', agent: a });
  }

  private nextShiftStart(a: Agent, t: number): number {
    const midnight = this.localMidnight(t);
    let start = midnight + a.shift.startMinute * 60 + this.rng.range(-300, 480);
    while (start <= t) start += 86400;
    return start;
  }

  private onActivity(kind: 'aux' | 'lunch' | 'other_call', a: Agent, t: number): void {
    const r = this.rng;
    if (kind === 'other_call') {
      if (a.state === 'ready') {
        const direction = r.weighted([
          ['outbound', 7],
          ['internal', 2],
          ['inbound', 1],
        ] as const);
        const peer = direction === 'internal' ? r.pick(this.agents) : null;
        const call: OtherCall = {
          kind: 'other',
          id: r.uuid(),
          seq: ++this.entitySeq,
          agentId: a.id,
          direction,
          remoteNumber: peer ? peer.extension : phoneNumber(r),
          remoteName: peer ? `${peer.firstName} ${peer.lastName}` : null,
          startedAt: t,
          endsAt: t + clamp(r.lognormal(120, 0.8), 10, 2400),
        };
        this.setState(a, 'on_other_call', null, t);
        a.call = call;
        this.otherCalls.set(call.id, call);
        this.schedule({ t: call.endsAt, seq: 0, kind: 'other_end', agent: a, epoch: a.epoch });
      }
      this.schedule({ t: t + r.exponential(50 * 60), seq: 0, kind: 'other_call', agent: a, shiftNo: a.shiftNo });
      return;
    }
    let state: SettableAgentState;
    let reason: string;
    if (kind === 'lunch') {
      state = 'lunch';
      reason = 'Lunch';
    } else if (r.chance(0.45)) {
      state = 'break';
      reason = r.pick(BREAK_REASONS);
    } else {
      state = 'not_ready';
      reason = r.pick(NOT_READY_REASONS);
    }
    if (kind === 'aux') this.schedule({ t: t + r.exponential(70 * 60), seq: 0, kind: 'aux', agent: a, shiftNo: a.shiftNo });
    if (a.state === 'ready') {
      this.enterSettable(a, state, reason, t, false);
    } else if (a.call || a.state === 'wrap_up') {
      if (!a.pending) a.pending = { state, reason, manual: false };
    } else if (kind === 'lunch' && a.state !== 'logged_out') {
      // Already in an aux state: try lunch again a bit later.
      this.schedule({ t: t + 300, seq: 0, kind: 'lunch', agent: a, shiftNo: a.shiftNo });
    }
  }

  /** Enters a settable state now; automatic ones get a duration, manual ones last until changed. */
  private enterSettable(a: Agent, state: SettableAgentState, reason: string | null, t: number, manual: boolean): void {
    const r = this.rng;
    switch (state) {
      case 'logged_out':
        if (!manual) {
          this.goOffline(a, t);
          return;
        }
        this.setState(a, 'logged_out', null, t);
        return;
      case 'ready':
        this.setState(a, 'ready', null, t);
        return;
      case 'wrap_up': {
        this.setState(a, 'wrap_up', null, t);
        const q = this.queueById.get(a.memberships[0]?.queueId ?? '');
        this.schedule({ t: t + (q?.wrapUpSeconds ?? 30), seq: 0, kind: 'state_end', agent: a, epoch: a.epoch });
        return;
      }
      case 'not_ready':
      case 'break':
      case 'lunch': {
        this.setState(a, state, reason ?? defaultReason(state), t);
        if (!manual) {
          const dur =
            state === 'lunch'
              ? r.range(30, 45) * 60
              : state === 'break'
                ? clamp(r.lognormal(600, 0.3), 180, 1800)
                : clamp(r.lognormal(300, 0.6), 60, 2400);
          this.schedule({ t: t + dur, seq: 0, kind: 'state_end', agent: a, epoch: a.epoch });
        }
        return;
      }
    }
  }

  private setState(a: Agent, state: AgentState, reason: string | null, t: number): void {
    const wasReady = a.state === 'ready';
    const isReady = state === 'ready';
    if (wasReady !== isReady) {
      const delta = isReady ? 1 : -1;
      for (const m of a.memberships) {
        if (m.loggedIn) (this.queueById.get(m.queueId) as Queue).readyCount += delta;
      }
    }
    a.state = state;
    a.reason = reason;
    a.stateSince = t;
    a.epoch++;
  }

  // ---------------------------------------------------------------- routing

  private route(t: number): void {
    for (const q of this.queues) {
      while (q.waiting.length > 0 && q.readyCount > 0) {
        const agent = this.selectAgent(q);
        if (!agent) break;
        const c = q.waiting.shift() as Caller;
        this.offer(c, agent, q, t);
      }
    }
  }

  private selectAgent(q: Queue): Agent | null {
    let best: Agent | null = null;
    let bestKey = Infinity;
    let count = 0;
    for (const m of q.members) {
      if (!m.loggedIn) continue;
      const a = this.agentById.get(m.agentId) as Agent;
      if (a.state !== 'ready') continue;
      count++;
      let key: number;
      switch (q.strategy) {
        case 'ring_all':
          // Whoever picks up first: random among the ringing phones (reservoir sampling).
          if (this.rng.next() * count < 1) best = a;
          continue;
        case 'longest_idle':
          key = a.stateSince;
          break;
        case 'round_robin':
          key = a.lastOfferedAt;
          break;
        case 'least_worked':
          key = a.answeredToday * 1e11 + a.stateSince;
          break;
        case 'skills':
          key = m.skillLevel * 1e11 + a.stateSince;
          break;
      }
      if (key < bestKey) {
        bestKey = key;
        best = a;
      }
    }
    return best;
  }

  private offer(c: Caller, a: Agent, q: Queue, t: number): void {
    c.status = 'ringing';
    c.agentId = a.id;
    c.ringStartedAt = t;
    c.epoch++;
    c.attempts.push({ agentId: a.id, at: t, answered: false });
    const rona = this.rng.chance(0.03);
    c.noAnswer = rona;
    const ring = rona ? q.ringTimeoutSeconds : clamp(this.rng.lognormal(4.5, 0.4), 1, q.ringTimeoutSeconds - 0.5);
    a.lastOfferedAt = t;
    this.setState(a, 'ringing', null, t);
    a.call = c;
    this.schedule({ t: t + ring, seq: 0, kind: 'ring_end', agent: a, epoch: a.epoch });
  }

  // ---------------------------------------------------------------- public API

  /** Finished calls with endedAt in [from, to), oldest first. */
  cdrs(from = -Infinity, to = Infinity): Cdr[] {
    const list = this.cdrList;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as Cdr).endedAt < from) lo = mid + 1;
      else hi = mid;
    }
    const out: Cdr[] = [];
    for (let i = lo; i < list.length; i++) {
      const c = list[i] as Cdr;
      if (c.endedAt >= to) break;
      out.push(c);
    }
    return out;
  }

  /**
   * Finished calls whose call start (startedAt) lies in [from, to), ordered by (startedAt, id).
   * Vendors report by call start; CDRs are stored by end, and start ≤ end bounds the scan.
   */
  cdrsByStart(from: number, to: number): Cdr[] {
    const out = this.cdrs(from, Infinity).filter((c) => c.startedAt >= from && c.startedAt < to);
    out.sort((x, y) => x.startedAt - y.startedAt || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    return out;
  }

  get cdrCount(): number {
    return this.cdrList.length;
  }

  waitingCallers(queueId?: string): Caller[] {
    if (queueId !== undefined) return [...(this.queueById.get(queueId)?.waiting ?? [])];
    return this.queues.flatMap((q) => q.waiting);
  }

  /** Queue calls ringing or connected (including supervisor pickups). */
  queueCalls(queueId?: string): Caller[] {
    const out: Caller[] = [];
    for (const c of this.liveCallers.values()) {
      if (c.status !== 'waiting' && (queueId === undefined || c.queueId === queueId)) out.push(c);
    }
    return out;
  }

  /** Whether a connected caller is on hold at model time. */
  isOnHold(c: Caller, t = this.time): boolean {
    if (c.status !== 'connected' || c.answeredAt === null || c.holdSeconds === 0) return false;
    const from = c.answeredAt + c.holdOffset;
    return t >= from && t < from + c.holdSeconds;
  }

  agentQueueLogin(agentId: string, queueId: string, loggedIn: boolean): ModelResult {
    const a = this.agentById.get(agentId);
    if (!a) return fail('unknown_agent');
    if (!this.queueById.has(queueId)) return fail('unknown_queue');
    const m = a.memberships.find((x) => x.queueId === queueId);
    if (!m) return fail('not_member');
    if (m.loggedIn !== loggedIn) {
      m.loggedIn = loggedIn;
      if (a.state === 'ready') (this.queueById.get(queueId) as Queue).readyCount += loggedIn ? 1 : -1;
    }
    // Logging a registered, logged-out agent into a queue makes them available, as ACD phones do.
    if (loggedIn && a.registered && a.state === 'logged_out') this.setState(a, 'ready', null, this.time);
    this.route(this.time);
    return { ok: true, value: undefined };
  }

  /**
   * Changes an agent's state as a supervisor or the agent would. On a call the change is queued
   * and applied when the call (and its wrap-up) ends; `value.pending` says so.
   * Manual aux states last until changed again (or shift end).
   */
  setAgentState(agentId: string, state: SettableAgentState, reason?: string | null): ModelResult<{ pending: boolean }> {
    const a = this.agentById.get(agentId);
    if (!a) return fail('unknown_agent');
    if (!['ready', 'not_ready', 'break', 'lunch', 'wrap_up', 'logged_out'].includes(state)) return fail('invalid_state');
    if (!a.registered && state !== 'logged_out') return fail('agent_offline');
    if (a.call) {
      a.pending = { state, reason: reason ?? null, manual: true };
      return { ok: true, value: { pending: true } };
    }
    a.pending = null;
    this.enterSettable(a, state, reason ?? null, this.time, true);
    // A newly ready agent takes a waiting caller at once, as between ticks routing has not run.
    this.route(this.time);
    return { ok: true, value: { pending: false } };
  }

  /** The supervisor answers a waiting caller on their own extension. */
  pickup(queueId: string, callerId: string, by = 'supervisor'): ModelResult<Caller> {
    const q = this.queueById.get(queueId);
    if (!q) return fail('unknown_queue');
    const c = q.waiting.find((x) => x.id === callerId);
    if (!c) return fail('unknown_caller');
    const t = this.time;
    removeFrom(q.waiting, c);
    c.status = 'connected';
    c.pickedUpBy = by;
    c.answeredAt = t;
    c.endsAt = t + c.talkSeconds + c.holdSeconds;
    c.epoch++;
    q.counters.answered++;
    if (t - c.enteredAt <= q.slaSeconds) q.counters.answeredWithinSla++;
    this.schedule({ t: c.endsAt, seq: 0, kind: 'pickup_end', caller: c });
    return { ok: true, value: c };
  }

  /** Throws when the model is inconsistent. Cheap enough to call every tick in tests. */
  assertInvariants(): void {
    const t = this.time;
    const fail = (msg: string): never => {
      throw new Error(`invariant (${this.spec.key} @${t}): ${msg}`);
    };
    const callsPerAgent = new Map<string, number>();
    for (const c of this.liveCallers.values()) {
      if (c.enteredAt > t) fail(`caller ${c.id} entered in the future`);
      if (c.status === 'waiting') {
        if (c.agentId !== null) fail(`waiting caller ${c.id} has an agent`);
      } else if (c.agentId !== null) {
        callsPerAgent.set(c.agentId, (callsPerAgent.get(c.agentId) ?? 0) + 1);
        const a = this.agentById.get(c.agentId);
        if (!a || a.call !== c) fail(`caller ${c.id} not held by its agent`);
        const expected = c.status === 'ringing' ? 'ringing' : 'on_queue_call';
        if (a?.state !== expected) fail(`agent of ${c.status} caller ${c.id} is ${a?.state}`);
      } else if (c.status !== 'connected' || c.pickedUpBy === null) {
        fail(`caller ${c.id} ${c.status} without agent`);
      }
      if (c.answeredAt !== null && c.answeredAt < c.enteredAt) fail(`caller ${c.id} answered before entering`);
    }
    for (const o of this.otherCalls.values()) {
      callsPerAgent.set(o.agentId, (callsPerAgent.get(o.agentId) ?? 0) + 1);
      const a = this.agentById.get(o.agentId);
      if (a?.call !== o || a.state !== 'on_other_call') fail(`other call ${o.id} not held by its agent`);
    }
    for (const [id, n] of callsPerAgent) if (n > 1) fail(`agent ${id} has ${n} calls`);
    for (const a of this.agents) {
      const busy = a.state === 'ringing' || a.state === 'on_queue_call' || a.state === 'on_other_call';
      if (busy !== (a.call !== null)) fail(`agent ${a.id} state ${a.state} with call=${a.call !== null}`);
      if (a.call && (callsPerAgent.get(a.id) ?? 0) !== 1) fail(`agent ${a.id} call not live`);
      if (!a.registered && a.state !== 'logged_out') fail(`unregistered agent ${a.id} is ${a.state}`);
      if (a.stateSince > t) fail(`agent ${a.id} state starts in the future`);
    }
    let offered = 0;
    for (const q of this.queues) {
      let waiting = 0;
      let inService = 0;
      let answeredLive = 0;
      for (const c of this.liveCallers.values()) {
        if (c.queueId !== q.id) continue;
        if (c.status === 'waiting') waiting++;
        else inService++;
        if (c.status === 'connected') answeredLive++;
      }
      if (waiting !== q.waiting.length) fail(`queue ${q.name}: waiting list ${q.waiting.length} vs ${waiting} waiting callers`);
      for (const c of q.waiting) if (c.status !== 'waiting' || c.queueId !== q.id) fail(`queue ${q.name} lists a non-waiting caller`);
      let ready = 0;
      for (const m of q.members) if (m.loggedIn && (this.agentById.get(m.agentId) as Agent).state === 'ready') ready++;
      if (ready !== q.readyCount) fail(`queue ${q.name}: readyCount ${q.readyCount} vs ${ready}`);
      const ringing = inService - answeredLive;
      const k = q.counters;
      if (k.offered !== k.answered + k.abandoned + waiting + ringing) {
        fail(`queue ${q.name}: offered ${k.offered} != answered ${k.answered} + abandoned ${k.abandoned} + waiting ${waiting} + ringing ${ringing}`);
      }
      offered += k.offered;
      if (ready > 0 && waiting > 0) fail(`queue ${q.name}: ${waiting} waiting while ${ready} agents ready after routing`);
    }
    if (offered < 0) fail('negative offered');
    // Only new CDRs are checked each time, so per-tick checking stays linear overall.
    let prevEnd = this.checkedCdrs > 0 ? (this.cdrList[this.checkedCdrs - 1] as Cdr).endedAt : -Infinity;
    for (let i = this.checkedCdrs; i < this.cdrList.length; i++) {
      const c = this.cdrList[i] as Cdr;
      const eps = 1e-6;
      if (!(c.startedAt <= c.enteredAt)) fail(`cdr ${c.id}: started after entered`);
      if (c.answeredAt !== null && !(c.enteredAt <= c.answeredAt && c.answeredAt <= c.endedAt)) fail(`cdr ${c.id}: answered out of order`);
      if (!(c.enteredAt <= c.endedAt)) fail(`cdr ${c.id}: ended before entered`);
      if (c.endedAt > t) fail(`cdr ${c.id}: ends in the future`);
      if (c.endedAt < prevEnd) fail(`cdr ${c.id}: CDR list not ordered by end`);
      prevEnd = c.endedAt;
      const waitEnd = c.answeredAt ?? c.endedAt;
      if (Math.abs(c.waitSeconds - (waitEnd - c.enteredAt)) > eps) fail(`cdr ${c.id}: wait mismatch`);
      if (c.answeredAt !== null && Math.abs(c.talkSeconds + c.holdSeconds - (c.endedAt - c.answeredAt)) > eps) fail(`cdr ${c.id}: talk+hold mismatch`);
      if (c.talkSeconds < 0 || c.holdSeconds < 0 || c.wrapSeconds < 0 || c.waitSeconds < 0) fail(`cdr ${c.id}: negative duration`);
      if (c.disposition === 'answered' && c.answeredAt === null) fail(`cdr ${c.id}: answered without answer time`);
      if (c.disposition === 'abandoned' && (c.answeredAt !== null || c.agentId !== null)) fail(`cdr ${c.id}: abandoned yet answered`);
      if (c.disposition === 'answered' && (c.agentId === null) === (c.pickedUpBy === null)) fail(`cdr ${c.id}: needs exactly one answerer`);
      for (const at of c.attempts) if (at.at < c.enteredAt || at.at > c.endedAt) fail(`cdr ${c.id}: ring attempt outside the call`);
    }
    this.checkedCdrs = this.cdrList.length;
  }
}

// ------------------------------------------------------------------ helpers

function fail(error: ModelError): { ok: false; error: ModelError } {
  return { ok: false, error };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function removeFrom<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

function defaultReason(state: 'not_ready' | 'break' | 'lunch'): string {
  return state === 'lunch' ? 'Lunch' : state === 'break' ? 'Break' : 'Not ready';
}

function onShift(shift: Shift, minute: number): boolean {
  const { startMinute: s, endMinute: e } = shift;
  return (minute >= s && minute < e) || (minute + 1440 >= s && minute + 1440 < e);
}

/** Adds generated queues when a big world needs more than the spec lists (about 50 agents each). */
const EXTRA_QUEUE_NAMES = [
  'Retentions', 'Claims', 'Priority support', 'Onboarding', 'Returns', 'Collections', 'Partner desk',
  'Escalations', 'Account changes', 'Renewals', 'Enterprise', 'Field service',
];

export function expandQueues(queues: QueueSpec[], agentCount: number): QueueSpec[] {
  const wanted = Math.max(queues.length, Math.ceil(agentCount / 50));
  const out = [...queues];
  for (let i = queues.length; i < wanted; i++) {
    const base = queues[i % queues.length] as QueueSpec;
    const k = i - queues.length;
    const name = EXTRA_QUEUE_NAMES[k % EXTRA_QUEUE_NAMES.length] as string;
    const round = Math.floor(k / EXTRA_QUEUE_NAMES.length);
    out.push({ ...base, name: round === 0 ? name : `${name} ${round + 1}`, skill: slug(name) });
  }
  return out;
}

/** Offset of an IANA zone from UTC at instant t, in seconds. */
export function tzOffsetSeconds(timezone: string, t: number): number {
  if (timezone === 'UTC' || timezone === 'Etc/UTC') return 0;
  const dtf = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts: Record<string, string> = {};
  for (const p of dtf.formatToParts(new Date(Math.floor(t) * 1000))) parts[p.type] = p.value;
  const asUtc = Date.UTC(+(parts.year ?? 0), +(parts.month ?? 1) - 1, +(parts.day ?? 1), +(parts.hour ?? 0), +(parts.minute ?? 0), +(parts.second ?? 0));
  return Math.round((asUtc - Math.floor(t) * 1000) / 1000);
}
