/**
 * The default campaign world (docs/vendors.md#id-formats; E.164 numbers; names derived on read):
 *
 * - Iqra business "AI outbound" (id 12345 unless told): three outbound campaigns (one finished,
 *   one running, one starting tomorrow) and two inbound routes with a week of history.
 * - While1 PBX "Callbacks": a missed-call callback campaign fed by live arrivals, CRM-scheduled
 *   callbacks, and an outbound renewal campaign, over two projects.
 *
 * History is resolved with the same lifecycle functions the live engine uses; rows are streamed
 * into one transaction and indexed afterwards so a million entries build in seconds.
 */
import { arrivalsInSlot, diurnalWeight, localOffsetHours, SLOT_MS } from './arrivals';
import { beginAttempt, endAttempt, planAttempt, type AttemptPlan } from './lifecycle';
import { randomPhoneDigits } from './people';
import { createRng, hashUnit, unitToInt, type Rng } from './random';
import { Direction, Status, type Campaign, type EntryRow, type Tenant } from './types';
import { arrivalPhone, CampaignWorld, type CampaignWorldOptions } from './world';

export const DEFAULT_IQRA_BUSINESS_ID = 12345;

export interface DefaultWorldOptions extends CampaignWorldOptions {
  /** Approximate number of generated entries across both tenants. Default 20,000. */
  entries?: number;
  iqraBusinessId?: number;
  /** Starting Iqra balance in cents. Default 250,000 ($2,500, i.e. 10,000 calls at 25 cents). */
  balanceCents?: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Mean seconds a line is busy per attempt, and attempts per entry (retries), for line sizing. */
const HANDLE_S = { outbound: 135, callback: 240 };
const ATTEMPTS_PER_ENTRY = 1.5;

interface Live {
  id: number;
  plan: AttemptPlan;
  line: number | null;
}

export function createCampaignWorld(opts: DefaultWorldOptions): CampaignWorld {
  const world = new CampaignWorld(opts);
  const now0 = world.processedUntil;
  const total = Math.max(0, Math.round(opts.entries ?? 20_000));
  const rng = createRng(world.seed ^ 0x5eed);
  const share = (f: number) => Math.max(total > 0 ? 1 : 0, Math.round(total * f));

  // ---- Iqra business
  const iqra = world.addTenant({
    vendor: 'iqra',
    name: 'AI outbound',
    businessId: opts.iqraBusinessId ?? DEFAULT_IQRA_BUSINESS_ID,
    balanceCents: opts.balanceCents ?? 250_000,
    locale: 'us',
  });
  const ava = world.addAgent({ tenant: iqra.id, name: 'Ava (renewals)', enabled: true });
  const leo = world.addAgent({ tenant: iqra.id, name: 'Leo (appointments)', enabled: true });
  const mia = world.addAgent({ tenant: iqra.id, name: 'Mia (win-back)', enabled: true });
  const nora = world.addAgent({ tenant: iqra.id, name: 'Nora (reception)', enabled: true });
  world.addAgent({ tenant: iqra.id, name: 'Legacy IVR bot', enabled: false });
  // TelephonyProviderEnum: 2 Twilio, 4 Telnyx, 10 SIP.
  const n1 = world.addNumber({ tenant: iqra.id, number: 12_127_364_100, provider: 2 });
  const n2 = world.addNumber({ tenant: iqra.id, number: 13_125_887_200, provider: 4 });
  const n3 = world.addNumber({ tenant: iqra.id, number: 14_159_623_300, provider: 10 });

  const outbound = (
    name: string,
    agent: number,
    number: number,
    start: number,
    span: number,
    n: number,
    state: Campaign['state'],
    maxRetries: number,
  ) =>
    world.addCampaign({
      tenant: iqra.id,
      kind: 'campaign',
      direction: Direction.outbound,
      name,
      agentId: agent,
      numberId: number,
      concurrency: lines(HANDLE_S.outbound, span, n),
      state,
      createdAt: start - 3 * HOUR,
      arrivalsPerMinute: 0,
      retryDelayMs: [20 * MIN, 60 * MIN],
      defaultMaxRetries: maxRetries,
      while1: null,
    });
  const c1 = outbound(
    'Spring renewal reminders',
    ava.id,
    n1.id,
    now0 - 12 * DAY,
    3 * DAY,
    share(0.22),
    'finished',
    2,
  );
  const c2 = outbound(
    'Appointment confirmations',
    leo.id,
    n2.id,
    now0 - 30 * HOUR,
    48 * HOUR,
    share(0.3),
    'running',
    2,
  );
  const c3 = outbound(
    'Win-back: lapsed members',
    mia.id,
    n3.id,
    now0 + 20 * HOUR,
    72 * HOUR,
    share(0.13),
    'running',
    3,
  );

  const route = (name: string, number: number) =>
    world.addCampaign({
      tenant: iqra.id,
      kind: 'route',
      direction: Direction.inbound,
      name,
      agentId: nora.id,
      numberId: number,
      concurrency: 0,
      state: 'running',
      createdAt: now0 - 90 * DAY,
      arrivalsPerMinute: 0,
      retryDelayMs: [0, 0],
      defaultMaxRetries: 0,
      while1: null,
    });
  const r1 = route('Main line', n1.id);
  const r2 = route('Billing line', n3.id);

  // ---- While1 PBX
  const pbx = world.addTenant({
    vendor: 'while1',
    name: 'Callbacks',
    businessId: null,
    balanceCents: 0,
    locale: 'ro',
  });
  const ana = world.addAgent({
    tenant: pbx.id,
    name: 'Ana Popescu',
    enabled: true,
    externalId: '201',
  });
  world.addAgent({ tenant: pbx.id, name: 'Mihai Ionescu', enabled: true, externalId: '202' });
  const suport = world.addAgent({
    tenant: pbx.id,
    name: 'Suport',
    enabled: true,
    externalId: 'suport',
  });
  const vanzari = world.addAgent({
    tenant: pbx.id,
    name: 'Vanzari',
    enabled: true,
    externalId: 'vanzari',
  });
  const did1 = world.addNumber({
    tenant: pbx.id,
    number: 40_213_101_010,
    provider: 10,
    externalId: '0213101010',
  });
  const did2 = world.addNumber({
    tenant: pbx.id,
    number: 40_313_202_020,
    provider: 10,
    externalId: '0313202020',
  });

  const callback = (
    name: string,
    info: string,
    agent: number,
    number: typeof did1,
    w: Omit<NonNullable<Campaign['while1']>, 'campaignInfo' | 'outboundNumber' | 'dnid'>,
    span: number,
    n: number,
    arrivals: boolean,
  ) =>
    world.addCampaign({
      tenant: pbx.id,
      kind: 'campaign',
      direction: Direction.callback,
      name,
      externalId: name,
      agentId: agent,
      numberId: number.id,
      concurrency: arrivals ? 3 : lines(HANDLE_S.callback, span, n),
      state: 'running',
      createdAt: now0 - 60 * DAY,
      arrivalsPerMinute: 0,
      retryDelayMs: arrivals ? [10 * MIN, 20 * MIN] : [30 * MIN, 60 * MIN],
      defaultMaxRetries: arrivals ? 2 : 3,
      while1: {
        ...w,
        campaignInfo: info,
        outboundNumber: number.externalId,
        dnid: number.externalId,
      },
    });
  const missedShare = share(0.05);
  const c4 = callback(
    'Apeluri pierdute',
    'Callback automat pentru apelurile pierdute din coada suport',
    suport.id,
    did1,
    {
      projectId: 1,
      type: 'queue',
      destination: 'suport',
      outboundType: 'auto',
      attendType: 'attended',
      outboundTrunk: 'trunk-telekom',
      inboundRouteId: 3,
    },
    7 * DAY,
    missedShare,
    true,
  );
  const c5 = callback(
    'Callback clienti',
    'Programari din CRM',
    ana.id,
    did1,
    {
      projectId: 1,
      type: 'user',
      destination: '201',
      outboundType: 'manual',
      attendType: 'attended',
      outboundTrunk: 'trunk-telekom',
      inboundRouteId: null,
    },
    8 * DAY,
    share(0.06),
    false,
  );
  const c6 = callback(
    'Reinnoire abonamente Q2',
    'Campanie reinnoire abonamente',
    vanzari.id,
    did2,
    {
      projectId: 2,
      type: 'queue',
      destination: 'vanzari',
      outboundType: 'auto',
      attendType: 'attended',
      outboundTrunk: 'trunk-orange',
      inboundRouteId: null,
    },
    5 * DAY,
    share(0.04),
    false,
  );

  // ---- Arrival rates from the history they must produce.
  const weekAgoSlot = Math.floor((now0 - 7 * DAY) / SLOT_MS);
  const nowSlot = Math.floor(now0 / SLOT_MS);
  const setRate = (c: Campaign, tenant: Tenant, count: number) => {
    c.arrivalsPerMinute =
      count / Math.max(1, diurnalWeight(weekAgoSlot, nowSlot, localOffsetHours(tenant.locale)));
  };
  setRate(r1, iqra, share(0.14));
  setRate(r2, iqra, share(0.06));
  setRate(c4, pbx, missedShare);
  // Agents must keep up with the office-hours peak of missed calls.
  c4.concurrency = Math.max(
    3,
    Math.ceil(((c4.arrivalsPerMinute * HANDLE_S.callback * ATTEMPTS_PER_ENTRY) / 60) * 1.2),
  );

  const live: Live[] = [];
  const starts: { id: number; at: number }[] = [];
  const gen = new HistoryGenerator(world, now0, rng, live, starts);

  function* rows(): Generator<EntryRow> {
    if (total === 0) return;
    yield* gen.scheduled(c1, iqra, c1.createdAt, 3 * DAY, share(0.22), {
      upload: [c1.createdAt, c1.createdAt + 2 * HOUR],
    });
    yield* gen.scheduled(c2, iqra, now0 - 30 * HOUR, 48 * HOUR, share(0.3), {
      upload: [c2.createdAt, c2.createdAt + 2 * HOUR],
    });
    yield* gen.scheduled(c3, iqra, now0 + 20 * HOUR, 72 * HOUR, share(0.13), {
      upload: [now0 - 5 * HOUR, now0 - 4 * HOUR],
    });
    yield* gen.arrivals(r1, iqra, weekAgoSlot, nowSlot);
    yield* gen.arrivals(r2, iqra, weekAgoSlot, nowSlot);
    yield* gen.arrivals(c4, pbx, weekAgoSlot, nowSlot);
    yield* gen.scheduled(c5, pbx, now0 - 5 * DAY, 8 * DAY, share(0.06), {
      leadBefore: [HOUR, 2 * DAY],
      externalPrefix: 'CRM-',
    });
    yield* gen.scheduled(c6, pbx, now0 - 2 * DAY, 5 * DAY, share(0.04), {
      upload: [now0 - 2 * DAY - 2 * HOUR, now0 - 2 * DAY - HOUR],
      externalPrefix: 'SUB-',
    });
  }
  world.loadHistory(rows(), live);
  // Calls still queued at the start (inbound waiting for the backend) get their timed start.
  for (const s of starts) world.scheduleStart(s.id, s.at);
  for (const c of [r1, r2, c4]) world.setArrivalsFrom(c.id, nowSlot + 1);
  return world;
}

/** Enough dialer lines for the campaign's pace, with headroom for retries. */
function lines(handleS: number, span: number, n: number): number {
  if (n <= 0) return 1;
  const spacingS = span / 1000 / n;
  return Math.max(2, Math.ceil(((handleS * ATTEMPTS_PER_ENTRY) / spacingS) * 1.2));
}

class HistoryGenerator {
  private nextId = 1;

