import { DEFAULT_SLA, SlaSettings } from '@contract/queue';
import type { Db } from './db';

interface Row {
  queue_id: string;
  threshold_seconds: number;
  short_abandon_seconds: number;
  abandon_treatment: string;
}

/**
 * Per-queue service-level settings (T, short-abandon threshold, abandon treatment), kept in SQLite
 * and mirrored in memory: every queues answer reads them, only an admin writes them.
 */
export class QueueSettingsStore {
  private readonly byQueue = new Map<string, SlaSettings>();

  constructor(private readonly db: Db) {
    const rows = db.prepare('SELECT * FROM queue_settings').all() as Row[];
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

  set(queueId: string, settings: SlaSettings, updatedBy: string | null): SlaSettings {
    this.db
      .prepare(
        `INSERT INTO queue_settings (queue_id, threshold_seconds, short_abandon_seconds, abandon_treatment, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(queue_id) DO UPDATE SET
           threshold_seconds = excluded.threshold_seconds,
           short_abandon_seconds = excluded.short_abandon_seconds,
           abandon_treatment = excluded.abandon_treatment,
           updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
      )
      .run(
        queueId,
        settings.thresholdSeconds,
        settings.shortAbandonSeconds,
        settings.abandonTreatment,
        new Date().toISOString(),
        updatedBy,
      );
    const copy = { ...settings };
    this.byQueue.set(queueId, copy);
    return copy;
  }
}
