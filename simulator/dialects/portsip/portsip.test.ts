import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../server';
import { PORTSIP_STATUS } from './portsip';

/**
 * Every response on the call-queue, session and CDR paths is validated against the vendor's own
 * OpenAPI document (docs/vendors.md#portsip), kept gzipped in docs/vendors/ (SPEC_PATH below).
 */

const here = dirname(fileURLToPath(import.meta.url));
const SPEC_PATH = process.env.QUEUEDECK_PORTSIP_SPEC ?? resolve(here, '../../../docs/vendors/portsip-pbx-rest-22.json.gz');
const START = Date.UTC(2025, 4, 14, 14) / 1000;

type Spec = { paths: Record<string, Record<string, { responses: Record<string, any> }>> };

/**
 * The spec types blank fields as plain strings, yet its own introduction says "Blank fields are
 * explicitly included as null values": allow null on every property, as the vendor does.
 */
function allowNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowNulls);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = allowNulls(v);
  if (out.properties && typeof out.properties === 'object') {
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(out.properties as Record<string, unknown>)) props[k] = { anyOf: [v, { type: 'null' }] };
    out.properties = props;
  }
  return out;
}

const ERROR_SCHEMA = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', pattern: '^[A-Z_]+$' }, message: { type: 'string' } } },
    },
  },
};

let ajv: Ajv2020;
let spec: Spec;
const validators = new Map<string, ValidateFunction>();
const exercised = new Set<string>();

function validatorFor(path: string, method: string, status: number): ValidateFunction {
  const key = `${method} ${path} ${status}`;
  let v = validators.get(key);
  if (v) return v;
  const op = spec.paths[path]?.[method];
  if (!op) throw new Error(`spec has no ${method.toUpperCase()} ${path}`);
  const res = op.responses[String(status)];
  if (status >= 400) {
    v = ajv.compile(ERROR_SCHEMA);
  } else {
    if (!res) throw new Error(`spec has no ${status} response for ${method.toUpperCase()} ${path} (has ${Object.keys(op.responses).join(', ')})`);
    const schema = res.content?.['application/json']?.schema;
    // Responses without a body schema (e.g. 200 "OK" of pickup) must come with an empty body.
    v = schema ? ajv.compile(schema) : ajv.compile({ const: null });
  }
  validators.set(key, v);
  return v;
}

let sim: RunningSimulator;
let auth: Record<string, string>;

/** Calls the simulator and validates the answer against the spec operation `specPath`. */
async function call(method: 'get' | 'post', url: string, specPath: string, body?: unknown, headers = auth): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.credentials.portsip.baseUrl}/api${url}`, {
    method: method.toUpperCase(),
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const parsed = text === '' ? null : JSON.parse(text);
  const validate = validatorFor(specPath, method, res.status);
  if (!validate(parsed)) {
    throw new Error(`${method.toUpperCase()} ${url} → ${res.status} does not match the spec: ${ajv.errorsText(validate.errors?.slice(0, 6))}\n${text.slice(0, 500)}`);
  }
  if (res.status < 400) exercised.add(`${method} ${specPath}`);
  return { status: res.status, body: parsed };
}

beforeAll(async () => {
  if (!existsSync(SPEC_PATH)) throw new Error(`PortSIP OpenAPI document not found at ${SPEC_PATH} (set QUEUEDECK_PORTSIP_SPEC)`);
  const raw = readFileSync(SPEC_PATH);
  const text = SPEC_PATH.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  spec = allowNulls(JSON.parse(text)) as Spec;
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('date_time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('uint32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff });
  // The document's own refs (if any) resolve against it as a whole.
  ajv.addSchema(spec as object, 'portsip-openapi');

  sim = await startSimulator({ seed: 8, clock: 'manual', startAt: START });
  const c = sim.credentials.portsip;
  const res = await fetch(`${c.baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: c.username, password: c.password, domain: c.domain }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
  expect(body.token_type).toBe('Bearer');
  expect(body.expires_in).toBe(3600);
  auth = { authorization: `Bearer ${String(body.access_token)}` };
});

afterAll(async () => {
  await sim?.close();
});

