import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../config';
import type { Store } from '../store/store';
import type { AuditStore } from '../store/audit';
import type { SessionStore } from '../store/sessions';
import type { UserStore } from '../store/users';
import type { LiveService } from './live';
import type { SigninThrottle } from './signin-throttle';

/** What routes depend on, built once by the composition root. */
export interface Services {
  config: Config;
  /** The one store; `users`, `sessions` and `audit` are its parts, named here for brevity. */
  store: Store;
  users: UserStore;
  sessions: SessionStore;
  audit: AuditStore;
  live: LiveService;
  signinThrottle: SigninThrottle;
  cookieName: string;
  cookieOptions: CookieSerializeOptions;
  timeZoneOf(sourceId: string): string;
  pollSecondsOf(sourceId: string): number;
}
