import type { z } from 'zod';
import { KeyedDiffer, type DiffRequest, type DiffResult, type Validate } from './keyed-differ';

/**
 * A live list endpoint (`{ items: [{ id, … }], …rest }`) decoded off the main thread.
 *
 * Each second the agents grid gets the whole floor (2,000 agents ≈ 1 MB of JSON) of which a fifth
 * changed. Parsing and validating all of it on the main thread, and the garbage that left, were a
 * large share of the grid's per-update cost (bench/agent-grid.ts: its trace, CPU and allocation
 * profiles). Here a worker (serveKeyedList, started by the feature) parses each answer, compares
 * each item's JSON with the previous answer's and validates the changed items with the endpoint's
 * schema (keyed-differ.ts); the main thread receives only those and keeps every unchanged item the
 * same object, so memoised rows and tiles skip rendering without a deep comparison.
 *
 * Consistency: the worker answers in order and every answer is applied here as it arrives (even
 * when the request that asked for it was abandoned), so this copy always matches the worker's
 * previous answer. If it ever does not (a worker failure), the next request asks the worker to
 * start over and gets the whole list.
 */

export type DecodeOutcome<T> = { ok: true; data: T } | { ok: false };

/** What the api client needs: a body in, the validated answer (or a refusal) out. */
export interface BodyDecoder<T> {
  decode(body: ArrayBuffer): Promise<DecodeOutcome<T>>;
}

interface Keyed {
  id: string;
}
type KeyedAnswer = { items: readonly Keyed[] };

/**
 * Starts a feature's keyed-list worker, or says there is none (jsdom, a CSP or an engine that
 * refuses module workers): the client then decodes on the main thread.
 */
export function startWorker(create: () => Worker): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return create();
  } catch {
    return null;
  }
}

export class KeyedListClient<S extends z.ZodType<KeyedAnswer>> implements BodyDecoder<z.output<S>> {
  private worker: Worker | null | undefined;
  private inThread: KeyedDiffer | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (outcome: DecodeOutcome<z.output<S>>) => void }>();
  private needsReset = false;
  /** Answers to requests before this one were diffed against a list this copy no longer holds. */
  private appliesFrom = 0;
  private items: Keyed[] = [];
  private byId = new Map<string, Keyed>();

  constructor(
    private readonly schema: S,
    private readonly label: string,
    /** The feature's worker (startWorker(() => new Worker(new URL('./x.worker.ts', import.meta.url), …))). */
    private readonly createWorker: () => Worker | null,
  ) {}

  decode(body: ArrayBuffer): Promise<DecodeOutcome<z.output<S>>> {
    const request: DiffRequest = { seq: ++this.seq, body, reset: this.needsReset };
    if (this.needsReset) this.appliesFrom = request.seq;
    this.needsReset = false;
    const worker = this.ensureWorker();
    if (!worker) {
      this.inThread ??= new KeyedDiffer(this.schema.safeParse.bind(this.schema) as unknown as Validate);
      return Promise.resolve(this.apply(this.inThread.apply(request)));
    }
    return new Promise((resolve) => {
      this.pending.set(request.seq, { resolve });
      worker.postMessage(request, [body]);
    });
  }

  private ensureWorker(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    const worker = this.createWorker();
    this.worker = worker;
    if (!worker) return null;
    worker.onmessage = (event: MessageEvent<DiffResult>) => {
      const outcome = this.apply(event.data);
      const pending = this.pending.get(event.data.seq);
      this.pending.delete(event.data.seq);
      pending?.resolve(outcome);
    };
    const fail = () => {
      // The worker is gone or cannot answer: refuse what is in flight, then decode on the main
      // thread from the whole next answer (a fresh differ has no previous answer to diff against).
      worker.terminate();
      this.worker = null;
      this.inThread = null;
      for (const p of this.pending.values()) p.resolve({ ok: false });
      this.pending.clear();
    };
    worker.onerror = fail;
    worker.onmessageerror = fail;
    return worker;
  }

  private apply(result: DiffResult): DecodeOutcome<z.output<S>> {
    if (!result.ok) {
      // Logged so a contract drift is diagnosable from the console; the caller says it plainly.
      if (result.reason === 'invalid') console.error(`Unexpected answer from ${this.label}`, result.issues);
      return { ok: false };
    }
    if (result.seq < this.appliesFrom) return { ok: false };
    // Validated by the differ, in the worker or here: a boundary crossed once.
    const changed = result.changed as Keyed[];
    if (changed.length > 0 || result.order) {
      for (const item of changed) this.byId.set(item.id, item);
      if (result.order) {
        const byId = new Map<string, Keyed>();
        const items: Keyed[] = [];
        for (const id of result.order) {
          const item = this.byId.get(id);
          if (!item) return this.startOver();
          byId.set(id, item);
          items.push(item);
        }
        this.byId = byId;
        this.items = items;
      } else {
        this.items = this.items.map((item) => this.byId.get(item.id) ?? item);
      }
    }
    return { ok: true, data: { ...result.rest, items: this.items } as z.output<S> };
  }

  private startOver(): { ok: false } {
    this.needsReset = true;
    this.appliesFrom = Number.POSITIVE_INFINITY;
    this.items = [];
    this.byId = new Map();
    return { ok: false };
  }
}
