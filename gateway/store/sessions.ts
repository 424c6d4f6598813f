import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from './db';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Server-side sessions. Only a hash of the token is stored, so a copy of the database cannot be
 * replayed as a cookie.
 */
export class SessionStore {
  // Every API request resolves its session: prepared once, not per request (prepare() costs more
  // than the lookup itself).
  private readonly byHash: Database.Statement<[string], { user_id: string; expires_at: number }>;

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {
    this.byHash = db.prepare('SELECT user_id, expires_at FROM sessions WHERE id_hash = ?');
  }

  create(userId: string, now = Date.now()): string {
    const token = randomBytes(32).toString('base64url');
    this.db
      .prepare(
        'INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(hash(token), userId, now, now + this.ttlMs);
    return token;
  }

  /** The user id of a live session, or null. */
  resolve(token: string, now = Date.now()): string | null {
    const r = this.byHash.get(hash(token));
    if (!r) return null;
    if (r.expires_at <= now) {
      this.delete(token);
      return null;
    }
    return r.user_id;
  }

  delete(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hash(token));
  }

  deleteForUser(userId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  purgeExpired(now = Date.now()): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }
}
