import { vi } from 'vitest';

export interface StubRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

type Answer = Response | Promise<Response>;
export type RouteHandler = (request: StubRequest) => Answer;

/** A JSON response, as the gateway sends it. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** The gateway's error shape. */
export function errorResponse(status: number, code: string, message: string): Response {
  return json({ error: { code, message } }, status);
}

/**
 * Replaces `fetch` with a router keyed by "METHOD /path" (query string ignored). A handler may be
 * a function or a fixed body (sent as 200 JSON). Unknown routes answer 404 so a missing stub fails
 * loudly. Returns the mock, whose calls record every request.
 */
export function stubFetch(routes: Record<string, RouteHandler | object>) {
  const mock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const key = `${method} ${url.pathname}`;
    const route = routes[key];
    const request: StubRequest = {
      method,
      path: url.pathname,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    if (route === undefined) return errorResponse(404, 'NOT_FOUND', `No stub for ${key}`);
    return typeof route === 'function' ? (route as RouteHandler)(request) : json(route);
  });
  vi.stubGlobal('fetch', mock);
  return mock;
}

/** The requests a stubbed fetch received, decoded. */
export function requestsOf(mock: ReturnType<typeof stubFetch>): StubRequest[] {
  return mock.mock.calls.map(([input, init = {}]) => ({
    method: (init.method ?? 'GET').toUpperCase(),
    path: new URL(String(input), 'http://localhost').pathname,
    headers: new Headers(init.headers),
    body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
  }));
}
