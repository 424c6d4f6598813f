import type { Db } from './database';

/**
 * Failed sign-ins per key (a username, an address), in the store so that every gateway counts the
 * same attempts and a restart does not reset a throttle.
 */
export class SigninFailureStore {
  constructor(private readonly db: Db) {}

  async add(keys: string[], at: number): Promise<void> {
    if (keys.length === 0) return;
    await this.db
      .insertInto('signin_failures')
      .values(keys.map((key) => ({ key, at })))
      .execute();
  }

  /** The times of the key's failures since `since`, oldest first (at most `limit`, the newest). */
  async since(key: string, since: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('signin_failures')
      .select('at')
      .where('key', '=', key)
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.at).reverse();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('signin_failures').where('key', '=', key).execute();
  }

  async purge(before: number): Promise<number> {
    const r = await this.db
      .deleteFrom('signin_failures')
      .where('at', '<=', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
