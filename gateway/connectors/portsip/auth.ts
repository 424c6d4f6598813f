import type { VendorHttp } from '../http';
import { parseJson } from '../http';
import { VendorError } from '../types';
import { LoginAnswer } from './schemas';

export interface PortsipCredentials {
  domain: string;
  username: string;
  password: string;
}

// The auth page says tokens live 1800 s, the About text 3600 s: without `expires_in`, assume the shorter.
const FALLBACK_TTL_S = 1800;
const EARLY_MAX_MS = 60 * 1000;

/**
 * Holds one PortSIP bearer token per source: logs in once (`POST /api/login`), reuses the token,
 * logs in again shortly before `expires_in` runs out or after a 401. Concurrent callers share one
 * login.
 */
export class PortsipAuth {
  private token: string | null = null;
  private refreshAt = 0;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly http: VendorHttp,
    private readonly creds: PortsipCredentials,
  ) {}

  async get(): Promise<string> {
    if (this.token && Date.now() < this.refreshAt) return this.token;
    return this.login();
  }

  /** Drops `token` after the vendor refused it; a newer token taken meanwhile is kept. */
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
      path: '/api/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: this.creds.username,
        password: this.creds.password,
        domain: this.creds.domain,
      }),
    });
    // A failed login is 400 UNAUTHORIZED in the documented example; 401/403 mean the same here.
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new VendorError('PortSIP refused the configured credentials', 'LOGIN_FAILED', res.status, false);
    }
    if (res.status < 200 || res.status >= 300) {
      throw new VendorError(`PortSIP login failed with HTTP ${res.status}`, String(res.status), res.status, res.status >= 500);
    }
    const parsed = LoginAnswer.safeParse(parseJson(res, '/api/login'));
    if (!parsed.success) {
      throw new VendorError('unexpected answer from PortSIP /api/login (no access_token)', 'MALFORMED', res.status, true);
    }
    const ttlMs = (parsed.data.expires_in && parsed.data.expires_in > 0 ? parsed.data.expires_in : FALLBACK_TTL_S) * 1000;
    this.token = parsed.data.access_token;
    // Renew a minute early, or a fifth of the lifetime for short-lived tokens.
    this.refreshAt = Date.now() + ttlMs - Math.min(EARLY_MAX_MS, ttlMs / 5);
    return this.token;
  }
}
