import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './database';
import { isOutage } from './database';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

interface Known {
  userId: string;
  expiresAt: number;
  /** When the store last confirmed this session. */
  checkedAt: number;
}

/**
 * How long a session the store confirmed is trusted without asking again. Every API request
 * resolves its session, and a query per request would cost more than the rest of a 304; a session
 * ended on this gateway is forgotten at once, one ended on another gateway within this time.
 */
export const SESSION_RECHECK_MS = 5_000;

/**
 * Server-side sessions. Only a hash of the token is stored, so a copy of the database cannot be
 * replayed as a cookie. Sessions this gateway has resolved are remembered, so a database outage
 * does not sign everyone out of their live screens; nothing is created or extended meanwhile.
 */
export class SessionStore {
  private readonly known = new Map<string, Known>();
  /** Sessions ended during an outage: refused at once, deleted from the store when it is back. */
  private readonly ended = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  async create(userId: string, now = Date.now()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const row = {
      id_hash: hash(token),
      user_id: userId,
      created_at: now,
      expires_at: now + this.ttlMs,
    };
    await this.db.insertInto('sessions').values(row).execute();
    this.remember(row.id_hash, { userId, expiresAt: row.expires_at, checkedAt: now });
    return token;
  }

  /** The user id of a live session, or null. */
  async resolve(token: string, now = Date.now()): Promise<string | null> {
    const h = hash(token);
    if (this.ended.has(h)) return null;
    const recent = this.known.get(h);
    if (recent && now - recent.checkedAt < SESSION_RECHECK_MS && recent.expiresAt > now) {
      return recent.userId;
    }
    let found: Known | undefined;
    try {
      const r = await this.db
        .selectFrom('sessions')
        .select(['user_id', 'expires_at'])
        .where('id_hash', '=', h)
        .executeTakeFirst();
      found = r ? { userId: r.user_id, expiresAt: r.expires_at, checkedAt: now } : undefined;
    } catch (e) {
      if (!isOutage(e)) throw e;
      found = this.known.get(h);
      if (!found) throw e;
      return found.expiresAt > now ? found.userId : null;
    }
    if (!found) {
      this.known.delete(h);
      return null;
    }
    if (found.expiresAt <= now) {
      await this.delete(token);
      return null;
    }
    this.remember(h, found);
    return found.userId;
  }

  private remember(h: string, k: Known): void {
    if (this.known.size >= 20_000 && !this.known.has(h)) {
      this.known.delete(this.known.keys().next().value!);
    }
    this.known.set(h, k);
  }

  /** Ends a session; during an outage it ends here at once and in the store when it is back. */
  async delete(token: string): Promise<void> {
    const h = hash(token);
    this.known.delete(h);
    try {
      await this.db.deleteFrom('sessions').where('id_hash', '=', h).execute();
    } catch (e) {
      if (!isOutage(e)) throw e;
      this.ended.add(h);
    }
  }

  /** Deletes the sessions ended during an outage. */
  async flushEnded(): Promise<void> {
    for (const h of [...this.ended]) {
      await this.db.deleteFrom('sessions').where('id_hash', '=', h).execute();
      this.ended.delete(h);
    }
  }

  async deleteForUser(userId: string): Promise<void> {
    for (const [h, k] of this.known) if (k.userId === userId) this.known.delete(h);
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  /** Deletes expired sessions; returns how many. */
  async purgeExpired(now = Date.now()): Promise<number> {
    for (const [h, k] of this.known) if (k.expiresAt <= now) this.known.delete(h);
    const r = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
