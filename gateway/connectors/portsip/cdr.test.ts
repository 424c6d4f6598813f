import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@contract/api';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { Cdr } from '@contract/cdr';
import { QueuesResponse, type Queue } from '@contract/queue';
import { buildApp } from '../../app';
import type { Config, PortsipSourceConfig } from '../../config';
import { computeQueueMetrics } from '../../services/metrics';
import { hashPassword } from '../../services/passwords';
import type { Services } from '../../services/services';
import { eventually, simConfig } from '../../test-support/gateway';
import { startSimProcess, type SimProcess } from '../../test-support/sim-process';
import { VendorError } from '../types';
import { CdrRow } from './cdr-schemas';
import {
  portsipTimeMs,
  toCdr,
  unansweredDisposition,
  type CdrDirectory,
  type CdrQueueRef,
} from './cdr-to-domain';
import { PortsipConnector } from './connector';

const Q1 = 'NzAwNTUxOTA5NzczMTQ4MTYw';
const Q2 = 'NzAwNTUxOTA5NzczMTQ4MTYx';
const QUEUES: Record<string, CdrQueueRef> = {
  '8001': { vendorId: Q1, name: 'New business' },
  '8002': { vendorId: Q2, name: 'Renewals' },
};
const dir: CdrDirectory = {
  queueByNumber: (n) => QUEUES[n] ?? null,
  queueByName: (n) => Object.values(QUEUES).find((q) => q.name === n) ?? null,
  agentName: (ext) => (ext === '111' ? 'Nora Johansson' : null),
};

// As the simulator sends it (an answered queue call), plus drift a real PBX may show: numbers as
// strings, a field nobody documented.
const ANSWERED = {
  id: 'MjEyNTAxNjc5NjYwMjgyNjc1Nw==',
  caller: '442079749164',
  caller_domain: null,
  caller_display_name: 'Yusuf Walker',
  callee: '8001',
  callee_domain: 'sales.example.test',
  callee_display_name: 'New business',
  started_at: '2025-05-14T09:00:59Z',
  rang_at: '2025-05-14T09:01:23Z',
  answered_at: '2025-05-14T09:01:29Z',
  ended_at: '2025-05-14T09:02:56Z',
  call_id: 'f79b2efc-376e-4256-ad04-159ffb1e285b',
  direction: 'INBOUND_CALL',
  end_reason: 'CALLEE_DISCONNECTED',
  reroute_reason: null,
  status_code: '200',
  destination: '111',
  outbound_caller_id: null,
  did_cid: '14155551412',
  trunk: 'SIP Trunk 1',
  duration: '87',
  service_number: '8001',
  user_data: null,
  something_new: { nested: true },
};

const map = (raw: unknown) => toCdr('sales', CdrRow.parse(raw), dir);

