import { sql } from 'kysely';
import type { Db } from './database';
import type { CampaignHistoryTable } from './schema';

export type CampaignSample = Omit<CampaignHistoryTable, 'campaign_id'>;

/** Campaign progress samples (`campaign_history`): at most one per campaign and minute. */
export class CampaignHistoryStore {
  constructor(private readonly db: Db) {}

  async put(rows: CampaignHistoryTable[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto('campaign_history')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['campaign_id', 'at']).doUpdateSet((eb) => ({
              total: eb.ref('excluded.total'),
              counts_json: eb.ref('excluded.counts_json'),
            })),
          )
          .execute();
      }
    });
  }

  /** The newest sample with `at` in [fromMs, toMs], if any. */
  async latestBetween(
    campaignId: string,
    fromMs: number,
    toMs: number,
  ): Promise<CampaignSample | undefined> {
    return this.db
      .selectFrom('campaign_history')
      .select(['at', 'total', 'counts_json'])
      .where('campaign_id', '=', campaignId)
      .where('at', '>=', fromMs)
      .where('at', '<=', toMs)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async has(campaignId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('campaign_history')
      .select('at')
      .where('campaign_id', '=', campaignId)
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** A campaign's samples with `at` in [fromMs, toMs], oldest first. */
  async read(campaignId: string, fromMs: number, toMs: number): Promise<CampaignSample[]> {
    return this.db
      .selectFrom('campaign_history')
      .select(['at', 'total', 'counts_json'])
      .where('campaign_id', '=', campaignId)
      .where('at', '>=', fromMs)
      .where('at', '<=', toMs)
      .orderBy('at')
      .execute();
  }

  /**
   * Deletes samples before `deleteBefore`, and before `thinBefore` keeps only the last sample of
   * each `bucketMs` bucket (counts are a state, so the last one stands for the bucket).
   */
  async prune(deleteBefore: number, thinBefore: number, bucketMs: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const a = await trx
        .deleteFrom('campaign_history')
        .where('at', '<', deleteBefore)
        .executeTakeFirst();
      const b = await trx
        .deleteFrom('campaign_history')
        .where('at', '<', thinBefore)
        // A sample goes when a newer one of the same campaign sits in its bucket.
        .where(({ selectFrom, exists }) =>
          exists(
            selectFrom('campaign_history as newer')
              .select('newer.at')
              .whereRef('newer.campaign_id', '=', 'campaign_history.campaign_id')
              .where('newer.at', '<', thinBefore)
              .whereRef('newer.at', '>', 'campaign_history.at')
              .where(
                sql<number>`newer.at / ${sql.lit(bucketMs)}`,
                '=',
                sql<number>`campaign_history.at / ${sql.lit(bucketMs)}`,
              ),
          ),
        )
        .executeTakeFirst();
      return Number(a.numDeletedRows) + Number(b.numDeletedRows);
    });
  }
}
