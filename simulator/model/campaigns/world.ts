/**
 * The campaign world: tenants, agents, calling numbers, campaigns/routes and their queue entries,
 * advanced by `tick(nowMs)` as a discrete-event simulation.
 *
 * Events are processed in time order (connect, end, scheduled start, expiry, inbound arrival), and
 * a campaign's dialer takes its next due entry at the exact moment a line is free, so timestamps
 * are not quantised to the tick interval and a world ticked every second ends in the same state as
 * one ticked once an hour.
 */
import { arrivalsInSlot, localOffsetHours, SLOT_MS } from './arrivals';
import { EventHeap, type WorldEvent } from './event-heap';
import { objectId, parseObjectId } from './ids';
import { beginAttempt, endAttempt, planAttempt, type AttemptPlan } from './lifecycle';
import { contactName } from './people';
import { hashUnit, unitToInt } from './random';
import { EntryStore } from './store';
import {
  Status,
  type Agent,
  type Direction,
  type CallingNumber,
  type Campaign,
  type EntryExtra,
  type EntryFilter,
  type EntryKeysetQuery,
  type EntryPageQuery,
  type EntryRow,
  type Tenant,
  type Vendor,
} from './types';

export interface CampaignWorldOptions {
  /** The shared (virtual) clock, epoch ms. */
  now: () => number;
  seed?: number;
  /** Cost of one queued call, charged on Iqra initiate. Default 25 cents. */
  callCostCents?: number;
}

export interface NewEntryInput {
  tenant: number;
  direction: Direction;
  campaignId: number | null;
  agentId: number | null;
  numberId: number | null;
  /** E.164 digits. */
  phone: number;
  /** Null: as soon as possible. */
  scheduledAt: number | null;
  /** Give up (status expired) when not started by then. */
  expiresAt?: number | null;
  maxRetries?: number;
  externalId?: string | null;
  extra?: EntryExtra | null;
}

/** Counters the gateway's tests read to prove how many vendor calls were made. */
export interface WorldCounters {
  /** Every POST to Iqra's call/initiate, accepted or not. */
  iqraInitiateRequests: number;
  /** Queue entries created by Iqra initiate. */
  iqraCallsQueued: number;
  /** Every While1 `action=save` request, accepted or not. */
  while1SaveRequests: number;
  while1CallsSaved: number;
}

interface LiveAttempt {
  plan: AttemptPlan;
  /** Campaign whose dialer line this attempt occupies, if any. */
  line: number | null;
}

const ENTRY_MACHINE_SALT = 0x51a7e;
const OBJECT_MACHINE_SALT = 0xca4e;

export class CampaignWorld {
  readonly seed: number;
  readonly store = new EntryStore();
  readonly tenants: Tenant[] = [];
  readonly agents: Agent[] = [];
  readonly numbers: CallingNumber[] = [];
  readonly campaigns: Campaign[] = [];
  readonly counters: WorldCounters = {
    iqraInitiateRequests: 0,
    iqraCallsQueued: 0,
    while1SaveRequests: 0,
    while1CallsSaved: 0,
  };
  readonly callCostCents: number;
  /** Bytes 5-8 of every entry ObjectId: identify this world's ids. */
  readonly entryMachine: number;
  private readonly objectMachine: number;
  private readonly nowFn: () => number;
  private readonly heap = new EventHeap();
  private readonly live = new Map<number, LiveAttempt>();
  private readonly linesBusy = new Map<number, number>();
  private readonly dueCache = new Map<number, { id: number; due: number } | null>();
  /** Next arrival slot not yet turned into events, per arrival-driven campaign. */
  private readonly nextSlot = new Map<number, number>();
  private clock: number;

  constructor(opts: CampaignWorldOptions) {
    this.nowFn = opts.now;
    this.seed = (opts.seed ?? 1) >>> 0;
    this.callCostCents = opts.callCostCents ?? 25;
    this.entryMachine = Math.floor(hashUnit(this.seed, ENTRY_MACHINE_SALT) * 0xffffffff) >>> 0;
    this.objectMachine = Math.floor(hashUnit(this.seed, OBJECT_MACHINE_SALT) * 0xffffffff) >>> 0;
    this.clock = opts.now();
  }

