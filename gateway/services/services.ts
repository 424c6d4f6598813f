import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../config';
import type { Db } from '../store/db';
import type { AuditStore } from '../store/audit';
import type { SessionStore } from '../store/sessions';
import type { UserStore } from '../store/users';
import type { LiveService } from './live';
import type { SlidingWindowLimiter } from './rate-limiter';

/** What routes depend on, built once by the composition root. */
export interface Services {
  config: Config;
  db: Db;
  users: UserStore;
  sessions: SessionStore;
  audit: AuditStore;
  live: LiveService;
  loginLimiter: SlidingWindowLimiter;
  cookieName: string;
  cookieOptions: CookieSerializeOptions;
  timeZoneOf(sourceId: string): string;
  pollSecondsOf(sourceId: string): number;
}
