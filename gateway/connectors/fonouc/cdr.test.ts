import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CdrRow } from './cdr-schemas';
import { fonoucTimeMs, mapDisposition, toCdr } from './cdr-to-domain';
import { FonoucConnector } from './connector';
import { VendorError } from '../types';

// The seed's own CDR (001), reassembled: answered, no connected agent leg, a transfer leg at the end.
const SEED_ROW = {
  callid: '2ac2b849-803e-4b42-9611-d0f4a8716544',
  queue_name: 'fb-lead-capture-group-1',
  state: 1,
  called_time: 1753765616.1264646,
  hangup_time: 1753765683.419,
  queue_history: [{ queue_name: 'fb-lead-capture-group-1', ts: 1753765616.1264675 }],
  agent_history: [
    {
      type: 'user',
      event: 'dial',
      ext: '902',
      last_attempt: 1753765618.3056064,
      connected: false,
      total_talk_time: 0,
      first_name: 'Ashan',
      last_name: 'Kodagoda',
    },
    {
      type: 'transfer',
      event: 'transfer',
      ext: '9687',
      last_attempt: 1753765682.4812522,
      connected: false,
      total_talk_time: 0,
      first_name: '',
      last_name: '',
    },
  ],
  disposition: 'ANSWER',
  caller_id_number: '9411234567',
  caller_id_name: '"9411234567"',
  timestamp: 1753765602,
  billing_seconds: '68',
  interaction_id: '63920984802-a44fd05f',
  agent_answered_name: ' ',
  agent_answered_ext: '9687',
};

const names = (n: string) => (n === 'fb-lead-capture-group-1' ? 'q-uuid-1' : null);
const parse = (raw: unknown) => CdrRow.parse(raw);

describe('FonoUC CDR to contract', () => {
  it('reads the seed CDR: float times, string billing_seconds, quoted caller name, blank agent name', () => {
    const c = toCdr('fono', parse(SEED_ROW), names)!;
    expect(c).toMatchObject({
      id: 'fono:2ac2b849-803e-4b42-9611-d0f4a8716544',
      sourceId: 'fono',
      queueId: 'fono:q-uuid-1',
      queueName: 'fb-lead-capture-group-1',
      callerNumber: '9411234567',
      callerName: '9411234567',
      agentName: null,
      disposition: 'answered',
      rawDisposition: 'ANSWER',
      enteredAt: '2025-07-29T05:06:56.126Z',
      answeredAt: '2025-07-29T05:08:02.481Z',
      endedAt: '2025-07-29T05:08:03.419Z',
      holdSeconds: null,
      wrapSeconds: null,
    });
    // wait = 1753765682.481 − 1753765616.126 = 66.355 s; talk = 1753765683.419 − 1753765682.481 = 0.938 s
    expect(c.waitSeconds).toBe(66.355);
    expect(c.talkSeconds).toBe(0.938);
  });

  it('takes the answer time from the connected agent leg', () => {
    const row = {
      ...SEED_ROW,
      callid: 'x',
      agent_history: [
        {
          type: 'user',
          last_attempt: 1753765620.5,
          connected: true,
          total_talk_time: 50,
          first_name: 'Ana',
          last_name: 'Li',
        },
      ],
      agent_answered_name: 'Ana Li',
    };
    const c = toCdr('fono', parse(row), names)!;
    // answered = hang-up − talk = 1753765683.419 − 50 = 1753765633.419 (after the leg rang at …620.5)
    expect(c.answeredAt).toBe(new Date(1753765633419).toISOString());
    // wait = …633.419 − …616.126 (entry, to the millisecond) = 17.293 s
    expect(c.waitSeconds).toBe(17.293);
    expect(c.talkSeconds).toBe(50);
    expect(c.agentName).toBe('Ana Li');
  });

  it('maps dispositions, and reads seconds, milliseconds and Kazoo Gregorian seconds alike', () => {
    expect(mapDisposition({ disposition: 'ANSWER' })).toBe('answered');
    expect(mapDisposition({ disposition: 'NO_ANSWER' })).toBe('abandoned');
    expect(mapDisposition({ disposition: 'abandoned' })).toBe('abandoned');
    expect(mapDisposition({ disposition: 'TIMEOUT' })).toBe('other');
    expect(mapDisposition({ state: 0 })).toBe('abandoned');
    expect(fonoucTimeMs(1753765616.5)).toBe(1753765616500);
    expect(fonoucTimeMs(1753765616500)).toBe(1753765616500);
    expect(fonoucTimeMs(63920984802)).toBe(1753765602000);
    expect(fonoucTimeMs(null)).toBeNull();

    const abandoned = toCdr(
      'fono',
      parse({
        callid: 7,
        queue_name: 'gone',
        called_time: '1753765616',
        hangup_time: 1753765646000,
        disposition: 'NO_ANSWER',
        billing_seconds: '30',
      }),
      names,
    )!;
    expect(abandoned).toMatchObject({
      id: 'fono:7',
      queueId: null,
      disposition: 'abandoned',
      waitSeconds: 30,
      talkSeconds: null,
    });
    // Without hang-up time, billing_seconds bounds the call.
    expect(
      toCdr(
        'fono',
        parse({ callid: 'b', called_time: 100, billing_seconds: '12', disposition: 'NO_ANSWER' }),
        names,
      )?.waitSeconds,
    ).toBe(12);
    expect(toCdr('fono', parse({ queue_name: 'x', called_time: 100 }), names)).toBeNull();
    expect(toCdr('fono', parse({ callid: 'no-time' }), names)).toBeNull();
  });
});

