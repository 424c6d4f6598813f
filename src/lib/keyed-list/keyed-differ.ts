/**
 * The worker half of a keyed live list (see keyed-list-client.ts): parses each answer of a live
 * list endpoint (`{ items: [{ id, … }], …rest }`), says which items differ from the previous
 * answer, and validates those (and the rest) with the endpoint's schema, so the main thread
 * receives only changed, validated items. Pure and synchronous: the worker runs it, and so does
 * the main thread where there is no Worker (jsdom, very old TVs).
 */

export interface DiffRequest {
  /** Sequence number, echoed in the answer. */
  seq: number;
  /** The answer's body, UTF-8. Transferred, not copied. */
  body: ArrayBuffer;
  /** Forget the previous answer first: the client could not apply one and starts over. */
  reset: boolean;
}

export type DiffResult =
  | {
      seq: number;
      ok: true;
      /** Items that are new or differ from the previous answer, validated. */
      changed: unknown[];
      /** Every id in the answer's order; null when the ids and their order are unchanged. */
      order: string[] | null;
      /** The answer without `items` (freshness and the like): small, sent every time. */
      rest: Record<string, unknown>;
    }
  | { seq: number; ok: false; reason: 'unreadable' | 'shape' }
  /** The schema refused the changed items or the rest; `issues` are its findings, for the console. */
  | { seq: number; ok: false; reason: 'invalid'; issues: unknown };

/** The endpoint's schema applied to `{ …rest, items: changed }`: zod's safeParse, in effect. */
export type Validate = (
  answer: Record<string, unknown> & { items: unknown[] },
) => { success: true; data: Record<string, unknown> & { items: unknown[] } } | { success: false; error: { issues: unknown } };

interface Keyed {
  id: string;
}

const isKeyedItem = (v: unknown): v is Keyed =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Keyed).id === 'string';

const decoder = new TextDecoder();

export class KeyedDiffer {
  constructor(private readonly validate: Validate) {}

  private lastBody = '';
  /** Each item's JSON text by id, as last sent: comparing text needs no knowledge of the item's fields. */
  private lastJson = new Map<string, string>();
  /** Null before the first answer: the first answer always carries its order, even an empty one. */
  private lastOrder: string[] | null = null;
  private lastRest: Record<string, unknown> = {};

  apply({ seq, body, reset }: DiffRequest): DiffResult {
    if (reset) this.forget();
    const text = decoder.decode(body);
    // A revalidated answer (304) hands back the cached body: the same bytes, nothing changed.
    if (text === this.lastBody) return { seq, ok: true, changed: [], order: null, rest: this.lastRest };

    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { seq, ok: false, reason: 'unreadable' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { seq, ok: false, reason: 'shape' };
    const { items, ...rest } = parsed as { items?: unknown };
    if (!Array.isArray(items) || !items.every(isKeyedItem)) return { seq, ok: false, reason: 'shape' };
    const ids = new Set<string>();
    for (const item of items) ids.add(item.id);
    // Duplicate ids cannot be diffed by id; the client's schema would not notice either.
    if (ids.size !== items.length) return { seq, ok: false, reason: 'shape' };

    const changed: unknown[] = [];
    const json = new Map<string, string>();
    const lastOrder = this.lastOrder;
    let sameOrder = lastOrder !== null && items.length === lastOrder.length;
    items.forEach((item, i) => {
      const itemJson = JSON.stringify(item);
      json.set(item.id, itemJson);
      if (this.lastJson.get(item.id) !== itemJson) changed.push(item);
      if (sameOrder && lastOrder?.[i] !== item.id) sameOrder = false;
    });
    const order = sameOrder ? null : items.map((item) => item.id);

    // Validated before anything is kept: a refused answer leaves the previous one as the base.
    const checked = this.validate({ ...rest, items: changed });
    if (!checked.success) return { seq, ok: false, reason: 'invalid', issues: checked.error.issues };
    const { items: valid, ...validRest } = checked.data;

    this.lastBody = text;
    this.lastJson = json;
    if (order) this.lastOrder = order;
    this.lastRest = validRest;
    return { seq, ok: true, changed: valid, order, rest: validRest };
  }

  private forget(): void {
    this.lastBody = '';
    this.lastJson = new Map();
    this.lastOrder = null;
    this.lastRest = {};
  }
}