describe('PortSIP CDR to contract', () => {
  it('maps an answered queue call: queue by extension, agent by destination, wait and talk', () => {
    const c = map(ANSWERED)!;
    expect(Cdr.parse(c)).toEqual({
      id: 'sales:MjEyNTAxNjc5NjYwMjgyNjc1Nw==',
      sourceId: 'sales',
      queueId: `sales:${Q1}`,
      queueName: 'New business',
      callerNumber: '442079749164',
      callerName: 'Yusuf Walker',
      agentName: 'Nora Johansson',
      disposition: 'answered',
      rawDisposition: 'CALLEE_DISCONNECTED',
      enteredAt: '2025-05-14T09:00:59.000Z',
      answeredAt: '2025-05-14T09:01:29.000Z',
      endedAt: '2025-05-14T09:02:56.000Z',
      waitSeconds: 30,
      talkSeconds: 87,
      holdSeconds: null,
      wrapSeconds: null,
    });
  });

  it('maps an abandon, an overflow and a caller-hung-up call without end reason', () => {
    const abandoned = map({
      ...ANSWERED,
      id: 'a1',
      caller_display_name: '442079749164', // the number repeated: no name
      answered_at: null,
      ended_at: '2025-05-14T09:01:41Z',
      end_reason: 'CANCELLED',
      status_code: 487,
      destination: '8001',
      duration: 0,
    })!;
    expect(abandoned).toMatchObject({
      disposition: 'abandoned',
      callerName: null,
      agentName: null,
      answeredAt: null,
      waitSeconds: 42,
      talkSeconds: null,
      rawDisposition: 'CANCELLED',
    });
    const overflow = map({
      ...ANSWERED,
      id: 'o1',
      callee: '8002',
      service_number: null,
      answered_at: null,
      end_reason: 'REDIRECTED',
      reroute_reason: 'OVERFLOW',
      status_code: 408,
    })!;
    expect(overflow).toMatchObject({
      queueId: `sales:${Q2}`,
      disposition: 'other',
      rawDisposition: 'REDIRECTED OVERFLOW',
      waitSeconds: 117,
    });
    expect(unansweredDisposition({ status_code: 487 })).toBe('abandoned');
    expect(unansweredDisposition({ end_reason: 'caller disconnected' })).toBe('abandoned');
    expect(unansweredDisposition({ end_reason: 'BLIND_TRANSFER_COMPLETED' })).toBe('other');
    expect(unansweredDisposition({})).toBe('other');
  });

  it('finds the queue by service number or name, and skips calls that went through no queue', () => {
    expect(map({ ...ANSWERED, callee: '111', service_number: '8002' })?.queueId).toBe(
      `sales:${Q2}`,
    );
    expect(
      map({ ...ANSWERED, callee: '999', service_number: null, callee_display_name: 'Renewals' })
        ?.queueId,
    ).toBe(`sales:${Q2}`);
    // An extension-to-extension call and an outbound call are not queue calls.
    expect(
      map({ ...ANSWERED, callee: '112', service_number: null, callee_display_name: 'Mia' }),
    ).toBeNull();
    expect(map({ ...ANSWERED, id: null, call_id: null })).toBeNull();
    expect(map({ ...ANSWERED, started_at: 'yesterday' })).toBeNull();
    // Without answered_at, SIP 200 with a talk duration is still an answer.
    const late = map({ ...ANSWERED, answered_at: undefined, destination: '104' })!;
    // An explicit null is unanswered whatever the rest says.
    expect(map({ ...ANSWERED, answered_at: null })?.disposition).toBe('other');
    expect(late).toMatchObject({
      disposition: 'answered',
      answeredAt: '2025-05-14T09:01:29.000Z',
      agentName: '104',
    });
  });

  it('reads RFC 3339 and Unix seconds or milliseconds', () => {
    expect(portsipTimeMs('2025-05-14T09:00:59Z')).toBe(Date.UTC(2025, 4, 14, 9, 0, 59));
    expect(portsipTimeMs('2025-05-14T11:00:59+02:00')).toBe(Date.UTC(2025, 4, 14, 9, 0, 59));
    expect(portsipTimeMs(1747213259)).toBe(1747213259000);
    expect(portsipTimeMs('1747213259000')).toBe(1747213259000);
    expect(portsipTimeMs('')).toBeNull();
    expect(portsipTimeMs(null)).toBeNull();
  });
});

// ------------------------------------------------------------------ a hand-made PBX over HTTP

