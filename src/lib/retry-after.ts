import { ApiError } from './api-client';

/** A refused request that says when to try again (`retryAfterMs`, from a 429's Retry-After). */
export class RetryableApiError extends ApiError {
  readonly retryAfterMs: number | null;

  constructor(init: ConstructorParameters<typeof ApiError>[0] & { retryAfterMs: number | null }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** Retry-After in seconds or as an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
