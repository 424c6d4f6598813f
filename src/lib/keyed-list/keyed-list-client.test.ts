import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { KeyedDiffer, type DiffRequest, type DiffResult, type Validate } from './keyed-differ';
import { KeyedListClient } from './keyed-list-client';

const Item = z.object({ id: z.string(), name: z.string(), state: z.enum(['available', 'busy']) });
const Answer = z.object({ items: z.array(Item), freshness: z.array(z.object({ sourceId: z.string() })) });
type Item = z.infer<typeof Item>;
const validate = Answer.safeParse.bind(Answer) as unknown as Validate;

const body = (items: unknown[], extra: Record<string, unknown> = { freshness: [{ sourceId: 's' }] }): ArrayBuffer =>
  new TextEncoder().encode(JSON.stringify({ items, ...extra })).buffer as ArrayBuffer;

const floor = (n: number, busy: ReadonlySet<number> = new Set()): Item[] =>
  Array.from({ length: n }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}`, state: busy.has(i) ? 'busy' : 'available' }));

async function decoded(client: KeyedListClient<typeof Answer>, buffer: ArrayBuffer) {
  const outcome = await client.decode(buffer);
  if (!outcome.ok) throw new Error('refused');
  return outcome.data;
}

afterEach(() => vi.restoreAllMocks());

describe('KeyedDiffer', () => {
  it('sends every item and the order first, then only what changed', () => {
    const differ = new KeyedDiffer(validate);
    const first = differ.apply({ seq: 1, body: body(floor(4)), reset: false });
    expect(first).toMatchObject({ ok: true, order: ['a0', 'a1', 'a2', 'a3'] });
    expect(first.ok && first.changed).toHaveLength(4);

    const second = differ.apply({ seq: 2, body: body(floor(4, new Set([2]))), reset: false });
    expect(second).toEqual({
      seq: 2,
      ok: true,
      changed: [{ id: 'a2', name: 'Agent 2', state: 'busy' }],
      order: null,
      rest: { freshness: [{ sourceId: 's' }] },
    });
  });

  it('sends the order when an item leaves, and an empty first answer still carries its order', () => {
    const differ = new KeyedDiffer(validate);
    expect(differ.apply({ seq: 1, body: body([]), reset: false })).toMatchObject({ ok: true, order: [] });
    differ.apply({ seq: 2, body: body(floor(3)), reset: false });
    const r = differ.apply({ seq: 3, body: body(floor(3).filter((a) => a.id !== 'a1')), reset: false });
    expect(r).toMatchObject({ ok: true, changed: [], order: ['a0', 'a2'] });
  });

  it('validates the changed items and the rest, and keeps nothing of a refused answer', () => {
    const differ = new KeyedDiffer(validate);
    differ.apply({ seq: 1, body: body(floor(2)), reset: false });
    const refused = differ.apply({ seq: 2, body: body(floor(2), { freshness: 'soon' }), reset: false });
    expect(refused).toMatchObject({ ok: false, reason: 'invalid', issues: [expect.objectContaining({ path: ['freshness'] })] });
    // Extra fields the schema does not know are dropped, as zod does.
    const next = differ.apply({ seq: 3, body: body([{ ...floor(1)[0], state: 'busy', secret: 'x' }, floor(2)[1]]), reset: false });
    expect(next).toMatchObject({ ok: true, changed: [{ id: 'a0', name: 'Agent 0', state: 'busy' }], order: null });
    expect(next.ok && next.changed[0]).not.toHaveProperty('secret');
  });

  it('refuses unreadable JSON, a missing items array, items without ids and duplicate ids, and keeps its previous answer', () => {
    const differ = new KeyedDiffer(validate);
    differ.apply({ seq: 1, body: body(floor(2)), reset: false });
    const bad = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
    expect(differ.apply({ seq: 2, body: bad('{"items": ['), reset: false })).toEqual({ seq: 2, ok: false, reason: 'unreadable' });
    expect(differ.apply({ seq: 3, body: bad('{"rows": []}'), reset: false })).toMatchObject({ ok: false, reason: 'shape' });
    expect(differ.apply({ seq: 4, body: bad('{"items": [{"name": "x"}]}'), reset: false })).toMatchObject({ reason: 'shape' });
    expect(differ.apply({ seq: 5, body: body([...floor(2), floor(2)[0]]), reset: false })).toMatchObject({ reason: 'shape' });
    // Still diffing against answer 1.
    expect(differ.apply({ seq: 6, body: body(floor(2, new Set([1]))), reset: false })).toMatchObject({
      ok: true,
      changed: [{ id: 'a1', state: 'busy' }],
      order: null,
    });
  });
});

describe('KeyedListClient (on the main thread, as where there is no Worker)', () => {
  const client = () => new KeyedListClient(Answer, 'GET /test', () => null);

  it('keeps unchanged items the same objects and replaces the changed ones', async () => {
    const c = client();
    const first = await decoded(c, body(floor(5)));
    expect(first.items.map((a) => a.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    const second = await decoded(c, body(floor(5, new Set([1, 3]))));
    expect(second.items.map((a) => a.state)).toEqual(['available', 'busy', 'available', 'busy', 'available']);
    expect(second.items.filter((a, i) => a === first.items[i]).map((a) => a.id)).toEqual(['a0', 'a2', 'a4']);
    // The same bytes again (a revalidated 304): the very same array.
    const third = await decoded(c, body(floor(5, new Set([1, 3]))));
    expect(third.items).toBe(second.items);
    expect(third.freshness).toEqual([{ sourceId: 's' }]);
  });

  it('follows new order, arrivals and departures', async () => {
    const c = client();
    const first = await decoded(c, body(floor(3)));
    const [a0, a1, a2] = floor(3) as [Item, Item, Item];
    const a9 = { id: 'a9', name: 'Agent 9', state: 'busy' as const };
    const next = await decoded(c, body([a2, a9, a0]));
    expect(next.items).toEqual([a2, a9, a0]);
    expect(next.items[0]).toBe(first.items[2]);
    expect(next.items).not.toContainEqual(a1);
  });

  it('refuses an answer whose changed items break the schema and keeps diffing against the last good one', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const c = client();
    const first = await decoded(c, body(floor(3)));
    const broken = floor(3).map((a) => (a.id === 'a1' ? { ...a, state: 'dancing' } : a));
    expect(await c.decode(body(broken))).toEqual({ ok: false });
    expect(error).toHaveBeenCalledWith('Unexpected answer from GET /test', expect.any(Array));
    // The refused answer was not kept: the next one is diffed against answer 1.
    const after = await decoded(c, body(floor(3, new Set([1]))));
    expect(after.items).toEqual(floor(3, new Set([1])));
    expect(after.items[0]).toBe(first.items[0]);
  });
});

/** A worker stand-in: a real differ behind an asynchronous, in-order message channel. */
class FakeWorker {
  onmessage: ((event: MessageEvent<DiffResult>) => void) | null = null;
  onerror: (() => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  posted: DiffRequest[] = [];
  private readonly differ = new KeyedDiffer(validate);
  postMessage(request: DiffRequest) {
    this.posted.push(request);
  }
  /** Answers the oldest request. */
  answerNext() {
    const request = this.posted.shift();
    if (!request) throw new Error('nothing to answer');
    this.onmessage?.({ data: this.differ.apply(request) } as MessageEvent<DiffResult>);
  }
  terminate() {
    this.terminated = true;
  }
}

describe('KeyedListClient with a worker', () => {
  it('applies every answer in order, even one whose caller stopped waiting', async () => {
    const worker = new FakeWorker();
    const c = new KeyedListClient(Answer, 'GET /test', () => worker as unknown as Worker);
    const p1 = c.decode(body(floor(3)));
    const p2 = c.decode(body(floor(3, new Set([0]))));
    const p3 = c.decode(body(floor(3, new Set([0, 2]))));
    worker.answerNext();
    worker.answerNext();
    worker.answerNext();
    const [r1, , r3] = await Promise.all([p1, p2, p3]);
    if (!r1.ok || !r3.ok) throw new Error('refused');
    // Answer 3 was diffed against answer 2 (a0 changed there), which nobody awaited here.
    expect(r3.data.items.map((a) => a.state)).toEqual(['busy', 'available', 'busy']);
    expect(r3.data.items[1]).toBe(r1.data.items[1]);
  });

  it('refuses what is in flight when the worker fails, then decodes the whole next answer on the main thread', async () => {
    const worker = new FakeWorker();
    const c = new KeyedListClient(Answer, 'GET /test', () => worker as unknown as Worker);
    const p1 = c.decode(body(floor(2)));
    worker.answerNext();
    await p1;
    const p2 = c.decode(body(floor(2, new Set([1]))));
    worker.onerror?.();
    expect(await p2).toEqual({ ok: false });
    expect(worker.terminated).toBe(true);
    const r3 = await c.decode(body(floor(2, new Set([0]))));
    expect(r3).toEqual({ ok: true, data: { items: floor(2, new Set([0])), freshness: [{ sourceId: 's' }] } });
    // Nothing more went to the dead worker: only the request it never answered.
    expect(worker.posted.map((r) => r.seq)).toEqual([2]);
  });
});