describe('PortSIP fetchCdrs against a hand-made PBX', () => {
  let server: Server;
  let base: string;
  const seen: URLSearchParams[] = [];
  let malformed = false;
  // 250 queue calls a minute apart from 09:00, and one extension call in between.
  const rows: Record<string, unknown>[] = Array.from({ length: 250 }, (_, i) => ({
    ...ANSWERED,
    id: `c${i}`,
    started_at: new Date(Date.UTC(2025, 4, 14, 9, i)).toISOString().replace('.000Z', 'Z'),
    answered_at: null,
    ended_at: new Date(Date.UTC(2025, 4, 14, 9, i, 30)).toISOString().replace('.000Z', 'Z'),
    status_code: i % 2 ? 487 : 408,
    duration: 0,
    end_reason: i % 2 ? 'CANCELLED' : 'REDIRECTED',
    reroute_reason: i % 2 ? null : 'OVERFLOW',
  }));
  rows.splice(3, 0, { ...ANSWERED, id: 'x1', callee: '112', service_number: null });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/api/login')
        return res.end(JSON.stringify({ access_token: 'tok', expires_in: 3600 }));
      if (url.pathname === '/api/call_queues') {
        return res.end(
          JSON.stringify({
            count: 1,
            items: [{ id: Q1, name: 'New business', extension_number: '8001' }],
          }),
        );
      }
      if (url.pathname === '/api/cdrs') {
        seen.push(url.searchParams);
        if (malformed) return res.end(JSON.stringify({ count: 1, items: 'nope' }));
        // This PBX ignores the filter: the connector filters again itself.
        const skip = Number(url.searchParams.get('skip') ?? 0);
        const top = Number(url.searchParams.get('top') ?? 100);
        return res.end(
          JSON.stringify({ count: String(rows.length), items: rows.slice(skip, skip + top) }),
        );
      }
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const connector = () =>
    new PortsipConnector({
      id: 'sales',
      kind: 'portsip',
      baseUrl: `${base}/api`,
      domain: 'd',
      username: 'u',
      password: 'p',
    });

  it('pages by skip/top until count, filters on started_at, keeps queue calls in the window', async () => {
    seen.length = 0;
    const from = Date.UTC(2025, 4, 14, 9, 10, 0, 500);
    const to = Date.UTC(2025, 4, 14, 10, 0, 0, 900);
    const cdrs = await connector().fetchCdrs(from, to, AbortSignal.timeout(5000));
    expect(seen.map((q) => q.get('skip'))).toEqual(['0', '100', '200']);
    expect(seen[0]!.get('top')).toBe('100');
    expect(seen[0]!.get('filter')).toBe(
      "started_at ge '2025-05-14T09:10:00Z' and started_at le '2025-05-14T10:00:00Z'",
    );
    expect(seen[0]!.get('orderby')).toBe('started_at asc');
    // Minutes 10…60 inclusive (the start is taken to the whole second, as PortSIP stores it).
    expect(cdrs.map((c) => c.id)).toEqual(Array.from({ length: 51 }, (_, i) => `sales:c${i + 10}`));
    expect(cdrs.every((c) => c.queueId === `sales:${Q1}`)).toBe(true);
    expect(cdrs.filter((c) => c.disposition === 'abandoned')).toHaveLength(25);
    expect(cdrs.filter((c) => c.disposition === 'other')).toHaveLength(26);
  });

  it('fails with MALFORMED naming the path when a page does not parse', async () => {
    malformed = true;
    try {
      const e = await connector()
        .fetchCdrs(0, Date.now(), AbortSignal.timeout(5000))
        .catch((err: unknown) => err);
      expect(e).toBeInstanceOf(VendorError);
      expect((e as VendorError).vendorCode).toBe('MALFORMED');
      expect((e as VendorError).message).toContain('/cdrs');
      expect((e as VendorError).message).toContain('items');
    } finally {
      malformed = false;
    }
  });
});

// ------------------------------------------------------------------ the simulator, and the gateway

