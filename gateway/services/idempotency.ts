import { createHash } from 'node:crypto';
import type { IdempotencyStore } from '../store/idempotency';
import { HttpError } from '../http/errors';

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
 * is 409. Keys live in the store, so they survive a restart and are shared by every gateway.
 */
export class IdempotencyService {
  constructor(private readonly keys: IdempotencyStore) {}

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
    const claimed = await this.keys.claim(userId, key, hash, Date.now());
    if (!claimed) {
      const row = await this.keys.get(userId, key);
      if (!row) {
        // Purged between the two reads: a key that old is free again, but say so rather than guess.
        throw new HttpError(409, 'CONFLICT', 'The same request is still being processed');
      }
      if (row.bodyHash !== hash) {
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
        statusCode: row.statusCode ?? 200,
        body: JSON.parse(row.responseJson ?? 'null'),
        replayed: true,
      };
    }
    let answer: StoredAnswer;
    try {
      answer = await fn();
    } catch (e) {
      // Nothing reached a stored answer (e.g. the gateway failed before the vendor call): free the key.
      await this.keys.release(userId, key).catch(() => {});
      throw e;
    }
    await this.keys.complete(userId, key, answer.statusCode, JSON.stringify(answer.body));
    return { ...answer, replayed: false };
  }
}