describe('PortSIP dialect (validated against the OpenAPI document)', () => {
  it('login: wrong credentials are a 4xx with errors[]; GET /login describes the token', async () => {
    const c = sim.credentials.portsip;
    const bad = await call('post', '/login', '/login', { username: c.username, password: 'nope', domain: c.domain }, {});
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe('UNAUTHORIZED');
    const missing = await call('post', '/login', '/login', { username: c.username }, {});
    expect(missing.status).toBe(400);
    const me = await call('get', '/login', '/login');
    expect(me.status).toBe(200);
    expect(me.body.expires_in).toBe(3600);
  });

  it('401 with errors[] without a valid token', async () => {
    const r = await call('get', '/call_queues', '/call_queues', undefined, {});
    expect(r.status).toBe(401);
    expect(r.body.errors[0].code).toBe('UNAUTHORIZED');
    const r2 = await call('get', '/cdrs', '/cdrs', undefined, { authorization: 'Bearer nope' });
    expect(r2.status).toBe(401);
  });

  it('lists call queues with filter, search, orderby, skip and top', async () => {
    const all = await call('get', '/call_queues', '/call_queues');
    expect(all.body.count).toBe(2);
    expect(all.body.items.map((q: any) => q.name)).toEqual(['New business', 'Account management']);
    for (const q of all.body.items) expect(Buffer.from(q.id, 'base64').toString()).toMatch(/^\d{15,20}$/);
    const f = await call('get', `/call_queues?filter=${encodeURIComponent("name eq 'Account management'")}`, '/call_queues');
    expect(f.body.items.map((q: any) => q.name)).toEqual(['Account management']);
    expect(f.body.count).toBe(1);
    const s = await call('get', '/call_queues?search=business', '/call_queues');
    expect(s.body.items.map((q: any) => q.name)).toEqual(['New business']);
    const o = await call('get', `/call_queues?orderby=${encodeURIComponent('name asc')}&skip=1&top=1`, '/call_queues');
    expect(o.body).toMatchObject({ count: 2, items: [{ name: 'New business' }] });
    expect((await call('get', '/call_queues?top=101', '/call_queues')).status).toBe(400);
    expect((await call('get', `/call_queues?filter=${encodeURIComponent('name eq')}`, '/call_queues')).status).toBe(400);
  });

  it('reads a queue, its status, agents and every agent status', async () => {
    const { body } = await call('get', '/call_queues', '/call_queues');
    const statuses = new Set<string>();
    for (const item of body.items) {
      const detail = await call('get', `/call_queues/${item.id}`, '/call_queues/{id}');
      expect(detail.body).toMatchObject({ id: item.id, name: item.name, extension_number: item.extension_number });
      expect((await call('get', `/call_queues/${item.id}/status`, '/call_queues/{id}/status')).body).toEqual({ status: 'ONLINE' });
      const agents = await call('get', `/call_queues/${item.id}/agents`, '/call_queues/{id}/agents');
      expect(agents.body.items.length).toBeGreaterThan(3);
      for (const a of agents.body.items) {
        const one = await call('get', `/call_queues/${item.id}/agents/${a.extension_number}`, '/call_queues/{id}/agents/{agent_number}');
        statuses.add(one.body.status);
      }
    }
    expect([...statuses].every((s) => [...Object.values(PORTSIP_STATUS), 'OFFLINE'].includes(s))).toBe(true);
    expect(statuses.size).toBeGreaterThan(2);
    expect((await call('get', '/call_queues/Nzk5OTk5OTk5', '/call_queues/{id}')).status).toBe(404);
    expect((await call('get', `/call_queues/${body.items[0].id}/agents/99999`, '/call_queues/{id}/agents/{agent_number}')).status).toBe(404);
  });

  it('sets agent status (write enum) and reads it back (read enum)', async () => {
    // The first READY member of any queue: which agents are idle at this moment follows the seed.
    const queues = (await call('get', '/call_queues', '/call_queues')).body.items;
    let qid: string | null = null;
    let target: string | null = null;
    for (const q of queues) {
      const agents = (await call('get', `/call_queues/${q.id}/agents`, '/call_queues/{id}/agents')).body.items;
      for (const a of agents) {
        const s = (await call('get', `/call_queues/${q.id}/agents/${a.extension_number}`, '/call_queues/{id}/agents/{agent_number}')).body.status;
        if (s === 'READY') {
          qid = q.id;
          target = a.extension_number;
          break;
        }
      }
      if (target !== null) break;
    }
    expect(target).not.toBeNull();
    const path = `/call_queues/${qid}/agents/${target}`;
    const spath = '/call_queues/{id}/agents/{agent_number}';
    const read = async () => (await call('get', path, spath)).body;

    expect((await call('post', path, spath, { status: 'BREAK' })).status).toBe(200);
    expect(await read()).toMatchObject({ status: 'BREAK', reason: 'Break' });
    // A break holds while time passes (briefly: a longer step may reach the end of the shift).
    sim.advance(20);
    expect((await read()).status).toBe('BREAK');
    expect((await call('post', path, spath, { status: 'LOGGED_OUT' })).status).toBe(200);
    expect((await read()).status).toBe('LOGGED_OUT');
    expect((await call('post', path, spath, { status: 'LOGGED_IN' })).status).toBe(200);
    expect((await call('post', path, spath, { status: 'READY' })).status).toBe(200);
    expect(['READY', 'QUEUE_CALL']).toContain((await read()).status);
    expect((await call('post', path, spath, { status: 'QUEUE_CALL' })).status).toBe(400);
    expect((await call('post', path, spath, {})).status).toBe(400);
  });

  it('shows waiting callers and picks one up', async () => {
    const queues = (await call('get', '/call_queues', '/call_queues')).body.items;
    let found: { qid: string; item: any } | null = null;
    for (let i = 0; i < 300 && !found; i++) {
      for (const q of queues) {
        const w = await call('get', `/call_queues/${q.id}/waiting`, '/call_queues/{id}/waiting');
        if (w.body.items.length > 0) {
          found = { qid: q.id, item: w.body.items[0] };
          break;
        }
      }
      if (!found) sim.advance(20);
    }
    expect(found).not.toBeNull();
    const { qid, item } = found as { qid: string; item: any };
    expect(Number.isInteger(item.waiting_time)).toBe(true);
    const pick = await call('post', `/call_queues/${qid}/waiting/${item.session_id}/pickup`, '/call_queues/{id}/waiting/{session_id}/pickup');
    expect(pick.status).toBe(200);
    const after = await call('get', `/call_queues/${qid}/waiting`, '/call_queues/{id}/waiting');
    expect(after.body.items.some((x: any) => x.session_id === item.session_id)).toBe(false);
    const again = await call('post', `/call_queues/${qid}/waiting/${item.session_id}/pickup`, '/call_queues/{id}/waiting/{session_id}/pickup');
    expect(again.status).toBe(404);
    const sessions = await call('get', '/sessions', '/sessions');
    expect(sessions.status).toBe(201);
    expect(sessions.body.items.some((s: any) => s.id === item.session_id)).toBe(true);
  });

  it('lists sessions (201 per the spec) and CDRs with filter and paging', async () => {
    const sessions = await call('get', '/sessions', '/sessions');
    expect(sessions.status).toBe(201);
    expect(sessions.body.count).toBe(sessions.body.items.length);
    expect(sessions.body.count).toBeGreaterThan(0);
    const cdrs = await call('get', '/cdrs?top=100', '/cdrs');
    expect(cdrs.body.count).toBeGreaterThan(100);
    expect(cdrs.body.items).toHaveLength(100);
    const since = new Date((START - 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const filtered = await call('get', `/cdrs?filter=${encodeURIComponent(`started_at ge '${since}'`)}&orderby=${encodeURIComponent('started_at desc')}&top=50`, '/cdrs');
    expect(filtered.body.count).toBeLessThan(cdrs.body.count);
    for (const c of filtered.body.items) expect(c.started_at >= since).toBe(true);
    const times = filtered.body.items.map((c: any) => c.started_at);
    expect([...times].sort().reverse()).toEqual(times);
    const page2 = await call('get', '/cdrs?skip=100&top=100', '/cdrs');
    expect(page2.body.items[0].id).not.toBe(cdrs.body.items[0].id);
    const unanswered = cdrs.body.items.find((c: any) => c.answered_at === null);
    if (unanswered) expect(['CANCELLED', 'REDIRECTED']).toContain(unanswered.end_reason);
  });

  it('exercised every call-queue, session and CDR operation', () => {
    for (const op of [
      'get /call_queues',
      'get /call_queues/{id}',
      'get /call_queues/{id}/status',
      'get /call_queues/{id}/waiting',
      'post /call_queues/{id}/waiting/{session_id}/pickup',
      'get /call_queues/{id}/agents',
      'get /call_queues/{id}/agents/{agent_number}',
      'post /call_queues/{id}/agents/{agent_number}',
      'get /sessions',
      'get /cdrs',
      'get /login',
    ]) {
      expect(exercised.has(op), op).toBe(true);
    }
  });
});
