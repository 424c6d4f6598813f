import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  DEFAULT_THRESHOLDS,
  QueueThresholds,
  type Display,
  type DisplayLayout,
} from '@contract/wallboard';
import type { Db } from './database';
import type { DisplaysTable } from './schema';

/** Only this hash of a display token is stored: a copy of the database cannot drive a TV. */
export const hashDisplayToken = (token: string) => createHash('sha256').update(token).digest('hex');

type DisplayRow = DisplaysTable;

interface Stored {
  display: Display;
  tokenHash: string;
  deleted: boolean;
}

/** How often a TV's "last seen" is written at most: reads stay off the disk. */
const SEEN_WRITE_MS = 30_000;

/**
 * Wallboard displays, kept in the store and mirrored in memory: every TV poll resolves its token here,
 * so the lookup is a map read, not a query. A revoked or deleted display keeps its hash, so its TV
 * learns it was revoked instead of seeing "unknown link".
 */
export class DisplayStore {
  private readonly byId = new Map<string, Stored>();
  private readonly byHash = new Map<string, Stored>();

  private constructor(private readonly db: Db) {}

  static async load(db: Db): Promise<DisplayStore> {
    const store = new DisplayStore(db);
    const rows = await db.selectFrom('displays').selectAll().execute();
    for (const r of rows) store.remember(store.fromRow(r));
    return store;
  }

  private fromRow(r: DisplayRow): Stored {
    let queueIds: string[] = [];
    try {
      const parsed = JSON.parse(r.queues_json) as unknown;
      if (Array.isArray(parsed))
        queueIds = parsed.filter((q): q is string => typeof q === 'string');
    } catch {
      // A damaged row shows no queues rather than breaking start-up.
    }
    return {
      tokenHash: r.token_hash,
      deleted: r.deleted_at !== null,
      display: {
        id: r.id,
        name: r.name,
        queueIds,
        layout: r.layout === 'table' ? 'table' : 'tiles',
        createdAt: r.created_at,
        createdBy: r.created_by,
        revokedAt: r.revoked_at,
        lastSeenAt: r.last_seen_at,
      },
    };
  }

  private remember(s: Stored): void {
    this.byId.set(s.display.id, s);
    this.byHash.set(s.tokenHash, s);
  }

  /** Displays not deleted, newest first. */
  list(): Display[] {
    return [...this.byId.values()]
      .filter((s) => !s.deleted)
      .map((s) => s.display)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  get(id: string): Display | null {
    const s = this.byId.get(id);
    return s && !s.deleted ? s.display : null;
  }

  /** Creates a display and returns it with its token; the token is not kept anywhere. */
  async create(input: {
    name: string;
    queueIds: string[];
    layout: DisplayLayout;
    createdBy: string | null;
  }): Promise<{ display: Display; token: string }> {
    const token = randomBytes(24).toString('base64url');
    const display: Display = {
      id: randomUUID(),
      name: input.name,
      queueIds: [...new Set(input.queueIds)],
      layout: input.layout,
      createdAt: new Date().toISOString(),
      createdBy: input.createdBy,
      revokedAt: null,
      lastSeenAt: null,
    };
    const tokenHash = hashDisplayToken(token);
    await this.db
      .insertInto('displays')
      .values({
        id: display.id,
        name: display.name,
        token_hash: tokenHash,
        queues_json: JSON.stringify(display.queueIds),
        layout: display.layout,
        created_at: display.createdAt,
        created_by: display.createdBy,
      })
      .execute();
    this.remember({ display, tokenHash, deleted: false });
    return { display, token };
  }

  async update(
    id: string,
    patch: {
      name?: string | undefined;
      queueIds?: string[] | undefined;
      layout?: DisplayLayout | undefined;
    },
  ): Promise<Display | null> {
    const s = this.byId.get(id);
    if (!s || s.deleted) return null;
    const next: Display = {
      ...s.display,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.queueIds !== undefined ? { queueIds: [...new Set(patch.queueIds)] } : {}),
      ...(patch.layout !== undefined ? { layout: patch.layout } : {}),
    };
    await this.db
      .updateTable('displays')
      .set({ name: next.name, queues_json: JSON.stringify(next.queueIds), layout: next.layout })
      .where('id', '=', id)
      .execute();
    s.display = next;
    return next;
  }

