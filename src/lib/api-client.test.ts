import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Freshness } from '@contract/source';
import { ApiError, NoContent, apiGet, apiGetLive, apiPost } from './api-client';
import { json, requestsOf, stubFetch } from '@/test/fetch-stub';

const Thing = z.object({ id: z.string() });

describe('api-client', () => {
  it('apiGetLive moves fetchedAt up to the header, which 304s refresh', async () => {
    const Live = z.object({ freshness: z.array(Freshness) });
    const f = (sourceId: string, fetchedAt: string | null) => ({
      sourceId,
      fetchedAt,
      error: null,
      errorSince: null,
      stale: false,
    });
    stubFetch({
      'GET /api/v1/agents': () => {
        const res = json({
          freshness: [f('support', '2026-11-24T10:00:00.000Z'), f('sales', null), f('ai', '2026-11-24T10:00:09.000Z')],
        });
        // support confirmed 5 s after its data arrived; ai's header is older than its body.
        res.headers.set(
          'x-queuedeck-fetched-at',
          `support=${Date.parse('2026-11-24T10:00:05.000Z')},ai=${Date.parse('2026-11-24T10:00:01.000Z')}`,
        );
        return res;
      },
    });
    const data = await apiGetLive('/api/v1/agents', Live);
    expect(data.freshness.map((x) => x.fetchedAt)).toEqual([
      '2026-11-24T10:00:05.000Z',
      null,
      '2026-11-24T10:00:09.000Z',
    ]);
  });

  it('GETs same-origin without the CSRF header and parses with the schema', async () => {
    const mock = stubFetch({ 'GET /api/v1/thing': { id: 'a', extra: true } });
    await expect(
      apiGet('/api/v1/thing', Thing, { query: { q: 'x', empty: undefined, list: ['a', 'b'] } }),
    ).resolves.toEqual({ id: 'a' });
    const [input, init] = mock.mock.calls[0]!;
    expect(String(input)).toBe('/api/v1/thing?q=x&list=a%2Cb');
    expect(init?.credentials).toBe('same-origin');
    expect(init?.cache).toBeUndefined();
    expect(new Headers(init?.headers).has('x-queuedeck-csrf')).toBe(false);
  });

  it('POSTs with the CSRF header and JSON content type; 204 parses as NoContent', async () => {
    const mock = stubFetch({
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    });
    await expect(apiPost('/api/v1/auth/logout', undefined, NoContent)).resolves.toBeUndefined();
    const [req] = requestsOf(mock);
    expect(req?.headers.get('x-queuedeck-csrf')).toBe('1');
    // No body, so no content type.
    expect(req?.headers.has('content-type')).toBe(false);
  });

  it("throws ApiError with the gateway's code, message and fields", async () => {
    stubFetch({
      'POST /api/v1/x': () =>
        json(
          { error: { code: 'VALIDATION', message: 'Bad input', fields: { name: 'Required' } } },
          400,
        ),
    });
    const error = await apiPost('/api/v1/x', { a: 1 }, Thing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION',
      message: 'Bad input',
      fields: { name: 'Required' },
    });
  });

  it('turns a non-JSON failure and a contract mismatch into readable errors', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    stubFetch({
      'GET /api/v1/down': () => new Response('<html>Bad gateway</html>', { status: 502 }),
      'GET /api/v1/odd': { id: 42 },
    });
    await expect(apiGet('/api/v1/down', Thing)).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_ERROR',
    });
    await expect(apiGet('/api/v1/odd', Thing)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('reports an unreachable gateway as NETWORK', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiGet('/api/v1/thing', Thing)).rejects.toMatchObject({
      status: 0,
      code: 'NETWORK',
    });
  });
});
