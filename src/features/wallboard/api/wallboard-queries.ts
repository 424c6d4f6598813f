import { queryOptions } from '@tanstack/react-query';
import { ErrorBody } from '@contract/common';
import { FETCHED_AT_HEADER, withFetchedAt } from '@contract/source';
import {
  DISPLAY_REVOKED,
  DISPLAY_TOKEN_HEADER,
  SERVER_TIME_HEADER,
  WALLBOARD_API,
  WallboardResponse,
} from '@contract/wallboard';
import { ApiError } from '@/lib/api-client';
import { LIVE_POLL_MS } from '@/lib/live-poll';

/** The wallboard polls every second; every poll is also the retry of a failed one. */
export const WALLBOARD_POLL_MS = LIVE_POLL_MS;

export type DisplayDenial = 'revoked' | 'invalid' | 'forbidden';

/**
 * A display token the gateway refuses (401/403). Deliberately not an ApiError: the app's "session
 * ended → sign-in" handler must never see it, since a TV never shows the sign-in page.
 */
export class DisplayAccessError extends Error {
  override readonly name = 'DisplayAccessError';
  constructor(
    readonly reason: DisplayDenial,
    message: string,
  ) {
    super(message);
  }
}

export interface WallboardData {
  board: WallboardResponse;
  /** The gateway's clock minus ours, in ms, at the last answer (304s included). */
  clockOffsetMs: number;
}

export const wallboardKeys = {
  all: ['wallboard'] as const,
  board: (token: string | null) => [...wallboardKeys.all, token === null ? 'me' : 'display', token ?? ''] as const,
};

/**
 * GET /api/v1/wallboard, with the display token in its header (kept out of URLs and logs). The
 * browser's cache revalidates with If-None-Match, so an unchanged board costs a 304.
 */
export async function fetchWallboard(token: string | null, signal?: AbortSignal): Promise<WallboardData> {
  const path = WALLBOARD_API.wallboard;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers[DISPLAY_TOKEN_HEADER] = token;
  const sentAt = Date.now();
  let res: Response;
  try {
    res = await fetch(path, { headers, credentials: token === null ? 'same-origin' : 'omit', signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError({ status: 0, code: 'NETWORK', message: 'Cannot reach the Queuedeck gateway.', path });
  }
  const receivedAt = Date.now();
  if (!res.ok) {
    const body = ErrorBody.safeParse(await res.json().catch(() => undefined));
    const code = body.success ? body.data.error.code : 'HTTP_ERROR';
    const message = body.success ? body.data.error.message : `The gateway answered ${res.status}.`;
    if (token !== null && (res.status === 401 || res.status === 403)) {
      const reason: DisplayDenial =
        code === DISPLAY_REVOKED ? 'revoked' : res.status === 401 ? 'invalid' : 'forbidden';
      throw new DisplayAccessError(reason, message);
    }
    throw new ApiError({ status: res.status, code, message, path });
  }
  const parsed = WallboardResponse.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError({
      status: res.status,
      code: 'INVALID_RESPONSE',
      message: 'The gateway sent an answer this screen cannot read.',
      path,
    });
  }
  const server = Number(res.headers.get(SERVER_TIME_HEADER)) || Date.parse(parsed.data.generatedAt);
  // The answer left the gateway somewhere between send and receive: assume the middle.
  const offset = Number.isFinite(server) ? server - (sentAt + receivedAt) / 2 : 0;
  // A 304 hands back the cached body; the header says when each source was last confirmed.
  const board = {
    ...parsed.data,
    freshness: withFetchedAt(parsed.data.freshness, res.headers.get(FETCHED_AT_HEADER)),
  };
  return { board, clockOffsetMs: offset };
}

/**
 * The wallboard: a display's (by token) or the signed-in user's. Built for a TV left alone for
 * weeks: it keeps polling while hidden, retries by polling (TanStack Query pauses its own retries
 * in hidden tabs), ignores navigator.onLine (unreliable on TVs) and so recovers on its own.
 */
export const wallboardQueryOptions = (token: string | null) =>
  queryOptions({
    queryKey: wallboardKeys.board(token),
    queryFn: ({ signal }) => fetchWallboard(token, signal),
    staleTime: WALLBOARD_POLL_MS / 2,
    refetchInterval: WALLBOARD_POLL_MS,
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: true,
    retry: false,
    networkMode: 'always',
    gcTime: 60_000,
  });