  now(): number {
    return this.nowFn();
  }

  /** Time up to which events have been processed. */
  get processedUntil(): number {
    return this.clock;
  }

  // ---------------------------------------------------------------- set-up

  addTenant(t: Omit<Tenant, 'id'>): Tenant {
    const tenant: Tenant = { ...t, id: this.tenants.length + 1 };
    this.tenants.push(tenant);
    return tenant;
  }

  addAgent(a: Omit<Agent, 'id' | 'externalId'> & { externalId?: string }): Agent {
    const id = this.agents.length + 1;
    const agent: Agent = { ...a, id, externalId: a.externalId ?? this.objectIdFor(id + 1_000) };
    this.agents.push(agent);
    return agent;
  }

  addNumber(n: Omit<CallingNumber, 'id' | 'externalId'> & { externalId?: string }): CallingNumber {
    const id = this.numbers.length + 1;
    const number: CallingNumber = {
      ...n,
      id,
      externalId: n.externalId ?? this.objectIdFor(id + 2_000),
    };
    this.numbers.push(number);
    return number;
  }

  addCampaign(c: Omit<Campaign, 'id' | 'externalId'> & { externalId?: string }): Campaign {
    const id = this.campaigns.length + 1;
    const campaign: Campaign = {
      ...c,
      id,
      externalId: c.externalId ?? this.objectIdFor(id + 3_000, c.createdAt),
    };
    this.campaigns.push(campaign);
    if (campaign.arrivalsPerMinute > 0) this.nextSlot.set(id, Math.floor(this.clock / SLOT_MS));
    return campaign;
  }

  /**
   * Loads generated history in bulk (then builds indexes), and registers the attempts that are
   * live at the world's start. Used once by the generator.
   */
  loadHistory(
    rows: Iterable<EntryRow>,
    liveAtStart: { id: number; plan: AttemptPlan; line: number | null }[],
  ): void {
    this.store.bulkInsert(rows);
    this.store.createIndexes();
    for (const l of liveAtStart) this.track(l.id, l.plan, l.line);
  }

  /** Arrivals before this slot were generated as history. */
  setArrivalsFrom(campaignId: number, slot: number): void {
    this.nextSlot.set(campaignId, slot);
  }

  /** Queues an arrival-slot event that lies after the world's start (the tail of the current slot). */
  scheduleArrival(campaignId: number, at: number): void {
    this.heap.push({ at, tie: campaignId, kind: 'arrive', campaign: campaignId });
  }

  /** Times the start of a queued campaign-less or route entry (history that is still queued). */
  scheduleStart(id: number, at: number): void {
    this.heap.push({ at, tie: id, kind: 'start', id });
  }

  // ---------------------------------------------------------------- lookups

  tenant(id: number): Tenant | undefined {
    return this.tenants[id - 1];
  }

  tenantByBusinessId(businessId: number): Tenant | undefined {
    return this.tenants.find((t) => t.vendor === 'iqra' && t.businessId === businessId);
  }

  firstTenant(vendor: Vendor): Tenant | undefined {
    return this.tenants.find((t) => t.vendor === vendor);
  }

  campaign(id: number | null): Campaign | undefined {
    return id === null ? undefined : this.campaigns[id - 1];
  }

  agent(id: number | null): Agent | undefined {
    return id === null ? undefined : this.agents[id - 1];
  }

  callingNumber(id: number | null): CallingNumber | undefined {
    return id === null ? undefined : this.numbers[id - 1];
  }

  campaignsOf(tenant: number, direction?: Direction): Campaign[] {
    return this.campaigns.filter(
      (c) => c.tenant === tenant && (direction === undefined || c.direction === direction),
    );
  }

  agentsOf(tenant: number): Agent[] {
    return this.agents.filter((a) => a.tenant === tenant);
  }

  numbersOf(tenant: number): CallingNumber[] {
    return this.numbers.filter((n) => n.tenant === tenant);
  }

  /** The ObjectId Iqra shows for an entry. */
  queueId(row: Pick<EntryRow, 'id' | 'created_at'>): string {
    return objectId(row.created_at, this.entryMachine, row.id);
  }