  /** Revokes the token for good; `remove` also drops the display from the list. */
  async revoke(id: string, remove = false): Promise<Display | null> {
    const s = this.byId.get(id);
    if (!s || s.deleted) return null;
    const now = new Date().toISOString();
    const revokedAt = s.display.revokedAt ?? now;
    await this.db
      .updateTable('displays')
      .set({ revoked_at: revokedAt, deleted_at: remove ? now : null })
      .where('id', '=', id)
      .execute();
    s.display = { ...s.display, revokedAt };
    s.deleted = remove;
    return s.display;
  }

  /**
   * The display a token belongs to, revoked or not (the caller decides what a revoked one gets),
   * or null for a token that was never issued.
   */
  resolve(token: string): { display: Display; revoked: boolean } | null {
    if (token.length < 16 || token.length > 128) return null;
    const s = this.byHash.get(hashDisplayToken(token));
    if (!s) return null;
    return { display: s.display, revoked: s.display.revokedAt !== null || s.deleted };
  }

  /**
   * Notes that a TV read its wallboard; written at most every 30 s per display. Never fails the
   * TV's read: during an outage the time is kept in memory and written with the next one.
   */
  async seen(id: string, now = Date.now()): Promise<void> {
    const s = this.byId.get(id);
    if (!s) return;
    const last = s.display.lastSeenAt ? Date.parse(s.display.lastSeenAt) : 0;
    if (now - last < SEEN_WRITE_MS) return;
    const at = new Date(now).toISOString();
    s.display = { ...s.display, lastSeenAt: at };
    await this.db
      .updateTable('displays')
      .set({ last_seen_at: at })
      .where('id', '=', id)
      .execute()
      .catch(() => {});
  }
}

/**
 * Per-queue alert levels of the wallboard (calls waiting, longest wait, service level), kept in
 * the store and mirrored in memory. `version` changes on every write, so cached answers are rebuilt.
 */
export class ThresholdStore {
  private readonly byQueue = new Map<string, QueueThresholds>();
  private changes = 0;

  private constructor(private readonly db: Db) {}

  static async load(db: Db): Promise<ThresholdStore> {
    const store = new ThresholdStore(db);
    const rows = await db.selectFrom('queue_thresholds').selectAll().execute();
    for (const r of rows) {
      try {
        const parsed = QueueThresholds.safeParse(JSON.parse(r.thresholds_json));
        // A row from an older, looser version falls back to the defaults rather than break start-up.
        if (parsed.success) store.byQueue.set(r.queue_id, parsed.data);
      } catch {
        // as above
      }
    }
    return store;
  }

  version(): number {
    return this.changes;
  }

  get(queueId: string): QueueThresholds {
    return this.byQueue.get(queueId) ?? DEFAULT_THRESHOLDS;
  }

  async set(
    queueId: string,
    thresholds: QueueThresholds,
    updatedBy: string | null,
  ): Promise<QueueThresholds> {
    await this.db
      .insertInto('queue_thresholds')
      .values({
        queue_id: queueId,
        thresholds_json: JSON.stringify(thresholds),
        updated_at: new Date().toISOString(),
        updated_by: updatedBy,
      })
      .onConflict((oc) =>
        oc.column('queue_id').doUpdateSet((eb) => ({
          thresholds_json: eb.ref('excluded.thresholds_json'),
          updated_at: eb.ref('excluded.updated_at'),
          updated_by: eb.ref('excluded.updated_by'),
        })),
      )
      .execute();
    const copy = structuredClone(thresholds);
    this.byQueue.set(queueId, copy);
    this.changes++;
    return copy;
  }
}
