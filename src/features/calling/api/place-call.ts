import { RetryableApiError, parseRetryAfter } from '@/lib/retry-after';
import { API } from '@contract/api';
import {
  CallPlacedResult,
  IDEMPOTENCY_HEADER,
  type InitiateCallRequest,
  type ScheduleCallbackRequest,
} from '@contract/actions';
import { CSRF_HEADER, CSRF_VALUE, ErrorBody } from '@contract/common';

/** What the dialog and the bulk runner send: an outbound call (Iqra) or a callback (While1). */
export type PlaceRequest =
  { kind: 'call'; body: InitiateCallRequest } | { kind: 'callback'; body: ScheduleCallbackRequest };

export interface Placed {
  result: CallPlacedResult;
  /** The gateway answered from its idempotency store: this key had already placed the call. */
  replayed: boolean;
}

/** A refused placement; `retryAfterMs` is set when the gateway said when to try again (429). */
export const PlaceError = RetryableApiError;
export type PlaceError = RetryableApiError;

export { parseRetryAfter };

/**
 * POSTs one placement with its Idempotency-Key. The key makes the request safe to repeat: the
 * gateway answers a repeat with the first answer (`replayed`) and never calls anyone twice.
 */
export async function placeCall(
  request: PlaceRequest,
  key: string,
  signal?: AbortSignal,
): Promise<Placed> {
  const path = request.kind === 'call' ? API.initiateCall : API.scheduleCallback;
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        [CSRF_HEADER]: CSRF_VALUE,
        [IDEMPOTENCY_HEADER]: key,
      },
      body: JSON.stringify(request.body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new PlaceError({
      status: 0,
      code: 'NETWORK',
      message: 'Cannot reach the Queuedeck gateway.',
      path,
      retryAfterMs: null,
    });
  }
  let json: unknown = undefined;
  try {
    json = await res.json();
  } catch {
    // An HTML error page from a proxy: the status says enough.
  }
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(json);
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    if (parsed.success) {
      const { code, message, fields } = parsed.data.error;
      throw new PlaceError({ status: res.status, code, message, fields, path, retryAfterMs });
    }
    throw new PlaceError({
      status: res.status,
      code: 'HTTP_ERROR',
      message: `The gateway answered ${res.status}.`,
      path,
      retryAfterMs,
    });
  }
  const result = CallPlacedResult.safeParse(json);
  if (!result.success) {
    throw new PlaceError({
      status: res.status,
      code: 'INVALID_RESPONSE',
      message: 'The gateway sent an answer this screen cannot read.',
      path,
      retryAfterMs: null,
    });
  }
  return { result: result.data, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

/** A new random Idempotency-Key. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
