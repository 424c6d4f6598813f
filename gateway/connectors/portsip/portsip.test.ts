import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Agent, AgentState } from '@contract/agent';
import { LiveCall, WaitingCaller } from '@contract/call';
import { QueueLive } from '@contract/queue';
import { startSimProcess, type SimProcess } from '../../test-support/sim-process';
import { VendorError, type ConnectorAgent, type LiveData } from '../types';
import { PortsipConnector } from './connector';
import { AgentStatus, CallQueuePage, QueueAgentList, SessionList, WaitingList } from './schemas';
import { mapStatus, toLiveData } from './to-domain';

const never = () => new AbortController().signal;

/** The VendorError a promise rejects with (fails the test when it resolves or throws anything else). */
async function vendorErrorOf(p: Promise<unknown>): Promise<VendorError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VendorError);
  return e as VendorError;
}

// ---------------------------------------------------------------------------------- pure mapping

describe('PortSIP to-domain', () => {
  const NOW = Date.parse('2025-05-14T11:00:00Z');
  const Q1 = 'NzAwNTUxOTA5NzczMTQ4MTYw';
  const Q2 = 'NzAwNTUxOTA5NzczMTQ4MTYx';

  // As a tolerant PBX might send it: numbers as strings, nulls for blanks, a status we do not know.
  const raw = {
    queues: {
      count: '2',
      items: [
        {
          id: Q1,
          name: 'New business',
          extension_number: '8001',
          ring_time: '20',
          polling_strategy: 'CYCLIC_HUNT',
        },
        {
          id: Q2,
          name: null,
          extension_number: 8002,
          ring_time: null,
          polling_strategy: 'SOMETHING_NEW',
        },
      ],
    },
    waiting: {
      [Q1]: {
        items: [
          {
            session_id: 'S1',
            extension_number: '16175550100',
            display_name: '16175550100',
            waiting_time: '42',
          },
          {
            session_id: 'S2',
            extension_number: '16175550101',
            display_name: 'Ada Lovelace',
            waiting_time: 7,
          },
        ],
      },
      [Q2]: { items: null },
    } as Record<string, unknown>,
    agents: {
      [Q1]: {
        items: [
          { extension_number: '101', display_name: 'Nora Johansson', skill_level: '1' },
          { extension_number: 102, display_name: 'Haruto Nowak', skill_level: 2 },
          { extension_number: '103', display_name: 'Jonas Sharma', skill_level: 1 },
          { extension_number: '104', display_name: 'Mia Rossi', skill_level: 1 },
        ],
      },
      [Q2]: {
        items: [
          { extension_number: '101', display_name: 'Nora Johansson', skill_level: 1 },
          { extension_number: '105', display_name: 'Omar Haddad', skill_level: '3' },
        ],
      },
    } as Record<string, unknown>,
    status: {
      [`${Q1}/101`]: { extension_number: '101', status: 'READY', reason: null },
      [`${Q1}/102`]: { extension_number: '102', status: 'ON_HOLD' },
      [`${Q1}/103`]: { extension_number: '103', status: 'BREAK', reason: 'Coffee break' },
      [`${Q1}/104`]: { extension_number: '104', status: 'QUEUE_CALL', reason: null },
      [`${Q2}/101`]: { extension_number: '101', status: 'LOGGED_OUT', reason: null },
      [`${Q2}/105`]: { extension_number: '105', status: 'OFFLINE', reason: null },
    } as Record<string, unknown>,
    sessions: {
      count: '3',
      items: [
        // still waiting: a WaitingCaller, not a LiveCall
        {
          id: 'S1',
          calls: [
            {
              caller: '16175550100',
              callee: '8001',
              started_at: '2025-05-14T10:59:00Z',
              talking_time: 0,
            },
          ],
        },
        // answered by 104
        {
          id: 'S9',
          calls: [
            {
              caller: '447700900451',
              caller_display_name: 'Liam',
              callee: '104',
              trunk: null,
              started_at: '2025-05-14T10:55:00Z',
              talking_time: '60',
            },
          ],
        },
        // agent 102 calls out
        {
          id: 'S10',
          calls: [
            {
              caller: '102',
              caller_display_name: 'Haruto Nowak',
              callee: '33615893460',
              started_at: 'garbage',
              talking_time: 5,
            },
          ],
        },
      ],
    },
  };

  function build(): LiveData {
    const page = CallQueuePage.parse(raw.queues);
    const polled = page.items.map((queue) => ({
      queue,
      waiting: WaitingList.parse(raw.waiting[queue.id]).items,
      members: QueueAgentList.parse(raw.agents[queue.id]).items.map((agent) => ({
        agent,
        status: AgentStatus.parse(raw.status[`${queue.id}/${agent.extension_number}`]),
      })),
    }));
    return toLiveData('sales', polled, SessionList.parse(raw.sessions).items, NOW);
  }

  it('maps every documented status and keeps unknown ones as unknown', () => {
    expect(mapStatus('READY')).toBe('ready');
    expect(mapStatus('NOT_READY')).toBe('not_ready');
    expect(mapStatus('QUEUE_CALL')).toBe('on_queue_call');
    expect(mapStatus('OTHER_CALL')).toBe('on_other_call');
    expect(mapStatus('WRAP_UP')).toBe('wrap_up');
    expect(mapStatus('BREAK')).toBe('break');
    expect(mapStatus('LUNCH')).toBe('lunch');
    expect(mapStatus('LOGGED_OUT')).toBe('logged_out');
    expect(mapStatus('OFFLINE')).toBe('offline');
    expect(mapStatus('CONSULT_TRANSFER')).toBe('unknown');
    expect(mapStatus(null)).toBe('unknown');
  });

  it('turns a hand-made payload with string numbers and an unknown status into contract data', () => {
    const live = build();
    for (const a of live.agents) Agent.parse({ ...a, stateSince: null });
    for (const c of live.calls) LiveCall.parse(c);
    for (const w of live.waiting) WaitingCaller.parse(w);

    const [q1, q2] = live.queues;
    expect(q1).toMatchObject({
      id: `sales:${Q1}`,
      vendorId: Q1,
      name: 'New business',
      strategy: 'CYCLIC_HUNT',
    });
    expect(q2).toMatchObject({ name: '8002', strategy: 'SOMETHING_NEW' });
    expect(q1!.live).toEqual({
      waiting: 2,
      oldestWaitingSince: new Date(NOW - 42_000).toISOString(),
      agentsTotal: 4,
      agentsLoggedIn: 4,
      agentsAvailable: 1,
      agentsOnCall: 1,
      agentsWrapUp: 0,
      agentsNotReady: 1,
    });
    expect(q2!.live).toMatchObject({
      waiting: 0,
      oldestWaitingSince: null,
      agentsTotal: 2,
      agentsLoggedIn: 0,
    });

    const byExt = new Map(live.agents.map((a) => [a.vendorId, a]));
    expect(live.agents).toHaveLength(5);
    // 101 is in two queues: one agent, two memberships, logged in where the status says so.
    expect(byExt.get('101')).toMatchObject({
      id: 'sales:101',
      extension: '101',
      state: 'ready',
      rawState: 'READY',
      queues: [
        { queueId: `sales:${Q1}`, queueName: 'New business', loggedIn: true },
        { queueId: `sales:${Q2}`, queueName: '8002', loggedIn: false },
      ],
    });
    expect(byExt.get('102')).toMatchObject({
      state: 'unknown',
      rawState: 'ON_HOLD',
      name: 'Haruto Nowak',
    });
    expect(byExt.get('103')).toMatchObject({
      state: 'break',
      rawState: 'BREAK',
      reason: 'Coffee break',
    });
    expect(byExt.get('105')).toMatchObject({
      state: 'offline',
      rawState: 'OFFLINE',
      queues: [{ loggedIn: false }],
    });
    expect(byExt.get('104')!.currentCall).toEqual({
      callerNumber: '447700900451',
      callerName: 'Liam',
      queueId: `sales:${Q1}`,
      startedAt: '2025-05-14T10:55:00.000Z',
    });

    expect(live.waiting).toEqual([
      {
        id: 'sales:S1',
        sourceId: 'sales',
        queueId: `sales:${Q1}`,
        vendorSessionId: 'S1',
        callerNumber: '16175550100',
        callerName: null,
        waitingSince: new Date(NOW - 42_000).toISOString(),
        position: 1,
      },
      expect.objectContaining({ vendorSessionId: 'S2', callerName: 'Ada Lovelace', position: 2 }),
    ]);

    expect(live.calls.map((c) => c.id)).toEqual(['sales:S9', 'sales:S10']);
    expect(live.calls[0]).toMatchObject({
      queueId: `sales:${Q1}`,
      agentId: 'sales:104',
      agentName: 'Mia Rossi',
      state: 'talking',
      answeredAt: new Date(NOW - 60_000).toISOString(),
    });
    expect(live.calls[1]).toMatchObject({
      agentId: 'sales:102',
      queueId: null,
      startedAt: null,
      state: 'talking',
    });
  });

  it('gives an agent-to-agent call to the one of the two whose status shows that call', () => {
    // 101 is on another call (OTHER_CALL), 104 on the queue call S9, 103 on a break.
    const status: Record<string, unknown> = {
      ...raw.status,
      [`${Q1}/101`]: { extension_number: '101', status: 'OTHER_CALL' },
    };
    const polled = CallQueuePage.parse(raw.queues).items.map((queue) => ({
      queue,
      waiting: WaitingList.parse(raw.waiting[queue.id]).items,
      members: QueueAgentList.parse(raw.agents[queue.id]).items.map((agent) => ({
        agent,
        status: AgentStatus.parse(status[`${queue.id}/${agent.extension_number}`]),
      })),
    }));
    const internal = (callee: string) => ({
      id: 'S11',
      calls: [{ caller: '101', callee, started_at: '2025-05-14T10:58:00Z', talking_time: 9 }],
    });
    const sessions = (...extra: unknown[]) => [
      ...SessionList.parse(raw.sessions).items,
      ...SessionList.parse({ items: extra }).items,
    ];

    // Dialling 104, busy on S9: S11 is 101's, and not a queue call.
    const busy = toLiveData('sales', polled, sessions(internal('104')), NOW);
    expect(busy.calls.find((c) => c.id === 'sales:S9')?.agentId).toBe('sales:104');
    expect(busy.calls.find((c) => c.id === 'sales:S11')).toMatchObject({
      agentId: 'sales:101',
      queueId: null,
    });
    expect(busy.agents.find((a) => a.id === 'sales:101')?.currentCall?.callerNumber).toBe('104');
    // Dialling 103, on a break: still 101's.
    const onBreak = toLiveData('sales', polled, sessions(internal('103')), NOW);
    expect(onBreak.calls.find((c) => c.id === 'sales:S11')?.agentId).toBe('sales:101');
  });

  it('reads numbers sent as strings and blanks sent as null without failing', () => {
    expect(
      WaitingList.parse({ items: [{ session_id: 5, waiting_time: '12', display_name: null }] })
        .items[0],
    ).toMatchObject({
      session_id: '5',
      waiting_time: 12,
      display_name: null,
    });
    expect(AgentStatus.parse({ status: 'WHATEVER', skill_level: 'high' })).toMatchObject({
      status: 'WHATEVER',
      skill_level: null,
    });
  });
});

