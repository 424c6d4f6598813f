import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { API } from '@contract/api';
import { AgentsResponse } from '@contract/agent';
import { WALLBOARD_API, WallboardResponse } from '@contract/wallboard';
import { compressionsMade, negotiate, OpenBody } from './http/compression';
import { startSimProcess, type SimProcess } from './test-support/sim-process';
import { eventually, simConfig, startTestGateway, type TestGateway } from './test-support/gateway';

// Issue 17, compress once, serve many: live answers in br or gzip, compressed once per snapshot
// version for every screen; every other JSON answer over 1 KB compressed per request; the SPA's
// build served from its pre-compressed files.

let sim: SimProcess;
let gw: TestGateway;
let admin: string;

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '17']);
  gw = await startTestGateway(simConfig(sim));
  admin = await gw.userCookie('admin');
  await eventually(() => gw.services.live.lookup('support') ?? undefined);
  await eventually(() => gw.services.live.lookup('sales') ?? undefined);
}, 60_000);

afterAll(async () => {
  await gw?.close();
  await sim?.stop();
});

function get(url: string, headers: Record<string, string> = {}, cookie = admin) {
  return gw.app.inject({ method: 'GET', url, headers: { cookie, ...headers } });
}

function decoded(res: LightMyRequestResponse): string {
  const coding = res.headers['content-encoding'];
  const raw = res.rawPayload;
  if (coding === 'br') return brotliDecompressSync(raw).toString('utf8');
  if (coding === 'gzip') return gunzipSync(raw).toString('utf8');
  expect(coding).toBeUndefined();
  return raw.toString('utf8');
}

/** Reads `url` once per Accept-Encoding, retrying until all answers are of one snapshot version. */
async function oneVersion(
  url: string,
  encodings: (string | undefined)[],
  cookie = admin,
): Promise<LightMyRequestResponse[]> {
  return eventually(async () => {
    const answers = await Promise.all(
      encodings.map((e) => get(url, e === undefined ? {} : { 'accept-encoding': e }, cookie)),
    );
    return new Set(answers.map((a) => a.headers.etag)).size === 1 ? answers : undefined;
  });
}

const varies = (res: LightMyRequestResponse) =>
  expect(String(res.headers.vary).toLowerCase()).toContain('accept-encoding');

describe('encodings', () => {
  it('prefers br, then gzip, and honours q=0 and *', () => {
    expect(negotiate(undefined)).toBeNull();
    expect(negotiate('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiate('gzip')).toBe('gzip');
    expect(negotiate('br;q=0, gzip')).toBe('gzip');
    expect(negotiate('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(negotiate('identity')).toBeNull();
    expect(negotiate('gzip;q=0')).toBeNull();
    expect(negotiate('*')).toBe('gzip');
  });

  it('closes a body compressed once with a different last member on every answer', async () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ id: i, name: `Agent ${i} – Jürgen` }));
    const open = new OpenBody(`{"items":${JSON.stringify(items)}`);
    const before = compressionsMade();
    for (const last of ['"at":"2026-12-07T15:00:00.000Z"', '"at":"später"', '"at":null']) {
      const text = open.text(last);
      expect(JSON.parse(text)).toMatchObject({ items });
      expect(brotliDecompressSync(await open.encoded('br', last)).toString('utf8')).toBe(text);
      expect(gunzipSync(await open.encoded('gzip', last)).toString('utf8')).toBe(text);
    }
    expect(compressionsMade()).toEqual({ br: before.br + 1, gzip: before.gzip + 1 });
  });
});

