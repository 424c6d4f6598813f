import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '@contract/api';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { EntriesPage, QueueEntryDetail } from '@contract/entry';
import { parseConfig, type Config } from './config';
import { startSimProcess, type SimProcess } from './test-support/sim-process';
import { startTestGateway, type TestGateway } from './test-support/gateway';

let sim: SimProcess;
let dataDir: string;
let gw: TestGateway;
let manager: string;
let numberId: string;
let agentId: string;
let campaignId: string;

function config(s: SimProcess, dir: string): Config {
  const c = s.credentials;
  return parseConfig({
    dataDir: dir,
    sources: [
      {
        id: 'ai',
        kind: 'iqra',
        label: 'AI outbound',
        baseUrl: c.iqra!.baseUrl,
        businessId: c.iqra!.businessId,
        apiKey: c.iqra!.apiKey,
        flavor: 'docs',
        pollSeconds: 300,
      },
      {
        id: 'ai2',
        kind: 'iqra',
        baseUrl: c['iqra-server']!.baseUrl,
        businessId: c['iqra-server']!.businessId,
        apiKey: c['iqra-server']!.apiKey,
        flavor: 'server',
        pollSeconds: 300,
      },
      {
        id: 'callbacks',
        kind: 'while1',
        baseUrl: c.while1!.baseUrl,
        apiToken: c.while1!.apiToken,
        apiKey: c.while1!.apiKey,
        pollSeconds: 300,
        callbacks: { projectId: 1, type: 'queue', destination: 'suport' },
      },
    ],
  });
}

async function initiateRequests(path = 'iqra'): Promise<number> {
  const r = (await sim.control('GET', 'requests')) as {
    dialects: Record<string, { paths: Record<string, number> }>;
  };
  return r.dialects[path]?.paths['POST /api/v1/business/:businessId/call/initiate'] ?? 0;
}

