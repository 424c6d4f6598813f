import type { Db } from './database';

export interface IdempotencyRecord {
  bodyHash: string;
  state: 'pending' | 'done' | 'unknown';
  statusCode: number | null;
  responseJson: string | null;
}

/** Idempotency keys of actions that call someone (`idempotency`), per user, kept for days. */
export class IdempotencyStore {
  constructor(private readonly db: Db) {}

  /** Claims the key for a new request; false when the user already used it. */
  async claim(userId: string, key: string, bodyHash: string, now: number): Promise<boolean> {
    const r = await this.db
      .insertInto('idempotency')
      .values({ user_id: userId, key, body_hash: bodyHash, state: 'pending', created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async get(userId: string, key: string): Promise<IdempotencyRecord | null> {
    const r = await this.db
      .selectFrom('idempotency')
      .select(['body_hash', 'state', 'status_code', 'response_json'])
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
    return r
      ? {
          bodyHash: r.body_hash,
          state: r.state as IdempotencyRecord['state'],
          statusCode: r.status_code,
          responseJson: r.response_json,
        }
      : null;
  }

  async complete(
    userId: string,
    key: string,
    statusCode: number,
    responseJson: string,
  ): Promise<void> {
    await this.db
      .updateTable('idempotency')
      .set({ state: 'done', status_code: statusCode, response_json: responseJson })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .execute();
  }

  async release(userId: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency')
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .execute();
  }

  /**
   * Marks requests still pending as interrupted. Only for a gateway that owns every pending key
   * (the only one on its store): it is called at start, when none of its own can be in flight.
   */
  async interruptPending(): Promise<void> {
    await this.db
      .updateTable('idempotency')
      .set({ state: 'unknown' })
      .where('state', '=', 'pending')
      .execute();
  }

  async purge(before: number): Promise<number> {
    const r = await this.db
      .deleteFrom('idempotency')
      .where('created_at', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