describe('live routes: compressed once per snapshot version', () => {
  it('answers br and gzip that decompress to exactly the plain body, with one ETag and Vary', async () => {
    const [plain, br, gzip] = await oneVersion(API.agents, [undefined, 'br', 'gzip']);
    for (const res of [plain!, br!, gzip!]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-cache, private');
      varies(res);
    }
    // No Accept-Encoding: plain JSON.
    expect(plain!.headers['content-encoding']).toBeUndefined();
    expect(AgentsResponse.parse(plain!.json()).items.length).toBeGreaterThan(0);
    expect(br!.headers['content-encoding']).toBe('br');
    expect(gzip!.headers['content-encoding']).toBe('gzip');
    expect(brotliDecompressSync(br!.rawPayload).toString('utf8')).toBe(plain!.body);
    expect(gunzipSync(gzip!.rawPayload).toString('utf8')).toBe(plain!.body);
    expect(br!.rawPayload.length).toBeLessThan(plain!.rawPayload.length / 4);
    expect(Number(br!.headers['content-length'])).toBe(br!.rawPayload.length);
  });

  it('serves every live resource the same way, plain below 1 KB', async () => {
    for (const url of [API.queues, API.agents, API.calls]) {
      const [plain, br, gzip] = await oneVersion(url, [undefined, 'br', 'gzip']);
      const big = plain!.rawPayload.length >= 1024;
      expect(br!.headers['content-encoding']).toBe(big ? 'br' : undefined);
      expect(gzip!.headers['content-encoding']).toBe(big ? 'gzip' : undefined);
      expect(decoded(br!)).toBe(plain!.body);
      expect(decoded(gzip!)).toBe(plain!.body);
      [plain!, br!, gzip!].forEach(varies);
    }
  });

  it('answers If-None-Match with a 304 in any encoding, and a 304 compresses nothing', async () => {
    // A user whose scope nobody else reads: nothing compresses its bodies but these requests.
    const viewer = await gw.userCookie('viewer', { sources: ['sales'], queues: null });
    await eventually(async () => {
      const first = await get(API.agents, {}, viewer);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/"/);
      const before = compressionsMade();
      const again = await Promise.all(
        [undefined, 'br', 'gzip', 'gzip, deflate, br'].map((e) =>
          get(
            API.agents,
            { 'if-none-match': etag, ...(e ? { 'accept-encoding': e } : {}) },
            viewer,
          ),
        ),
      );
      // The floor moves every second: try again until all four fall within the first's version.
      if (again.some((r) => r.statusCode !== 304)) return undefined;
      for (const r of again) {
        expect(r.body).toBe('');
        expect(r.headers['content-encoding']).toBeUndefined();
        varies(r);
      }
      expect(compressionsMade()).toEqual(before);
      return true;
    });
  });

  it('compresses each version once, however many screens ask at the same time', async () => {
    const scoped = await gw.userCookie('viewer', { sources: ['support'], queues: null });
    const before = compressionsMade();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        get(API.agents, { 'accept-encoding': i % 2 ? 'br' : 'gzip' }, scoped),
      ),
    );
    const after = compressionsMade();
    const versions = (coding: string) =>
      new Set(
        answers.filter((a) => a.headers['content-encoding'] === coding).map((a) => a.headers.etag),
      ).size;
    // Usually one version; two when a poll landed during the burst. Never one per request.
    expect(versions('br')).toBeGreaterThanOrEqual(1);
    expect(after.br - before.br).toBe(versions('br'));
    expect(after.gzip - before.gzip).toBe(versions('gzip'));
    const plain = await get(API.agents, {}, scoped);
    for (const a of answers.filter((x) => x.headers.etag === plain.headers.etag)) {
      expect(decoded(a)).toBe(plain.body);
    }
  });

  it('compresses the wallboard once per board, its clock appended per answer', async () => {
    const viewer = await gw.userCookie('viewer', { sources: null, queues: null });
    const [plain, br, gzip] = await oneVersion(
      WALLBOARD_API.wallboard,
      [undefined, 'br', 'gzip'],
      viewer,
    );
    expect(plain!.rawPayload.length).toBeGreaterThanOrEqual(1024);
    expect(plain!.headers['content-encoding']).toBeUndefined();
    expect(br!.headers['content-encoding']).toBe('br');
    expect(gzip!.headers['content-encoding']).toBe('gzip');
    const boards = [plain!, br!, gzip!].map((r) => {
      varies(r);
      return WallboardResponse.parse(JSON.parse(decoded(r)));
    });
    // The same board; only the gateway's clock differs between the answers.
    const { generatedAt: _a, ...rest } = boards[0]!;
    for (const b of boards) {
      const { generatedAt, ...same } = b;
      expect(same).toEqual(rest);
      expect(Math.abs(Date.parse(generatedAt) - Date.now())).toBeLessThan(5_000);
    }
    // Later answers of the same version reuse the compressed bulk.
    const before = compressionsMade();
    const later = await get(WALLBOARD_API.wallboard, { 'accept-encoding': 'br' }, viewer);
    if (later.headers.etag === br!.headers.etag) {
      expect(compressionsMade()).toEqual(before);
      expect(WallboardResponse.parse(JSON.parse(decoded(later))).queues).toEqual(boards[0]!.queues);
    }
  });
});