const post = (url: string, body: unknown, key: string | null, cookie = manager) =>
  gw.app.inject({
    method: 'POST',
    url,
    headers: { [CSRF_HEADER]: CSRF_VALUE, cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body as object,
  });

const call = (over: Record<string, unknown> = {}) => ({
  source: 'ai',
  recipientNumber: '+14155550123',
  numberId,
  agentId,
  dynamicVariables: { CustomerName: 'Ada Lovelace' },
  metadata: {},
  ...over,
});

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '5']);
  dataDir = mkdtempSync(join(tmpdir(), 'qd-calls-'));
  gw = await startTestGateway(config(sim, dataDir));
  manager = await gw.userCookie('campaign_manager');
  const page = EntriesPage.parse(
    (
      await gw.app.inject({
        method: 'GET',
        url: `${API.entries}?source=ai&pageSize=1`,
        headers: { cookie: manager },
      })
    ).json(),
  );
  const detail = QueueEntryDetail.parse(
    (
      await gw.app.inject({
        method: 'GET',
        url: API.entry('ai', page.items[0]!.vendorId),
        headers: { cookie: manager },
      })
    ).json(),
  );
  numberId = String(detail.raw.numberId);
  agentId = String(detail.raw.agentId);
  campaignId = String(detail.raw.campaignId);
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await sim?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('initiate a call (Iqra)', () => {
  it('needs an Idempotency-Key, a role that may place calls, and an E.164 number — and calls nobody otherwise', async () => {
    const before = await initiateRequests();
    expect((await post(API.initiateCall, call(), null)).statusCode).toBe(400);
    const bad = await post(
      API.initiateCall,
      call({ recipientNumber: '0044 20 7946 0000' }),
      'key-bad-number',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.recipientNumber).toMatch(/E\.164/);
    const viewer = await gw.userCookie('viewer');
    expect((await post(API.initiateCall, call(), 'key-viewer-1', viewer)).statusCode).toBe(403);
    const supervisor = await gw.userCookie('supervisor');
    expect((await post(API.initiateCall, call(), 'key-sup-1', supervisor)).statusCode).toBe(403);
    expect(await initiateRequests()).toBe(before);
  });

  it('queues the call, and its entry appears as pending', async () => {
    const res = await post(API.initiateCall, call(), 'key-first-call');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, entryIds: [expect.stringMatching(/^ai:/)] });
    const [, vendorId] = (body.entryIds[0] as string).split(':');
    const entry = QueueEntryDetail.parse(
      (
        await gw.app.inject({
          method: 'GET',
          url: API.entry('ai', vendorId!),
          headers: { cookie: manager },
        })
      ).json(),
    );
    expect(entry.phoneNumber).toBe('+14155550123');
    expect(['pending', 'dialing', 'in_progress']).toContain(entry.status);
  });

  it('places one call for one key however often and concurrently it is sent', async () => {
    const before = await initiateRequests();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        post(API.initiateCall, call({ recipientNumber: '+14155550999' }), 'key-double-click'),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    // One went through; the others either replayed its answer or were told it is still in flight.
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === 200 || c === 409)).toBe(true);
    const again = await post(
      API.initiateCall,
      call({ recipientNumber: '+14155550999' }),
      'key-double-click',
    );
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await initiateRequests()).toBe(before + 1);
  });

  it('makes exactly as many vendor calls as distinct keys', async () => {
    const before = await initiateRequests();
    const keys = Array.from({ length: 5 }, (_, i) => `key-bulk-${i}`);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(
          API.initiateCall,
          call({ recipientNumber: `+1415555${String(1000 + (i % 5))}` }),
          keys[i % 5]!,
        ),
      ),
    );
    expect(await initiateRequests()).toBe(before + 5);
  });

  it('answers the same key with another body with 422', async () => {
    const res = await post(
      API.initiateCall,
      call({ recipientNumber: '+14155550124' }),
      'key-first-call',
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('turns a vendor refusal into a plain message beside the field it concerns', async () => {
    const res = await post(
      API.initiateCall,
      call({ agentId: 'ffffffffffffffffffffffff' }),
      'key-bad-agent',
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'VENDOR_ERROR',
      fields: { agentId: expect.any(String) },
    });
  });

  it('answers 429 when the vendor throttles, and the same key then goes through', async () => {
    await sim.control('POST', 'faults', {
      dialect: 'iqra',
      rateLimitRate: 1,
      retryAfterSeconds: 1,
    });
    let throttled;
    try {
      throttled = await post(
        API.initiateCall,
        call({ recipientNumber: '+14155550777' }),
        'key-throttled',
      );
    } finally {
      await sim.control('DELETE', 'faults');
    }
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, Number(throttled.headers['retry-after']) * 1000 + 100));
    const again = await post(
      API.initiateCall,
      call({ recipientNumber: '+14155550777' }),
      'key-throttled',
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('false');
  });

  it('works against the open-source server flavour too', async () => {
    const before = await initiateRequests('iqra-server');
    const res = await post(
      API.initiateCall,
      call({ source: 'ai2', campaignId }),
      'key-server-flavour',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().entryIds[0]).toMatch(/^ai2:/);
    expect(await initiateRequests('iqra-server')).toBe(before + 1);
  });
});

describe('schedule a callback (While1)', () => {
  it('saves the callback and it can be read back as an entry', async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    const res = await post(
      API.scheduleCallback,
      {
        source: 'callbacks',
        phoneNumber: '+40721555123',
        callerName: 'Ion Popescu',
        scheduledAt: at,
      },
      'key-callback-1',
    );
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().entryIds[0] as string;
    expect(id).toMatch(/^callbacks:/);
    const entry = (
      await gw.app.inject({
        method: 'GET',
        url: API.entry('callbacks', id.split(':')[1]!),
        headers: { cookie: manager },
      })
    ).json();
    expect(entry.phoneNumber).toContain('40721555123');
    expect(entry.status).toBe('pending');
  });
});

describe('after a restart', () => {
  it('keeps the audit trail and the idempotency keys', async () => {
    const before = await initiateRequests();
    await gw.close();
    gw = await startTestGateway(config(sim, dataDir));
    const audit = await gw.services.audit.list(100);
    expect(
      audit.filter((a) => a.action === 'call.initiate' && a.outcome === 'success').length,
    ).toBeGreaterThanOrEqual(7);
    expect(audit.some((a) => a.action === 'callback.schedule' && a.outcome === 'success')).toBe(
      true,
    );
    // The session died with the process's store? No: sessions live in SQLite too.
    const replay = await post(API.initiateCall, call(), 'key-first-call');
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await initiateRequests()).toBe(before);
  });
});
