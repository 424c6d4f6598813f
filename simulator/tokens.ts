import { randomBytes } from 'node:crypto';

/**
 * Bearer tokens of one dialect. Expiry runs on the wall clock, not simulated time: a vendor's
 * token lifetime is real seconds whatever speed the call centre runs at.
 */
export interface TokenRecord<S> {
  subject: S;
  expiresAtMs: number;
  generation: number;
}

export class TokenStore<S = string> {
  private readonly tokens = new Map<string, TokenRecord<S>>();
  private generation = 0;

  constructor(private readonly wallNow: () => number = Date.now) {}

  /** Issues a token; `format` lets a dialect shape it (e.g. a JWT) around a random id. */
  issue(subject: S, ttlSeconds: number, format?: (jti: string, expSeconds: number) => string): { token: string; expiresAtMs: number } {
    const expiresAtMs = this.wallNow() + ttlSeconds * 1000;
    const jti = randomBytes(18).toString('base64url');
    const token = format ? format(jti, Math.floor(expiresAtMs / 1000)) : jti;
    this.tokens.set(token, { subject, expiresAtMs, generation: this.generation });
    this.prune();
    return { token, expiresAtMs };
  }

  /** Subject of a live token, or null when unknown, expired or revoked. */
  verify(token: string | undefined | null): S | null {
    if (!token) return null;
    const rec = this.tokens.get(token);
    if (!rec) return null;
    if (rec.generation !== this.generation || rec.expiresAtMs <= this.wallNow()) return null;
    return rec.subject;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  /** Invalidates every token issued so far (fault injection: "next call 401"). */
  revokeAll(): void {
    this.generation++;
    this.tokens.clear();
  }

  private prune(): void {
    if (this.tokens.size < 5000) return;
    const now = this.wallNow();
    for (const [k, v] of this.tokens) if (v.expiresAtMs <= now) this.tokens.delete(k);
  }
}

/** Token from an `Authorization: Bearer x` header; tolerates the quotes the FonoUC doc shows. */
export function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^"?Bearer\s+([^"\s]+)"?$/i.exec(header.trim());
  return m ? (m[1] as string) : null;
}