describe('every other answer', () => {
  it('compresses JSON over 1 KB per request and leaves a small one plain', async () => {
    const plain = await get('/api/v1/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    for (const coding of ['br', 'gzip']) {
      const res = await get('/api/v1/openapi.json', { 'accept-encoding': coding });
      expect(res.headers['content-encoding']).toBe(coding);
      varies(res);
      expect(decoded(res)).toBe(plain.body);
    }
    const small = await get('/healthz', { 'accept-encoding': 'br, gzip' });
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json()).toMatchObject({ ok: true });
  });

  it('keeps /metrics readable by Prometheus, compressed or not', async () => {
    const plain = await gw.app.inject({ method: 'GET', url: '/metrics' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toMatch(/^# HELP queuedeck_polls_total/);
    const gzip = await gw.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip)).toMatch(/^# HELP queuedeck_polls_total/);
  });
});

describe('the SPA build, pre-compressed', () => {
  let dir: string;
  let site: TestGateway;
  const js = `export const app = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `row ${i}`))};\n`;
  const html = `<!doctype html><html><head><script type="module" src="/assets/app-abc.js"></script></head><body>${'<div></div>'.repeat(120)}</body></html>`;

  // At the build's levels (brotli 11, gzip 9): other bytes than a per-request compression makes.
  const files: Record<string, Buffer> = {
    br: brotliCompressSync(js),
    gzip: gzipSync(js, { level: 9 }),
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qd-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets/app-abc.js'), js);
    writeFileSync(join(dir, 'assets/app-abc.js.br'), files.br!);
    writeFileSync(join(dir, 'assets/app-abc.js.gz'), files.gzip!);
    writeFileSync(join(dir, 'index.html'), html);
    writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(html));
    site = await startTestGateway(simConfig(sim), { staticDir: dir, startPolling: false });
    expect(files.gzip!.equals(gzipSync(js))).toBe(false);
  });

  afterAll(async () => {
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fetchFile = (url: string, headers: Record<string, string> = {}) =>
    site.app.inject({ method: 'GET', url, headers });

  it('serves a hashed asset as .br or .gz by Accept-Encoding, immutable, with Vary', async () => {
    const cases: [string | undefined, string | undefined][] = [
      ['br, gzip', 'br'],
      ['gzip, deflate', 'gzip'],
      ['gzip;q=1, br;q=0', 'gzip'],
      [undefined, undefined],
    ];
    for (const [accept, coding] of cases) {
      const res = await fetchFile(
        '/assets/app-abc.js',
        accept ? { 'accept-encoding': accept } : {},
      );
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(coding);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      varies(res);
      expect(decoded(res)).toBe(js);
      // The very file the build wrote, not a compression made for this request.
      if (coding) expect(res.rawPayload.equals(files[coding]!)).toBe(true);
    }
  });

  it('answers a revalidation of a pre-compressed asset with a 304', async () => {
    const first = await fetchFile('/assets/app-abc.js', { 'accept-encoding': 'br' });
    const again = await fetchFile('/assets/app-abc.js', {
      'accept-encoding': 'br',
      'if-none-match': first.headers.etag as string,
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves the SPA shell pre-compressed where it can, never cached without revalidation', async () => {
    for (const url of ['/index.html', '/wallboard']) {
      const br = await fetchFile(url, { 'accept-encoding': 'br' });
      expect(br.statusCode, url).toBe(200);
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(br.headers['cache-control'], url).toBe('no-cache');
      varies(br);
      expect(decoded(br)).toBe(html);
      // No .gz beside it: served plain to a gzip-only client (and compressed per request at most).
      const gzip = await fetchFile(url, { 'accept-encoding': 'gzip' });
      expect(gzip.statusCode, url).toBe(200);
      expect(gzip.headers['cache-control'], url).toBe('no-cache');
      expect(decoded(gzip)).toBe(html);
    }
  });
});
