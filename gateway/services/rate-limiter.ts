/**
 * Sliding-window counter keyed by string (a username, an address). Memory is bounded by pruning
 * keys whose window has passed.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a hit; returns 0 when allowed, or the milliseconds until the next hit would be allowed. */
  hit(key: string, now = Date.now()): number {
    const list = this.prune(key, now);
    if (list.length >= this.limit) return list[0]! + this.windowMs - now;
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 10_000) this.sweep(now);
    return 0;
  }

  /** Milliseconds until a hit would be allowed, without recording one. */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.prune(key, now);
    return list.length >= this.limit ? list[0]! + this.windowMs - now : 0;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private prune(key: string, now: number): number[] {
    const list = this.hits.get(key) ?? [];
    while (list.length && list[0]! <= now - this.windowMs) list.shift();
    return list;
  }

  private sweep(now: number): void {
    for (const [k, list] of this.hits) {
      if (!list.length || list[list.length - 1]! <= now - this.windowMs) this.hits.delete(k);
    }
  }
}