  constructor(
    private readonly world: CampaignWorld,
    private readonly now0: number,
    private readonly rng: Rng,
    private readonly live: Live[],
    private readonly starts: { id: number; at: number }[],
  ) {}

  *scheduled(
    c: Campaign,
    tenant: Tenant,
    start: number,
    span: number,
    n: number,
    opts: { upload?: [number, number]; leadBefore?: [number, number]; externalPrefix?: string },
  ): Generator<EntryRow> {
    for (let i = 0; i < n; i += 1) {
      const scheduled = start + Math.floor(((i + this.rng.next()) / n) * span);
      let created: number;
      if (opts.upload)
        created = opts.upload[0] + Math.floor((i / n) * (opts.upload[1] - opts.upload[0]));
      else {
        const [lo, hi] = opts.leadBefore ?? [HOUR, HOUR];
        created = scheduled - this.rng.int(lo, hi);
      }
      // Nothing is created in the future; late bookings were made "just now".
      created = Math.min(created, this.now0 - this.rng.int(MIN, 30 * MIN));
      const row = this.base(c, tenant, created, scheduled);
      if (opts.externalPrefix) row.external_id = `${opts.externalPrefix}${100_000 + row.id * 7}`;
      yield this.resolve(c, row);
    }
  }

  *arrivals(c: Campaign, tenant: Tenant, fromSlot: number, toSlot: number): Generator<EntryRow> {
    const offset = localOffsetHours(tenant.locale);
    for (let s = fromSlot; s <= toSlot; s += 1) {
      for (const at of arrivalsInSlot(this.world.seed, c, offset, s)) {
        if (at > this.now0) {
          this.world.scheduleArrival(c.id, at);
          continue;
        }
        const row = this.base(c, tenant, at, null);
        row.phone = arrivalPhone(this.world.seed, c.id, at, tenant.locale);
        yield this.resolve(c, row);
      }
    }
  }