// ---------------------------------------------------------------------------- a hand-made PBX

/**
 * A tiny fake PBX for what the simulator cannot show: answers that are JSON but not the documented
 * shape, paging with the prose's 1-based skip, and how many status reads run at once.
 */
describe('PortsipConnector against a hand-made PBX', () => {
  let server: Server;
  let base: string;
  let handler: (req: IncomingMessage, res: ServerResponse, path: string) => void;
  let inFlight = 0;
  let maxInFlight = 0;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url!, 'http://x').pathname;
      if (req.method === 'POST' && path === '/api/login')
        return json(res, 200, { access_token: 't', expires_in: '3600' });
      handler(req, res, path);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const connector = () =>
    new PortsipConnector({
      id: 'fake',
      kind: 'portsip',
      baseUrl: base,
      domain: 'd',
      username: 'u',
      password: 'p',
    });

  it('names the path of an answer that is JSON but not the documented shape', async () => {
    handler = (_req, res, path) =>
      path === '/api/call_queues'
        ? json(res, 200, { count: 1, items: [{ name: 'no id' }] })
        : json(res, 201, { items: [] });
    const e = await vendorErrorOf(connector().fetchLive(never()));
    expect(e.vendorCode).toBe('MALFORMED');
    expect(e.message).toContain('/call_queues');
    expect(e.message).toContain('items[0].id');
  });

  it('pages through queues (tolerating a 1-based skip overlap) and bounds concurrent status reads to 8', async () => {
    const queues = Array.from({ length: 150 }, (_, i) => ({
      id: `Q${i}`,
      name: `Queue ${i}`,
      extension_number: `${8000 + i}`,
    }));
    const skips: string[] = [];
    handler = (req, res, path) => {
      const url = new URL(req.url!, 'http://x');
      if (path === '/api/call_queues') {
        const skip = Number(url.searchParams.get('skip'));
        skips.push(String(skip));
        // 1-based as the prose says: skip=100 starts at the 100th item, repeating one.
        const from = skip === 0 ? 0 : skip - 1;
        return json(res, 200, {
          count: queues.length,
          items: queues.slice(from, from + Number(url.searchParams.get('top'))),
        });
      }
      if (path === '/api/sessions') return json(res, 201, { count: 0, items: [] });
      if (path.endsWith('/waiting')) return json(res, 200, { items: [] });
      if (path.endsWith('/agents'))
        return json(res, 200, {
          items: [{ extension_number: '101' }, { extension_number: '102' }],
        });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, { extension_number: path.split('/').pop(), status: 'READY' });
      }, 2);
    };
    const live = await connector().fetchLive(never());
    expect(skips).toEqual(['0', '100']);
    expect(live.queues).toHaveLength(150);
    expect(new Set(live.queues.map((q) => q.id)).size).toBe(150);
    expect(live.agents).toHaveLength(2);
    expect(live.agents[0]!.queues).toHaveLength(150);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(8);
  });
});