  /** Resolves an Iqra queue id to its row (any tenant); undefined when it is not one of ours. */
  entryByQueueId(queueId: string): EntryRow | undefined {
    const parsed = parseObjectId(queueId);
    if (!parsed || parsed.machine !== this.entryMachine) return undefined;
    const row = this.store.get(parsed.counter);
    if (!row || Math.floor(row.created_at / 1000) !== parsed.seconds) return undefined;
    return row;
  }

  entry(id: number): EntryRow | undefined {
    return this.store.get(id);
  }

  /** Display name of the contact: as supplied through the API, else derived from the id. */
  contactName(row: Pick<EntryRow, 'id' | 'tenant' | 'extra'>): string {
    const extra = parseExtra(row.extra);
    if (extra.name) return extra.name;
    return contactName(this.seed, row.id, this.tenant(row.tenant)?.locale ?? 'us');
  }

  extra(row: Pick<EntryRow, 'extra'>): EntryExtra {
    return parseExtra(row.extra);
  }

  listEntries(q: EntryPageQuery): EntryRow[] {
    return this.store.page(q);
  }

  keysetEntries(q: EntryKeysetQuery): EntryRow[] {
    return this.store.keyset(q);
  }

  countEntries(f: EntryFilter): number {
    return this.store.count(f);
  }

  /** Entries per status of a campaign (all statuses present, zero included). */
  campaignCounts(campaignId: number): Record<string, number> {
    const c = this.campaign(campaignId);
    if (!c) return {};
    const byStatus = this.store.countByStatus(c.tenant, c.direction, campaignId);
    const out: Record<string, number> = {};
    for (const [name, code] of Object.entries(Status)) out[name] = byStatus.get(code) ?? 0;
    return out;
  }

  // ---------------------------------------------------------------- money

  balanceOf(tenant: number): number {
    return this.tenant(tenant)?.balanceCents ?? 0;
  }

  setBalance(tenant: number, cents: number): void {
    const t = this.tenant(tenant);
    if (t) t.balanceCents = cents;
  }

  /** Takes the price of `calls` calls, or returns false and takes nothing. */
  charge(tenant: number, calls: number): boolean {
    const t = this.tenant(tenant);
    const cost = calls * this.callCostCents;
    if (!t || t.balanceCents < cost) return false;
    t.balanceCents -= cost;
    return true;
  }

  resetCounters(): void {
    this.counters.iqraInitiateRequests = 0;
    this.counters.iqraCallsQueued = 0;
    this.counters.while1SaveRequests = 0;
    this.counters.while1CallsSaved = 0;
  }

  // ---------------------------------------------------------------- changes

  /** Creates a pending entry now; the dialer (or a timed start) takes it from there. */
  enqueue(input: NewEntryInput): EntryRow {
    this.sync();
    const t = this.clock;
    const campaign = this.campaign(input.campaignId);
    const row: EntryRow = {
      id: 0,
      tenant: input.tenant,
      direction: input.direction,
      campaign_id: input.campaignId,
      agent_id: input.agentId,
      number_id: input.numberId,
      status: Status.pending,
      phone: input.phone,
      created_at: t,
      updated_at: t,
      scheduled_at: input.scheduledAt,
      started_at: null,
      connected_at: null,
      completed_at: null,
      retry_count: 0,
      max_retries: input.maxRetries ?? campaign?.defaultMaxRetries ?? 0,
      end_type: null,
      expires_at: input.expiresAt ?? null,
      external_id: input.externalId ?? null,
      extra: input.extra ? JSON.stringify(input.extra) : null,
    };
    row.id = this.store.insert(row);
    this.afterPending(row, t);
    if (row.expires_at !== null)
      this.heap.push({ at: Math.max(row.expires_at, t), tie: row.id, kind: 'expire', id: row.id });
    return row;
  }

