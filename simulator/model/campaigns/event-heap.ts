/** Binary min-heap of timed world events, ordered by (at, tie, kind) so equal times stay deterministic. */

export type WorldEvent =
  | { at: number; tie: number; kind: 'connect' | 'end' | 'start' | 'expire'; id: number }
  | { at: number; tie: number; kind: 'arrive'; campaign: number };

const KIND_ORDER = { end: 0, connect: 1, expire: 2, start: 3, arrive: 4 } as const;

function less(a: WorldEvent, b: WorldEvent): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (KIND_ORDER[a.kind] !== KIND_ORDER[b.kind]) return KIND_ORDER[a.kind] < KIND_ORDER[b.kind];
  return a.tie < b.tie;
}

export class EventHeap {
  private readonly items: WorldEvent[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): WorldEvent | undefined {
    return this.items[0];
  }

  push(ev: WorldEvent): void {
    const a = this.items;
    a.push(ev);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as WorldEvent;
      if (!less(ev, p)) break;
      a[i] = p;
      i = parent;
    }
    a[i] = ev;
  }

  pop(): WorldEvent | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const child = r < a.length && less(a[r] as WorldEvent, a[l] as WorldEvent) ? r : l;
      if (!less(a[child] as WorldEvent, last)) break;
      a[i] = a[child] as WorldEvent;
      i = child;
    }
    a[i] = last;
    return top;
  }
}
