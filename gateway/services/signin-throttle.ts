import type { SigninFailureStore } from '../store/signin-failures';

/**
 * Failed sign-ins counted per key (a username, an address) over a sliding window, in the store so
 * every gateway sees the same count. A key with `limit` failures in the window waits until the
 * oldest of them leaves it.
 */
export class SigninThrottle {
  constructor(
    private readonly failures: SigninFailureStore,
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Milliseconds until the key may try again; 0 when it may now. */
  async retryAfter(key: string, now = Date.now()): Promise<number> {
    const times = await this.failures.since(key, now - this.windowMs, this.limit);
    return times.length >= this.limit ? times[0]! + this.windowMs - now : 0;
  }

  async fail(keys: string[], now = Date.now()): Promise<void> {
    await this.failures.add(keys, now);
  }
}
