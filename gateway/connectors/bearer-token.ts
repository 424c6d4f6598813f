import type { VendorResponse } from './http';

export interface IssuedToken {
  token: string;
  /** When the vendor stops accepting it (ms since epoch). */
  expiresAt: number;
}

/**
 * One vendor bearer token per source: logged in once and reused, renewed shortly before it expires
 * (a minute early, or a fifth of the lifetime for short-lived tokens) or after a 401. Concurrent
 * callers share a single login.
 */
export class BearerToken {
  private current: IssuedToken | null = null;
  private renewAt = 0;
  private pending: Promise<string> | null = null;

  constructor(private readonly login: () => Promise<IssuedToken>) {}

  async get(): Promise<string> {
    if (this.current && Date.now() < this.renewAt) return this.current.token;
    this.pending ??= this.login()
      .then((issued) => {
        const ttl = Math.max(0, issued.expiresAt - Date.now());
        this.current = issued;
        this.renewAt = issued.expiresAt - Math.min(60_000, ttl / 5);
        return issued.token;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  /** Drops `token` after the vendor refused it; a newer token taken meanwhile is kept. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }
}

/**
 * Sends an authenticated request; when the vendor answers 401 the token died early (revoked,
 * clock skew), so log in again once and retry.
 */
export async function withBearer(
  auth: BearerToken,
  send: (token: string) => Promise<VendorResponse>,
): Promise<VendorResponse> {
  const token = await auth.get();
  const res = await send(token);
  if (res.status !== 401) return res;
  auth.invalidate(token);
  return send(await auth.get());
}