  /** Admin hook (not part of any vendor contract): cancel or delete an entry that is not finished. */
  setFinalStatus(
    id: number,
    status: typeof Status.cancelled | typeof Status.deleted,
  ): EntryRow | undefined {
    this.sync();
    const row = this.store.get(id);
    if (!row) return undefined;
    if (status === Status.cancelled && row.status >= Status.completed) return row;
    const next: EntryRow = {
      ...row,
      status,
      updated_at: this.clock,
      completed_at: row.completed_at ?? this.clock,
    };
    this.release(row.id);
    this.store.update(row, next);
    if (row.campaign_id !== null) this.dueCache.delete(row.campaign_id);
    return next;
  }

  setCampaignState(campaignId: number, state: Campaign['state']): void {
    const c = this.campaign(campaignId);
    if (c) c.state = state;
  }

  /** Advances the world to the clock's current time. Dialects call this before answering. */
  sync(): void {
    this.tick(this.nowFn());
  }

  /** Processes every event up to `nowMs` in time order. A time in the past is ignored. */
  tick(nowMs: number): void {
    if (nowMs < this.clock) return;
    this.generateArrivals(nowMs);
    const pickers = this.campaigns.filter(
      (c) => c.kind === 'campaign' && c.state === 'running' && c.concurrency > 0,
    );
    this.store.transaction(() => {
      for (;;) {
        const top = this.heap.peek();
        let t = top && top.at <= nowMs ? top.at : Infinity;
        let pick: { campaign: Campaign; id: number } | null = null;
        for (const c of pickers) {
          if ((this.linesBusy.get(c.id) ?? 0) >= c.concurrency) continue;
          const due = this.nextDue(c.id);
          if (!due) continue;
          const at = Math.max(due.due, this.clock);
          if (at <= nowMs && at < t) {
            t = at;
            pick = { campaign: c, id: due.id };
          }
        }
        if (t === Infinity) break;
        this.clock = Math.max(this.clock, t);
        if (pick) this.start(pick.id, this.clock, pick.campaign.id);
        else this.handle(this.heap.pop() as WorldEvent);
      }
    });
    this.clock = nowMs;
  }

  close(): void {
    this.store.close();
  }

  // ---------------------------------------------------------------- engine

  private objectIdFor(counter: number, at = 1_700_000_000_000): string {
    return objectId(at, this.objectMachine, counter);
  }

  private nextDue(campaignId: number): { id: number; due: number } | null {
    let due = this.dueCache.get(campaignId);
    if (due === undefined) {
      due = this.store.nextPending(campaignId) ?? null;
      this.dueCache.set(campaignId, due);
    }
    return due;
  }

  /** A row just became pending: the dialer sees it, or a start is timed for campaign-less rows. */
  private afterPending(row: EntryRow, t: number): void {
    const campaign = this.campaign(row.campaign_id);
    if (campaign?.kind === 'campaign') {
      this.dueCache.delete(campaign.id);
      if (campaign.state === 'finished') campaign.state = 'running';
      return;
    }
    // Iqra's queue takes a moment before the backend picks the call up.
    const queueDelay = unitToInt(hashUnit(this.seed, row.id, row.retry_count, 20), 500, 2500);
    this.heap.push({
      at: Math.max(row.scheduled_at ?? t, t) + queueDelay,
      tie: row.id,
      kind: 'start',
      id: row.id,
    });
  }

  private start(id: number, t: number, line: number | null): void {
    const row = this.store.get(id);
    if (line !== null) this.dueCache.delete(line);
    if (!row || row.status !== Status.pending) return;
    if (row.expires_at !== null && t > row.expires_at) {
      this.store.update(row, { ...row, status: Status.expired, updated_at: t, completed_at: t });
      return;
    }
    const next = beginAttempt(row, t);
    this.store.update(row, next);
    this.track(id, planAttempt(this.seed, next, t), line);
  }

  private track(id: number, plan: AttemptPlan, line: number | null): void {
    this.live.set(id, { plan, line });
    if (line !== null) this.linesBusy.set(line, (this.linesBusy.get(line) ?? 0) + 1);
    if (plan.connectAt !== null && plan.connectAt > this.clock)
      this.heap.push({ at: plan.connectAt, tie: id, kind: 'connect', id });
    this.heap.push({ at: plan.endAt, tie: id, kind: 'end', id });
  }

