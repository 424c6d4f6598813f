import { DEFAULT_SLA, SlaSettings } from '@contract/queue';
import type { Db } from './database';

/**
 * Per-queue service-level settings (T, short-abandon threshold, abandon treatment), kept in the
 * store and mirrored in memory: every queues answer reads them, only an admin writes them.
 */
export class QueueSettingsStore {
  private readonly byQueue = new Map<string, SlaSettings>();

  private constructor(private readonly db: Db) {}

  static async load(db: Db): Promise<QueueSettingsStore> {
    const store = new QueueSettingsStore(db);
    await store.reload();
    return store;
  }

  /** Reads every row again (another gateway may have written). */
  async reload(): Promise<void> {
    const rows = await this.db.selectFrom('queue_settings').selectAll().execute();
    this.byQueue.clear();
    for (const r of rows) {
      const parsed = SlaSettings.safeParse({
        thresholdSeconds: r.threshold_seconds,
        shortAbandonSeconds: r.short_abandon_seconds,
        abandonTreatment: r.abandon_treatment,
      });
      // A row from an older, looser version falls back to the defaults rather than break start-up.
      if (parsed.success) this.byQueue.set(r.queue_id, parsed.data);
    }
  }

  /** The queue's settings, or the defaults (T 20 s, no short abandons, negative) when never set. */
  get(queueId: string): SlaSettings {
    return this.byQueue.get(queueId) ?? DEFAULT_SLA;
  }

  async set(
    queueId: string,
    settings: SlaSettings,
    updatedBy: string | null,
  ): Promise<SlaSettings> {
    const row = {
      queue_id: queueId,
      threshold_seconds: settings.thresholdSeconds,
      short_abandon_seconds: settings.shortAbandonSeconds,
      abandon_treatment: settings.abandonTreatment,
      updated_at: new Date().toISOString(),
      updated_by: updatedBy,
    };
    await this.db
      .insertInto('queue_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('queue_id').doUpdateSet((eb) => ({
          threshold_seconds: eb.ref('excluded.threshold_seconds'),
          short_abandon_seconds: eb.ref('excluded.short_abandon_seconds'),
          abandon_treatment: eb.ref('excluded.abandon_treatment'),
          updated_at: eb.ref('excluded.updated_at'),
          updated_by: eb.ref('excluded.updated_by'),
        })),
      )
      .execute();
    const copy = { ...settings };
    this.byQueue.set(queueId, copy);
    return copy;
  }
}