describe('FonoUC fetchCdrs over HTTP', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  let loopKeys = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/api/v2/login') return res.end(JSON.stringify({ access_token: 'tok' }));
      if (url.pathname === '/api/v2/config/queues')
        return res.end(JSON.stringify([{ id: 'q-uuid-1', name: 'fb-lead-capture-group-1' }]));
      if (url.pathname === '/api/v2/reports/callcenter/queues') {
        seen.push(url.search);
        const key = url.searchParams.get('start_key');
        const page = key ? Number(key) : 0;
        const rows = [0, 1].map((i) => ({ ...SEED_ROW, callid: `c${page}-${i}` }));
        if (page === 1) rows.push({ junk: true } as never); // no id: skipped, not fatal
        const next = loopKeys ? '1' : page < 2 ? String(page + 1) : '';
        return res.end(
          JSON.stringify({ data: rows, next_start_key: next, page_size: rows.length }),
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
    new FonoucConnector({
      id: 'fono',
      kind: 'fonouc',
      baseUrl: base,
      accountId: 'acc',
      domain: 'd',
      username: 'u',
      password: 'p',
    });

  it('reads every page through next_start_key and names each CDR’s queue from config/queues', async () => {
    const cdrs = await connector().fetchCdrs(
      1753765000500,
      1753766000200,
      AbortSignal.timeout(5000),
    );
    expect(cdrs.map((c) => c.id)).toEqual([
      'fono:c0-0',
      'fono:c0-1',
      'fono:c1-0',
      'fono:c1-1',
      'fono:c2-0',
      'fono:c2-1',
    ]);
    expect(cdrs.every((c) => c.queueId === 'fono:q-uuid-1')).toBe(true);
    expect(seen[0]).toBe('?startDate=1753765000&endDate=1753766001&pageSize=1000');
    expect(seen[1]).toContain('start_key=1');
  });

  it('refuses a report that hands back the same page key forever', async () => {
    loopKeys = true;
    await expect(connector().fetchCdrs(0, 1000, AbortSignal.timeout(5000))).rejects.toBeInstanceOf(
      VendorError,
    );
    loopKeys = false;
  });
});