  private release(id: number): LiveAttempt | undefined {
    const l = this.live.get(id);
    if (!l) return undefined;
    this.live.delete(id);
    if (l.line !== null)
      this.linesBusy.set(l.line, Math.max(0, (this.linesBusy.get(l.line) ?? 0) - 1));
    return l;
  }

  private handle(ev: WorldEvent): void {
    const t = ev.at;
    if (ev.kind === 'arrive') {
      this.arrive(ev.campaign, t);
      return;
    }
    if (ev.kind === 'start') {
      this.start(ev.id, t, null);
      return;
    }
    const row = this.store.get(ev.id);
    if (!row) return;
    if (ev.kind === 'expire') {
      if (row.status === Status.pending) {
        this.store.update(row, { ...row, status: Status.expired, updated_at: t, completed_at: t });
        if (row.campaign_id !== null) this.dueCache.delete(row.campaign_id);
      }
      return;
    }
    const l = this.live.get(ev.id);
    // Stale event: the entry was cancelled, or this belongs to an earlier attempt.
    if (!l || (ev.kind === 'end' ? l.plan.endAt : l.plan.connectAt) !== t) return;
    if (ev.kind === 'connect') {
      if (row.status === Status.dialing) {
        this.store.update(row, {
          ...row,
          status: Status.inProgress,
          connected_at: t,
          updated_at: t,
        });
      }
      return;
    }
    this.release(ev.id);
    const next = endAttempt(this.seed, row, l.plan, this.campaign(row.campaign_id) ?? null);
    this.store.update(row, next);
    if (next.status === Status.pending) this.afterPending(next, t);
  }

  private arrive(campaignId: number, t: number): void {
    const c = this.campaign(campaignId);
    const tenant = this.tenant(c?.tenant ?? 0);
    if (!c || !tenant) return;
    const phone = arrivalPhone(this.seed, campaignId, t, tenant.locale);
    const row: EntryRow = {
      id: 0,
      tenant: c.tenant,
      direction: c.direction,
      campaign_id: c.id,
      agent_id: c.agentId,
      number_id: c.numberId,
      status: Status.pending,
      phone,
      created_at: t,
      updated_at: t,
      scheduled_at: null,
      started_at: null,
      connected_at: null,
      completed_at: null,
      retry_count: 0,
      max_retries: c.defaultMaxRetries,
      end_type: null,
      expires_at: null,
      external_id: null,
      extra: null,
    };
    row.id = this.store.insert(row);
    this.afterPending(row, t);
  }

  private generateArrivals(nowMs: number): void {
    const lastSlot = Math.floor(nowMs / SLOT_MS);
    for (const [campaignId, from] of this.nextSlot) {
      const c = this.campaign(campaignId);
      const tenant = this.tenant(c?.tenant ?? 0);
      if (!c || !tenant) continue;
      const offset = localOffsetHours(tenant.locale);
      for (let s = from; s <= lastSlot; s += 1) {
        for (const at of arrivalsInSlot(this.seed, c, offset, s)) this.scheduleArrival(c.id, at);
      }
      this.nextSlot.set(campaignId, lastSlot + 1);
    }
  }
}

/** Caller number of an arrival: hashed from its time, so history and live agree. */
export function arrivalPhone(
  seed: number,
  campaignId: number,
  t: number,
  locale: 'us' | 'ro',
): number {
  const u = (k: number) => hashUnit(seed, campaignId, t, k);
  if (locale === 'ro')
    return (
      40_000_000_000 + unitToInt(u(1), 720, 789) * 1_000_000 + unitToInt(u(2), 100_000, 999_999)
    );
  const areas = [212, 312, 415, 512, 617, 702, 305, 404, 206, 303, 214, 713];
  const area = areas[Math.floor(u(1) * areas.length)] ?? 212;
  return (
    10_000_000_000 +
    area * 10_000_000 +
    unitToInt(u(2), 201, 989) * 10_000 +
    unitToInt(u(3), 0, 9999)
  );
}

function parseExtra(extra: string | null): EntryExtra {
  if (!extra) return {};
  try {
    return JSON.parse(extra) as EntryExtra;
  } catch {
    return {};
  }
}