describe('PortSIP CDRs from the simulator', () => {
  let sim: SimProcess;
  let config: Config;
  let app: FastifyInstance;
  let services: Services;

  beforeAll(async () => {
    sim = await startSimProcess(['--seed', '7', '--clock', 'manual']);
    config = simConfig(sim);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await sim?.stop();
  });

  const sales = () => config.sources.find((s) => s.kind === 'portsip') as PortsipSourceConfig;

  /** Every raw `/api/cdrs` row, read straight from the simulator without a filter. */
  async function rawCdrs(): Promise<Record<string, unknown>[]> {
    const p = sim.credentials.portsip;
    const login = (await fetch(`${p.baseUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: p.username, password: p.password, domain: p.domain }),
    }).then((r) => r.json())) as { access_token: string };
    const out: Record<string, unknown>[] = [];
    for (let skip = 0; ; skip += 100) {
      const page = (await fetch(`${p.baseUrl}/api/cdrs?skip=${skip}&top=100`, {
        headers: { authorization: `Bearer ${login.access_token}` },
      }).then((r) => r.json())) as { count: number; items: Record<string, unknown>[] };
      out.push(...page.items);
      if (out.length >= page.count || page.items.length === 0) return out;
    }
  }

  it('fetchCdrs over the last hours matches the simulator’s own CDRs, call for call', async () => {
    const to = Date.now();
    const from = to - 4 * 3600_000;
    const cdrs = await new PortsipConnector(sales()).fetchCdrs(
      from,
      to,
      AbortSignal.timeout(15_000),
    );
    const inWindow = (await rawCdrs()).filter((r) => {
      const t = Date.parse(r.started_at as string);
      return t >= Math.floor(from / 1000) * 1000 && t <= to;
    });
    expect(inWindow.length).toBeGreaterThan(20);
    expect(cdrs.map((c) => c.id).sort()).toEqual(inWindow.map((r) => `sales:${r.id}`).sort());
    const answered = inWindow.filter((r) => r.answered_at !== null).length;
    // Unanswered and not moved on by the queue (overflow at max wait): the caller gave up.
    const abandoned = inWindow.filter((r) => r.answered_at === null && !r.reroute_reason).length;
    expect(cdrs.filter((c) => c.disposition === 'answered')).toHaveLength(answered);
    expect(cdrs.filter((c) => c.disposition === 'abandoned')).toHaveLength(abandoned);
    expect(answered).toBeGreaterThan(0);
    expect(abandoned).toBeGreaterThan(0);
    for (const c of cdrs) {
      Cdr.parse(c);
      expect(c.queueId).toMatch(/^sales:/);
      expect(c.waitSeconds).toBeGreaterThanOrEqual(0);
      if (c.disposition === 'answered') expect(c.talkSeconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('gives the gateway’s sales queues metrics equal to the formulas over the vendor’s CDRs', async () => {
    ({ app, services } = await buildApp({
      config,
      metrics: { cdrPollMs: 300, historyIntervalMs: 60_000 },
    }));
    await app.ready();
    const username = 'admin-portsip-cdr';
    const password = `pw-${username}-long-enough`;
    await services.users.create({
      username,
      role: 'admin',
      passwordHash: await hashPassword(password),
    });
    const login = await app.inject({
      method: 'POST',
      url: API.login,
      headers: { [CSRF_HEADER]: CSRF_VALUE },
      payload: { username, password },
    });
    const c = login.cookies.find((x) => x.name === services.cookieName)!;
    const cookie = `${c.name}=${c.value}`;
    const salesQueues = async (): Promise<Queue[]> => {
      const res = await app.inject({ method: 'GET', url: API.queues, headers: { cookie } });
      expect(res.statusCode, res.body).toBe(200);
      return QueuesResponse.parse(res.json()).items.filter((q) => q.sourceId === 'sales');
    };

    const items = await eventually(async () => {
      const list = await salesQueues();
      return list.length > 0 && list.every((q) => q.metrics !== null) ? list : undefined;
    }, 20_000);
    const since = Date.parse(items[0]!.metrics!.since);
    // The simulator's clock stands still: a direct read now sees exactly what the feed saw.
    const direct = await new PortsipConnector(sales()).fetchCdrs(
      since - 2 * 60_000,
      Date.now(),
      AbortSignal.timeout(15_000),
    );
    expect(items.reduce((n, q) => n + q.metrics!.offered!, 0)).toBeGreaterThan(0);
    for (const q of items) {
      expect(q.metrics).toEqual(computeQueueMetrics(direct, q.id, q.sla, since));
    }
  }, 40_000);
});
