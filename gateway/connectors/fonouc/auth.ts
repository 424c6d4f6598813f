import type { VendorHttp } from '../http';
import { parseJson } from '../http';
import { BearerToken, type IssuedToken } from '../bearer-token';
import { VendorError } from '../types';
import { LoginAnswer } from './schemas';

export interface FonoucCredentials {
  domain: string;
  username: string;
  password: string;
}

// FonoUC publishes no token lifetime; integrators cache about 55 minutes (docs/vendors.md#fonouc-auth).
const FALLBACK_TTL_MS = 55 * 60 * 1000;

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

/** `POST /api/v2/login` with the source's credentials: the login behind a FonoUC BearerToken. */
export function fonoucLogin(
  http: VendorHttp,
  creds: FonoucCredentials,
): () => Promise<IssuedToken> {
  return async () => {
    const res = await http.request({
      method: 'POST',
      path: '/api/v2/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: creds.username,
        password: creds.password,
        domain: creds.domain,
      }),
    });
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new VendorError(
        'FonoUC refused the configured credentials',
        'LOGIN_FAILED',
        res.status,
        false,
      );
    }
    if (res.status !== 200) {
      throw new VendorError(`FonoUC login failed with HTTP ${res.status}`, null, res.status, true);
    }
    const parsed = LoginAnswer.safeParse(parseJson(res, '/api/v2/login'));
    if (!parsed.success) {
      throw new VendorError('FonoUC login answered without a token', 'MALFORMED', 200, true);
    }
    const token = parsed.data.access_token;
    return { token, expiresAt: jwtExpiry(token) ?? Date.now() + FALLBACK_TTL_MS };
  };
}

/** FonoUC's token holder for one source. */
export function fonoucAuth(http: VendorHttp, creds: FonoucCredentials): BearerToken {
  return new BearerToken(fonoucLogin(http, creds));
}