  private base(c: Campaign, tenant: Tenant, created: number, scheduled: number | null): EntryRow {
    return {
      id: this.nextId++,
      tenant: tenant.id,
      direction: c.direction,
      campaign_id: c.id,
      agent_id: c.agentId,
      number_id: c.numberId,
      status: Status.pending,
      phone: randomPhoneDigits(this.rng, tenant.locale),
      created_at: created,
      updated_at: created,
      scheduled_at: scheduled,
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
  }

  /** Plays the entry's attempts up to the world's start with the live engine's rules. */
  private resolve(c: Campaign, first: EntryRow): EntryRow {
    const seed = this.world.seed;
    const dialer = c.kind === 'campaign';
    let row = first;
    for (;;) {
      let due = row.scheduled_at ?? row.created_at;
      // Campaign-less and route entries wait a moment in Iqra's queue (same draw as live).
      if (!dialer)
        due =
          Math.max(due, row.updated_at) +
          unitToInt(hashUnit(seed, row.id, row.retry_count, 20), 500, 2500);
      if (due > this.now0) {
        if (!dialer) this.starts.push({ id: row.id, at: due });
        return this.maybeCancel(row);
      }
      const started = beginAttempt(row, due);
      const plan = planAttempt(seed, started, due);
      if (plan.endAt > this.now0) {
        // A dialer picks this up again at the start; a route call is live right now.
        if (dialer) return { ...row, scheduled_at: row.scheduled_at ?? null };
        const connected = plan.connectAt !== null && plan.connectAt <= this.now0;
        this.live.push({ id: row.id, plan, line: null });
        return {
          ...started,
          status: connected ? Status.inProgress : Status.dialing,
          connected_at: connected ? plan.connectAt : null,
          updated_at: connected ? (plan.connectAt ?? due) : due,
        };
      }
      row = endAttempt(seed, started, plan, c);
      if (row.status !== Status.pending) return row;
    }
  }

  /** A few future entries were cancelled (and on the PBX, deleted) by people. */
  private maybeCancel(row: EntryRow): EntryRow {
    const u = hashUnit(this.world.seed, row.id, 0, 30);
    const when = Math.min(
      this.now0,
      row.created_at + unitToInt(hashUnit(this.world.seed, row.id, 0, 31), MIN, DAY),
    );
    if (row.direction === Direction.inbound) return row;
    if (u < 0.015)
      return { ...row, status: Status.cancelled, updated_at: when, completed_at: when };
    if (row.direction === Direction.callback && u < 0.025)
      return { ...row, status: Status.deleted, updated_at: when, completed_at: when };
    return row;
  }
}
