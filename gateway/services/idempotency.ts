import { createHash } from 'node:crypto';
import type { Db } from '../store/db';
import { HttpError } from '../http/errors';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface StoredAnswer {
  statusCode: number;
  body: unknown;
}

/** A stable hash of a JSON body: key order does not change it. */
export function bodyHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

/**
 * Idempotency keys for actions that call someone: the same key and body return the first answer
 * without a second vendor call; the same key with another body is 422; a request still in flight
 * is 409. Keys live in SQLite, so they survive a restart, and are kept at least 24 hours.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: Db,
    private readonly retainMs = 2 * DAY_MS,
  ) {
    // A request in flight when the process stopped never finished: its outcome is unknown, so it
    // is kept as such (409 would be a lie after a restart; a second call could call twice).
    this.db.prepare(`UPDATE idempotency SET state = 'unknown' WHERE state = 'pending'`).run();
  }

  /**
   * Runs `fn` once per (user, key, body). `fn` answers with a status and body that are stored
   * whatever they are, so a vendor refusal is not retried under the same key either.
   */
  async run(
    userId: string,
    key: string,
    body: unknown,
    fn: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer & { replayed: boolean }> {
    const hash = bodyHash(body);
    const now = Date.now();
    const claimed =
      this.db
        .prepare(
          `INSERT INTO idempotency (user_id, key, body_hash, state, created_at) VALUES (?, ?, ?, 'pending', ?)
         ON CONFLICT (user_id, key) DO NOTHING`,
        )
        .run(userId, key, hash, now).changes === 1;
    if (!claimed) {
      const row = this.db
        .prepare(
          'SELECT body_hash, state, status_code, response_json FROM idempotency WHERE user_id = ? AND key = ?',
        )
        .get(userId, key) as {
        body_hash: string;
        state: string;
        status_code: number | null;
        response_json: string | null;
      };
      if (row.body_hash !== hash) {
        throw new HttpError(
          422,
          'IDEMPOTENCY_MISMATCH',
          'This Idempotency-Key was already used with a different request',
        );
      }
      if (row.state === 'pending') {
        throw new HttpError(409, 'CONFLICT', 'The same request is still being processed');
      }
      if (row.state === 'unknown') {
        throw new HttpError(
          409,
          'CONFLICT',
          'The first attempt with this Idempotency-Key was interrupted; check the entries before trying again with a new key',
        );
      }
      return {
        statusCode: row.status_code ?? 200,
        body: JSON.parse(row.response_json ?? 'null'),
        replayed: true,
      };
    }
    let answer: StoredAnswer;
    try {
      answer = await fn();
    } catch (e) {
      // Nothing reached a stored answer (e.g. the gateway failed before the vendor call): free the key.
      this.db.prepare('DELETE FROM idempotency WHERE user_id = ? AND key = ?').run(userId, key);
      throw e;
    }
    this.db
      .prepare(
        `UPDATE idempotency SET state = 'done', status_code = ?, response_json = ? WHERE user_id = ? AND key = ?`,
      )
      .run(answer.statusCode, JSON.stringify(answer.body), userId, key);
    return { ...answer, replayed: false };
  }

  purge(now = Date.now()): number {
    return this.db.prepare('DELETE FROM idempotency WHERE created_at < ?').run(now - this.retainMs)
      .changes;
  }
}
