import { z } from 'zod';
import { CSRF_HEADER, CSRF_VALUE, ErrorBody, type ErrorCode } from '@contract/common';
import { FETCHED_AT_HEADER, withFetchedAt, type Freshness } from '@contract/source';
import type { BodyDecoder } from './keyed-list/keyed-list-client';

/** Codes the client adds to the gateway's own: no answer at all, or an answer the contract rejects. */
export type ClientErrorCode = 'NETWORK' | 'INVALID_RESPONSE' | 'HTTP_ERROR';

/** A failed /api/v1 call: the gateway's ErrorBody when it sent one, or a client-side cause. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode | (string & {});
  readonly fields: Record<string, string> | undefined;
  readonly path: string;

  constructor(init: {
    status: number;
    code: ApiError['code'];
    message: string;
    path: string;
    fields?: Record<string, string> | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields;
    this.path = init.path;
  }

  /** True for the session endpoints, whose 401 means "not signed in" rather than "session ended". */
  get isAuthRoute(): boolean {
    return this.path.startsWith('/api/v1/auth/');
  }
}

/** True when `error` is an ApiError with this HTTP status. */
export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

type QueryValue = string | number | boolean | null | undefined | readonly string[];

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  /** Appended as a query string; undefined, null and empty lists are left out. */
  query?: Record<string, QueryValue> | undefined;
}

/** Schema for endpoints that answer 204 No Content. */
export const NoContent = z.undefined();

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const STATUS_MESSAGES: Record<number, string> = {
  401: 'Your session has ended. Sign in again.',
  403: 'You do not have permission to do that.',
  404: 'Not found.',
  429: 'Too many requests. Wait a moment and try again.',
  502: 'A call-centre source did not answer.',
  503: 'The Queuedeck gateway is unavailable.',
  504: 'A call-centre source took too long to answer.',
};

async function readError(res: Response, path: string): Promise<ApiError> {
  let body: unknown = undefined;
  try {
    body = await res.json();
  } catch {
    // Proxies and crashed upstreams answer with HTML or nothing; fall back to the status.
  }
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    return new ApiError({ status: res.status, code, message, fields, path });
  }
  return new ApiError({
    status: res.status,
    code: 'HTTP_ERROR',
    message: STATUS_MESSAGES[res.status] ?? `The gateway answered ${res.status}.`,
    path,
  });
}

async function request<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  schema: S,
  body: unknown,
  options: RequestOptions = {},
  onHeaders?: (headers: Headers) => void,
  decoder?: BodyDecoder<z.output<S>>,
): Promise<z.output<S>> {
  const url = withQuery(path, options.query);
  const headers: Record<string, string> = { accept: 'application/json' };
  // The gateway rejects state changes without this header (contract/common.ts explains why).
  if (method !== 'GET') headers[CSRF_HEADER] = CSRF_VALUE;
  if (body !== undefined) headers['content-type'] = 'application/json';

  let res: Response;
  try {
    // Default cache mode on purpose: live GETs carry ETag + no-cache, so the browser revalidates
    // with If-None-Match and an unchanged snapshot costs a 304.
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError({
      status: 0,
      code: 'NETWORK',
      message: 'Cannot reach the Queuedeck gateway.',
      path,
    });
  }

  if (!res.ok) throw await readError(res, path);
  onHeaders?.(res.headers);
  const unreadable = () =>
    new ApiError({
      status: res.status,
      code: 'INVALID_RESPONSE',
      message: 'The gateway sent an answer this screen cannot read.',
      path,
    });

  if (decoder) {
    let buffer: ArrayBuffer;
    try {
      buffer = await res.arrayBuffer();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw unreadable();
    }
    const outcome = await decoder.decode(buffer);
    if (!outcome.ok) throw unreadable();
    return outcome.data;
  }

  let json: unknown = undefined;
  if (res.status !== 204) {
    try {
      json = await res.json();
    } catch {
      throw unreadable();
    }
  }

  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // Logged so a contract drift is diagnosable from the console; users get a plain sentence.
    console.error(`Unexpected answer from ${method} ${path}`, parsed.error.issues);
    throw unreadable();
  }
  return parsed.data;
}

/** GET `path` and parse the answer with `schema`. */
export function apiGet<S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) {
  return request('GET', path, schema, undefined, options);
}

/**
 * GET a live resource (queues, agents, calls): as apiGet, with each source's `fetchedAt` moved up
 * to FETCHED_AT_HEADER's. A revalidated answer (304) hands back the body the browser cached, whose
 * fetchedAt is when the data last changed; the header, refreshed on the 304, says when the gateway
 * last confirmed it, so quiet data is not taken for stale data.
 */
export async function apiGetLive<S extends z.ZodType<{ freshness: Freshness[] }>>(
  path: string,
  schema: S,
  options?: RequestOptions & {
    /** Decodes the body instead of parsing it whole here (a KeyedListClient for large live lists). */
    decoder?: BodyDecoder<z.output<S>> | undefined;
  },
): Promise<z.output<S>> {
  let header: string | null = null;
  const data = await request(
    'GET',
    path,
    schema,
    undefined,
    options,
    (h) => {
      header = h.get(FETCHED_AT_HEADER);
    },
    options?.decoder,
  );
  return { ...data, freshness: withFetchedAt(data.freshness, header) };
}

/** POST `body` as JSON (with the CSRF header) and parse the answer with `schema`. */
export function apiPost<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: S,
  options?: RequestOptions,
) {
  return request('POST', path, schema, body, options);
}

/** PUT `body` as JSON (with the CSRF header) and parse the answer with `schema`. */
export function apiPut<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: S,
  options?: RequestOptions,
) {
  return request('PUT', path, schema, body, options);
}

/** PATCH `body` as JSON (with the CSRF header) and parse the answer with `schema`. */
export function apiPatch<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: S,
  options?: RequestOptions,
) {
  return request('PATCH', path, schema, body, options);
}

/** DELETE `path` (with the CSRF header) and parse the answer with `schema`. */
export function apiDelete<S extends z.ZodType>(path: string, schema: S, options?: RequestOptions) {
  return request('DELETE', path, schema, undefined, options);
}