// --------------------------------------------------------------------- the simulator over HTTP

describe('PortsipConnector against the simulator', () => {
  let sim: SimProcess;

  beforeAll(async () => {
    sim = await startSimProcess(['--clock', 'manual']);
  });
  afterAll(async () => {
    await sim?.stop();
  });
  afterEach(async () => {
    await sim.control('DELETE', 'faults');
  });

  const connector = () => {
    const p = sim.credentials.portsip;
    return new PortsipConnector({
      id: 'sales',
      kind: 'portsip',
      label: 'Sales',
      baseUrl: p.baseUrl,
      domain: p.domain,
      username: p.username,
      password: p.password,
    });
  };
  const advance = (seconds: number) => sim.control('POST', 'advance', { seconds });
  const portsipPaths = async () => {
    const r = (await sim.control('GET', 'requests')) as {
      dialects: Record<string, { paths: Record<string, number> }>;
    };
    return r.dialects.portsip?.paths ?? {};
  };
  const membership = (a: ConnectorAgent, queueId: string) =>
    a.queues.find((m) => m.queueId === queueId);

  it('maps live data sanely: queues, agents with states, waiting callers, counts that add up', async () => {
    const c = connector();
    expect(c.kind).toBe('portsip');
    expect(c.capabilities).toMatchObject({
      pickup: true,
      agentQueueLogin: true,
      cdrs: true,
      entries: null,
    });
    expect(c.capabilities.agentStates).toEqual(['ready', 'not_ready', 'wrap_up', 'break', 'lunch']);

    const live = await c.fetchLive(never());
    expect(live.queues.map((q) => q.name).sort()).toEqual(['Account management', 'New business']);
    expect(live.agents.length).toBe(25);
    for (const q of live.queues) {
      QueueLive.parse(q.live);
      expect(q.id).toBe(`sales:${q.vendorId}`);
      const l = q.live;
      expect(l.agentsAvailable + l.agentsOnCall + l.agentsWrapUp + l.agentsNotReady).toBe(
        l.agentsLoggedIn,
      );
      expect(l.agentsLoggedIn).toBeLessThanOrEqual(l.agentsTotal);
      const loggedIn = live.agents.filter((a) => membership(a, q.id)?.loggedIn);
      expect(loggedIn).toHaveLength(l.agentsLoggedIn);
      expect(live.agents.filter((a) => membership(a, q.id))).toHaveLength(l.agentsTotal);
      const waiting = live.waiting.filter((w) => w.queueId === q.id);
      expect(waiting).toHaveLength(l.waiting);
      expect(waiting.map((w) => w.position)).toEqual(waiting.map((_, i) => i + 1));
      if (waiting.length)
        expect(l.oldestWaitingSince).toBe(waiting.map((w) => w.waitingSince!).sort()[0]);
    }
    for (const a of live.agents) {
      Agent.parse({ ...a, stateSince: null });
      expect(a.id).toBe(`sales:${a.vendorId}`);
      expect(a.extension).toBe(a.vendorId);
      expect(AgentState.options).toContain(a.state);
      expect(a.state).not.toBe('unknown');
      expect(a.rawState).toMatch(/^[A-Z_]+$/);
      // logged in somewhere ⇔ a working state
      expect(a.queues.some((m) => m.loggedIn)).toBe(!['logged_out', 'offline'].includes(a.state));
    }
    // Several agents belong to both queues and still appear once.
    expect(live.agents.some((a) => a.queues.length > 1)).toBe(true);
    for (const w of live.waiting) {
      WaitingCaller.parse(w);
      expect(w.vendorSessionId).toBeTruthy();
      expect(w.id).toBe(`sales:${w.vendorSessionId}`);
    }
    const waitingIds = new Set(live.waiting.map((w) => w.id));
    for (const call of live.calls) {
      LiveCall.parse(call);
      expect(waitingIds.has(call.id)).toBe(false);
    }
    // Everyone on a call shows up on a live call.
    for (const a of live.agents.filter((x) => x.state === 'on_other_call')) {
      expect(live.calls.some((call) => call.agentId === a.id)).toBe(true);
    }
  });

  it('logs in once and reuses the token across polls', async () => {
    const c = connector();
    await sim.control('POST', 'requests/reset');
    await c.fetchLive(never());
    await c.fetchLive(never());
    await c.fetchLive(never());
    const paths = await portsipPaths();
    expect(paths['POST /api/login']).toBe(1);
    expect(paths['GET /api/call_queues']).toBe(3);
    expect(paths['GET /api/sessions']).toBe(3);
    expect(c.health().requestsLastMinute).toBeGreaterThan(3);
    expect(c.health().budgetPerMinute).toBe(5000);
  });

  it('logs in again, once, when the token is revoked, and when it is about to expire', async () => {
    const c = connector();
    await c.fetchLive(never());
    await sim.control('POST', 'requests/reset');
    await sim.control('POST', 'faults', { dialect: 'portsip', revokeTokens: true });
    await expect(c.fetchLive(never())).resolves.toBeDefined();
    expect((await portsipPaths())['POST /api/login']).toBe(1); // shared by every read that got the 401

    await sim.control('POST', 'faults', { dialect: 'portsip', tokenTtlSeconds: 1 });
    await c.fetchLive(never()); // token is still the long one: renewal comes with the next login
    await sim.control('POST', 'faults', { dialect: 'portsip', revokeTokens: true });
    await c.fetchLive(never()); // 401 → new login, now with expires_in 1
    await sim.control('POST', 'requests/reset');
    await new Promise((r) => setTimeout(r, 900)); // past 4/5 of the lifetime, before expiry
    await c.fetchLive(never());
    expect((await portsipPaths())['POST /api/login']).toBe(1);
  });

  it('sets BREAK and reads it back, then READY again', async () => {
    const c = connector();
    let live = await c.fetchLive(never());
    // A ready agent changes at once; one on a call changes when the call ends (the clock is manual).
    const pick =
      live.agents.find((a) => a.state === 'ready') ??
      live.agents.find((a) =>
        ['on_queue_call', 'on_other_call', 'wrap_up', 'not_ready', 'lunch'].includes(a.state),
      )!;
    const queue = pick.queues.find((m) => m.loggedIn)!;
    const queueVendorId = queue.queueId.slice('sales:'.length);
    await c.setAgentState(pick.vendorId, queueVendorId, 'break');
    for (let i = 0; i < 60; i++) {
      live = await c.fetchLive(never());
      if (live.agents.find((a) => a.id === pick.id)!.state === 'break') break;
      await advance(30);
    }
    const after = live.agents.find((a) => a.id === pick.id)!;
    expect(after).toMatchObject({ state: 'break', rawState: 'BREAK' });
    const q = live.queues.find((x) => x.id === queue.queueId)!;
    expect(q.live.agentsNotReady).toBeGreaterThanOrEqual(1);

    await c.setAgentState(pick.vendorId, queueVendorId, 'ready');
    live = await c.fetchLive(never());
    expect(['ready', 'on_queue_call']).toContain(live.agents.find((a) => a.id === pick.id)!.state);
  });

  it('logs an agent out of a queue and back in', async () => {
    const c = connector();
    let live = await c.fetchLive(never());
    const pick = live.agents.find((a) => a.queues.some((m) => m.loggedIn))!;
    const queue = pick.queues.find((m) => m.loggedIn)!;
    const queueVendorId = live.queues.find((q) => q.id === queue.queueId)!.vendorId;
    const before = live.queues.find((q) => q.id === queue.queueId)!.live.agentsLoggedIn;

    await c.agentQueue(pick.vendorId, queueVendorId, 'logout');
    live = await c.fetchLive(never());
    expect(
      membership(
        live.agents.find((a) => a.id === pick.id)!,
        queue.queueId,
      )!.loggedIn,
    ).toBe(false);
    expect(live.queues.find((q) => q.id === queue.queueId)!.live.agentsLoggedIn).toBe(before - 1);

    await c.agentQueue(pick.vendorId, queueVendorId, 'login');
    live = await c.fetchLive(never());
    expect(
      membership(
        live.agents.find((a) => a.id === pick.id)!,
        queue.queueId,
      )!.loggedIn,
    ).toBe(true);
  });

  it('words vendor refusals plainly and keeps the vendor code', async () => {
    const c = connector();
    const live = await c.fetchLive(never());
    const queueVendorId = live.queues[0]!.vendorId;

    const unknown = await vendorErrorOf(c.setAgentState('999999', queueVendorId, 'break'));
    expect(unknown).toMatchObject({ vendorCode: 'NOT_FOUND', status: 404, transient: false });
    expect(unknown.message).toBe('PortSIP does not know that agent or queue');

    const offline = live.agents.find((a) => a.state === 'offline');
    if (offline) {
      const q = live.queues.find((x) => x.id === offline.queues[0]!.queueId)!;
      const e = await vendorErrorOf(c.setAgentState(offline.vendorId, q.vendorId, 'ready'));
      expect(e).toMatchObject({ vendorCode: 'VALIDATE_FAILED', status: 400, transient: false });
      expect(e.message).toMatch(/^PortSIP refused the state change: .*offline/);
    }

    const notSettable = await vendorErrorOf(
      c.setAgentState(live.agents[0]!.vendorId, queueVendorId, 'on_queue_call'),
    );
    expect(notSettable.vendorCode).toBe('UNSUPPORTED');

    const gone = await vendorErrorOf(c.pickup(queueVendorId, 'NOT_A_SESSION'));
    expect(gone).toMatchObject({ vendorCode: 'NOT_FOUND', status: 404 });
    expect(gone.message).toMatch(/no longer waiting/);
  });

  it('surfaces malformed JSON as MALFORMED, 5xx as a transient error and a vanished vendor as unreachable', async () => {
    const c = connector();
    await c.fetchLive(never()); // logged in: the faults below hit the data reads

    await sim.control('POST', 'faults', { dialect: 'portsip', malformedRate: 1 });
    const malformed = await vendorErrorOf(c.fetchLive(never()));
    expect(malformed.vendorCode).toBe('MALFORMED');
    expect(malformed.message).toMatch(/unreadable answer from \/(call_queues|sessions)/);
    await sim.control('DELETE', 'faults');

    await sim.control('POST', 'faults', { dialect: 'portsip', errorRate: 1, errorStatus: 503 });
    const failed = await vendorErrorOf(c.fetchLive(never()));
    expect(failed).toMatchObject({ status: 503, transient: true });
    expect(failed.message).toMatch(/PortSIP had a server error \(HTTP 503\)/);
    await sim.control('DELETE', 'faults');

    await sim.control('POST', 'faults', { dialect: 'portsip', down: true });
    const down = await vendorErrorOf(c.fetchLive(never()));
    expect(down).toMatchObject({ vendorCode: 'UNREACHABLE', transient: true });
    await sim.control('DELETE', 'faults');

    await expect(c.fetchLive(never())).resolves.toBeDefined();
  });

  it('picks up a waiting caller, who then leaves the waiting list', async () => {
    const c = connector();
    let live = await c.fetchLive(never());
    // Quiet hours answer every caller at once: then take one queue's agents out until someone waits.
    const loggedOut: { agent: string; queue: string }[] = [];
    for (let i = 0; live.waiting.length === 0 && i < 600; i++) {
      if (i === 10) {
        const q = live.queues[0]!;
        for (const a of live.agents) {
          if (membership(a, q.id)?.loggedIn) {
            await c.agentQueue(a.vendorId, q.vendorId, 'logout');
            loggedOut.push({ agent: a.vendorId, queue: q.vendorId });
          }
        }
      }
      await advance(20);
      const state = (await sim.control('GET', 'state')) as {
        portsip: { queues: { waiting: number }[] }[];
      };
      if (state.portsip[0]!.queues.some((q) => q.waiting > 0)) live = await c.fetchLive(never());
    }
    const caller = live.waiting[0]!;
    expect(caller).toBeDefined();
    const queueVendorId = live.queues.find((q) => q.id === caller.queueId)!.vendorId;

    await c.pickup(queueVendorId, caller.vendorSessionId!);
    live = await c.fetchLive(never());
    expect(live.waiting.some((w) => w.id === caller.id)).toBe(false);
    // The supervisor answered it: the session is now a live call being talked.
    expect(live.calls.find((x) => x.id === caller.id)).toMatchObject({
      state: 'talking',
      agentId: null,
    });

    for (const x of loggedOut) await c.agentQueue(x.agent, x.queue, 'login');
  });
});
