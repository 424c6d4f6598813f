import type { VendorHttp } from '../http';
import { parseJson } from '../http';
import { BearerToken, type IssuedToken } from '../bearer-token';
import { VendorError } from '../types';
import { LoginAnswer } from './schemas';

export interface PortsipCredentials {
  domain: string;
  username: string;
  password: string;
}

// The auth page says tokens live 1800 s, the About text 3600 s: without `expires_in`, assume the shorter.
const FALLBACK_TTL_S = 1800;

/** `POST /api/login` with the source's credentials: the login behind a PortSIP BearerToken. */
export function portsipLogin(
  http: VendorHttp,
  creds: PortsipCredentials,
): () => Promise<IssuedToken> {
  return async () => {
    const res = await http.request({
      method: 'POST',
      path: '/api/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: creds.username,
        password: creds.password,
        domain: creds.domain,
      }),
    });
    // A failed login is 400 UNAUTHORIZED in the documented example; 401/403 mean the same here.
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new VendorError(
        'PortSIP refused the configured credentials',
        'LOGIN_FAILED',
        res.status,
        false,
      );
    }
    if (res.status < 200 || res.status >= 300) {
      throw new VendorError(
        `PortSIP login failed with HTTP ${res.status}`,
        String(res.status),
        res.status,
        res.status >= 500,
      );
    }
    const parsed = LoginAnswer.safeParse(parseJson(res, '/api/login'));
    if (!parsed.success) {
      throw new VendorError(
        'unexpected answer from PortSIP /api/login (no access_token)',
        'MALFORMED',
        res.status,
        true,
      );
    }
    const ttlS =
      parsed.data.expires_in && parsed.data.expires_in > 0
        ? parsed.data.expires_in
        : FALLBACK_TTL_S;
    return { token: parsed.data.access_token, expiresAt: Date.now() + ttlS * 1000 };
  };
}

/** PortSIP's token holder for one source. */
export function portsipAuth(http: VendorHttp, creds: PortsipCredentials): BearerToken {
  return new BearerToken(portsipLogin(http, creds));
}
