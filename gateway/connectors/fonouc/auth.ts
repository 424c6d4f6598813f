import type { VendorHttp } from '../http';
import { parseJson } from '../http';
import { VendorError } from '../types';
import { LoginAnswer } from './schemas';

export interface FonoucCredentials {
  domain: string;
  username: string;
  password: string;
}

// FonoUC publishes no token lifetime; integrators cache about 55 minutes (VENDORS.md §2.1).
const FALLBACK_TTL_MS = 55 * 60 * 1000;
const EARLY_MS = 60 * 1000;

/** Reads `exp` from a JWT without trusting it for anything but scheduling a re-login. */
function jwtExpiry(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Holds one FonoUC bearer token per source: logs in once, reuses the token, logs in again shortly
 * before expiry or after a 401. Concurrent callers share one login.
 */
export class FonoucAuth {
  private token: string | null = null;
  private expiresAt = 0;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly http: VendorHttp,
    private readonly creds: FonoucCredentials,
  ) {}

  async get(): Promise<string> {
    if (this.token && Date.now() < this.expiresAt - EARLY_MS) return this.token;
    return this.login();
  }

  invalidate(token: string): void {
    if (this.token === token) this.token = null;
  }

  private login(): Promise<string> {
    this.pending ??= this.doLogin().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async doLogin(): Promise<string> {
    const res = await this.http.request({
      method: 'POST',
      path: '/api/v2/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: this.creds.username,
        password: this.creds.password,
        domain: this.creds.domain,
      }),
    });
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new VendorError('FonoUC refused the configured credentials', 'LOGIN_FAILED', res.status, false);
    }
    if (res.status !== 200) {
      throw new VendorError(`FonoUC login failed with HTTP ${res.status}`, null, res.status, true);
    }
    const parsed = LoginAnswer.safeParse(parseJson(res, '/api/v2/login'));
    if (!parsed.success) {
      throw new VendorError('FonoUC login answered without a token', 'MALFORMED', 200, true);
    }
    this.token = parsed.data.access_token;
    this.expiresAt = jwtExpiry(this.token) ?? Date.now() + FALLBACK_TTL_MS;
    return this.token;
  }
}
