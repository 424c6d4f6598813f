import { sql } from 'kysely';
import type { Db } from './database';
import type { QueueHistoryTable } from './schema';

export type QueueSample = Omit<QueueHistoryTable, 'queue_id'>;

/** Per-queue samples (`queue_history`): one per queue and interval, folded and pruned with age. */
export class QueueHistoryStore {
  constructor(private readonly db: Db) {}

  /** Stores the samples, replacing any already stored for the same queue and time. */
  async put(rows: QueueHistoryTable[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      // Chunks keep each statement under SQLite's bound-parameter limit.
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto('queue_history')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['queue_id', 'at']).doUpdateSet((eb) => ({
              waiting: eb.ref('excluded.waiting'),
              service_level: eb.ref('excluded.service_level'),
              answered: eb.ref('excluded.answered'),
              abandoned: eb.ref('excluded.abandoned'),
            })),
          )
          .execute();
      }
    });
  }

  /** A queue's samples with `at` in [fromMs, toMs], oldest first. */
  async read(queueId: string, fromMs: number, toMs: number): Promise<QueueSample[]> {
    return this.db
      .selectFrom('queue_history')
      .select(['at', 'waiting', 'service_level', 'answered', 'abandoned'])
      .where('queue_id', '=', queueId)
      .where('at', '>=', fromMs)
      .where('at', '<=', toMs)
      .orderBy('at')
      .execute();
  }

  /**
   * The retention step: deletes samples before `deleteBefore`, and replaces the samples of each
   * `bucketMs` bucket before `foldBefore` that holds more than one with `fold` of them.
   */
  async prune(
    deleteBefore: number,
    foldBefore: number,
    bucketMs: number,
    fold: (rows: QueueSample[]) => QueueSample,
  ): Promise<{ deleted: number; folded: number }> {
    return this.db.transaction().execute(async (trx) => {
      const del = await trx
        .deleteFrom('queue_history')
        .where('at', '<', deleteBefore)
        .executeTakeFirst();
      const bucket = sql<number>`at / ${sql.lit(bucketMs)}`;
      const buckets = await trx
        .selectFrom('queue_history')
        .select(['queue_id', bucket.as('bucket')])
        .where('at', '<', foldBefore)
        .groupBy(['queue_id', bucket])
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      let folded = 0;
      for (const { queue_id, bucket: b } of buckets) {
        const start = Number(b) * bucketMs;
        const inBucket = trx
          .selectFrom('queue_history')
          .where('queue_id', '=', queue_id)
          .where('at', '>=', start)
          .where('at', '<', start + bucketMs);
        const rows = await inBucket
          .select(['at', 'waiting', 'service_level', 'answered', 'abandoned'])
          .orderBy('at')
          .execute();
        const one = fold(rows);
        await trx
          .deleteFrom('queue_history')
          .where('queue_id', '=', queue_id)
          .where('at', '>=', start)
          .where('at', '<', start + bucketMs)
          .execute();
        await trx
          .insertInto('queue_history')
          .values({ queue_id, ...one })
          .execute();
        folded += rows.length - 1;
      }
      return { deleted: Number(del.numDeletedRows), folded };
    });
  }
}
