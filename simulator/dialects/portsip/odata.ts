/**
 * The small OData subset PortSIP documents for list endpoints: `filter` (eq ne gt ge lt le, and,
 * or, not, parentheses, startswith/endswith/contains), `orderby` ("a asc, b desc"), `search`,
 * `skip` and `top`. Unknown fields compare as null, like a missing property would.
 */

type Row = Record<string, unknown>;
export type Predicate = (row: Row) => boolean;

export class ODataError extends Error {}

type Tok = { k: 'id' | 'str' | 'num' | 'op' | 'punct'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)(?![\w:-])|([A-Za-z_][\w.]*)|([(),]))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new ODataError(`cannot parse filter near "${src.slice(i, i + 20)}"`);
    i = re.lastIndex;
    if (m[1] !== undefined) out.push({ k: 'str', v: m[1].slice(1, -1).replace(/''/g, "'") });
    else if (m[2] !== undefined) out.push({ k: 'num', v: m[2] });
    else if (m[3] !== undefined) {
      const low = m[3].toLowerCase();
      out.push({ k: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not'].includes(low) ? 'op' : 'id', v: m[3] });
    } else out.push({ k: 'punct', v: m[4] as string });
  }
  return out;
}

export function parseFilter(src: string): Predicate {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const next = () => {
    const t = toks[p++];
    if (!t) throw new ODataError('unexpected end of filter');
    return t;
  };
  const expect = (v: string) => {
    const t = next();
    if (t.v !== v) throw new ODataError(`expected "${v}" in filter, got "${t.v}"`);
  };
  const literal = (): unknown => {
    const t = next();
    if (t.k === 'str') return t.v;
    if (t.k === 'num') return Number(t.v);
    if (t.k === 'id' && /^(true|false|null)$/i.test(t.v)) return t.v.toLowerCase() === 'null' ? null : t.v.toLowerCase() === 'true';
    throw new ODataError(`expected a value in filter, got "${t.v}"`);
  };
  const orExpr = (): Predicate => {
    let left = andExpr();
    while (peek()?.k === 'op' && peek()?.v.toLowerCase() === 'or') {
      next();
      const l = left;
      const r = andExpr();
      left = (row) => l(row) || r(row);
    }
    return left;
  };
  const andExpr = (): Predicate => {
    let left = unary();
    while (peek()?.k === 'op' && peek()?.v.toLowerCase() === 'and') {
      next();
      const l = left;
      const r = unary();
      left = (row) => l(row) && r(row);
    }
    return left;
  };
  const unary = (): Predicate => {
    const t = peek();
    if (t?.k === 'op' && t.v.toLowerCase() === 'not') {
      next();
      const inner = unary();
      return (row) => !inner(row);
    }
    return primary();
  };
  const primary = (): Predicate => {
    const t = next();
    if (t.v === '(') {
      const e = orExpr();
      expect(')');
      return e;
    }
    if (t.k !== 'id') throw new ODataError(`unexpected "${t.v}" in filter`);
    const fn = t.v.toLowerCase();
    if (peek()?.v === '(' && ['startswith', 'endswith', 'contains'].includes(fn)) {
      next();
      const field = next();
      if (field.k !== 'id') throw new ODataError('expected a field name');
      expect(',');
      const value = String(literal()).toLowerCase();
      expect(')');
      return (row) => {
        const v = row[field.v];
        if (v === null || v === undefined) return false;
        const s = String(v).toLowerCase();
        return fn === 'startswith' ? s.startsWith(value) : fn === 'endswith' ? s.endsWith(value) : s.includes(value);
      };
    }
    const op = next();
    if (op.k !== 'op' || ['and', 'or', 'not'].includes(op.v.toLowerCase())) throw new ODataError(`expected an operator after ${t.v}`);
    const value = literal();
    const o = op.v.toLowerCase();
    return (row) => compare(row[t.v], o, value);
  };
  const pred = orExpr();
  if (p !== toks.length) throw new ODataError(`unexpected "${toks[p]?.v}" in filter`);
  return pred;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (a === undefined) a = null;
  if (op === 'eq') return looseEq(a, b);
  if (op === 'ne') return !looseEq(a, b);
  if (a === null || b === null) return false;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  switch (op) {
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
    case 'lt':
      return c < 0;
    case 'le':
      return c <= 0;
  }
  return false;
}

function looseEq(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return String(a) === String(b);
}

export interface ListQuery {
  filter?: string;
  search?: string;
  orderby?: string;
  skip: number;
  top: number;
}

/** Reads list query options (also the `$`-prefixed spellings the prose uses). */
export function readListQuery(q: Record<string, unknown>, maxTop = 100): ListQuery {
  const pick = (k: string): string | undefined => {
    const v = q[k] ?? q[`$${k}`];
    return typeof v === 'string' ? v : undefined;
  };
  const int = (k: string, def: number, min: number, max: number): number => {
    const raw = pick(k);
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new ODataError(`${k} must be an integer in [${min}, ${max}]`);
    return n;
  };
  const out: ListQuery = { skip: int('skip', 0, 0, 2 ** 31 - 1), top: int('top', maxTop, 1, maxTop) };
  const filter = pick('filter');
  const search = pick('search');
  const orderby = pick('orderby');
  if (filter) out.filter = filter;
  if (search) out.search = search;
  if (orderby) out.orderby = orderby;
  return out;
}

/** Applies filter, search (over `searchFields`), orderby, skip and top; count is before paging. */
export function applyListQuery<T extends Row>(rows: T[], q: ListQuery, searchFields: string[]): { count: number; items: T[] } {
  let out = rows;
  if (q.filter) {
    const pred = parseFilter(q.filter);
    out = out.filter(pred);
  }
  if (q.search) {
    const terms = q.search
      .split(/\s+or\s+/i)
      .map((s) => s.trim().replace(/^'|'$/g, '').toLowerCase())
      .filter(Boolean);
    out = out.filter((r) => terms.some((t) => searchFields.some((f) => String(r[f] ?? '').toLowerCase().includes(t))));
  }
  if (q.orderby) {
    const keys = q.orderby.split(',').map((part) => {
      const [field, dir] = part.trim().split(/\s+/);
      if (!field || (dir !== undefined && !/^(asc|desc)$/i.test(dir))) throw new ODataError(`bad orderby "${part.trim()}"`);
      return { field, desc: dir?.toLowerCase() === 'desc' };
    });
    out = [...out].sort((a, b) => {
      for (const k of keys) {
        const x = a[k.field];
        const y = b[k.field];
        let c = 0;
        if (typeof x === 'number' && typeof y === 'number') c = x - y;
        else c = String(x ?? '').localeCompare(String(y ?? ''));
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    });
  }
  return { count: out.length, items: out.slice(q.skip, q.skip + q.top) };
}
