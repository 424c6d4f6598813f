/**
 * PHP's query-string semantics, needed to verify While1's `api_hash` (docs/vendors.md#while1-signing):
 * `md5(http_build_query(params_without_api_hash) . api_key)`. The server re-serialises what it
 * parsed (form, query or JSON) exactly like PHP would, rather than hashing the raw body, so a
 * client's key order, bracket syntax and nulls all count.
 *
 * Arrays are modelled as `Map<string, PhpValue>` to keep PHP's insertion order: a plain JS object
 * would move integer-like keys ("0", "12") to the front.
 */
import { createHash } from 'node:crypto';

export type PhpScalar = string | number | boolean | null | undefined;
export type PhpArray = Map<string, PhpValue>;
export type PhpValue = PhpScalar | PhpArray | PhpValue[] | { [key: string]: PhpValue };

/** PHP `urlencode` (RFC 1738): only `A-Za-z0-9-_.` stay, space becomes `+`, hex is uppercase. */
export function phpUrlencode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function entriesOf(v: PhpArray | PhpValue[] | { [key: string]: PhpValue }): [string, PhpValue][] {
  if (v instanceof Map) return [...v.entries()];
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  return Object.entries(v);
}

function isContainer(v: PhpValue): v is PhpArray | PhpValue[] | { [key: string]: PhpValue } {
  return v instanceof Map || Array.isArray(v) || (typeof v === 'object' && v !== null);
}

function scalarString(v: string | number | boolean): string {
  if (v === true) return '1';
  if (v === false) return '0';
  return String(v);
}

/**
 * PHP `http_build_query($data)` with default arguments: nulls and empty arrays vanish, booleans
 * become 1/0, nested keys are `parent%5Bchild%5D`, separator `&`.
 */
export function httpBuildQuery(data: PhpArray | PhpValue[] | { [key: string]: PhpValue }): string {
  const parts: string[] = [];
  const walk = (key: string, value: PhpValue) => {
    if (value === null || value === undefined) return;
    if (isContainer(value)) {
      for (const [k, v] of entriesOf(value)) walk(`${key}%5B${phpUrlencode(k)}%5D`, v);
      return;
    }
    parts.push(`${key}=${phpUrlencode(scalarString(value))}`);
  };
  for (const [k, v] of entriesOf(data)) walk(phpUrlencode(k), v);
  return parts.join('&');
}

/** The While1 request signature. */
export function apiHash(params: PhpArray | { [key: string]: PhpValue }, apiKey: string): string {
  const copy = new Map(entriesOf(params).filter(([k]) => k !== 'api_hash'));
  return createHash('md5')
    .update(httpBuildQuery(copy) + apiKey)
    .digest('hex');
}

function phpUrldecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    // PHP leaves a malformed escape as-is instead of failing.
    return s.replace(/\+/g, ' ');
  }
}

/** Next automatic index for `a[]=`: one past the largest integer key. */
function nextIndex(m: PhpArray): string {
  let max = -1;
  for (const k of m.keys()) if (/^(0|-?[1-9]\d*)$/.test(k)) max = Math.max(max, Number(k));
  return String(max + 1);
}

/** PHP `parse_str` / `$_POST` decoding of a urlencoded string, bracket syntax included. */
export function parsePhpQuery(input: string): PhpArray {
  const root: PhpArray = new Map();
  for (const pair of input.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = phpUrldecode(eq < 0 ? pair : pair.slice(0, eq)).replace(/^ +/, '');
    const value = eq < 0 ? '' : phpUrldecode(pair.slice(eq + 1));
    if (rawName === '') continue;
    const open = rawName.indexOf('[');
    let base = open < 0 ? rawName : rawName.slice(0, open);
    const path: (string | null)[] = [];
    if (open >= 0) {
      let rest = rawName.slice(open);
      let malformed = false;
      while (rest.startsWith('[')) {
        const close = rest.indexOf(']');
        if (close < 0) {
          malformed = true;
          break;
        }
        const seg = rest.slice(1, close);
        path.push(seg === '' ? null : seg);
        rest = rest.slice(close + 1);
      }
      // An unclosed bracket makes PHP treat the name as flat, with the first '[' turned into '_'.
      if (malformed && path.length === 0) base = rawName.replace('[', '_');
    }
    // PHP mangles '.' and ' ' in the top-level name.
    base = base.replace(/[. ]/g, '_');
    if (base === '') continue;
    let target = root;
    let key: string = base;
    for (const seg of path) {
      let child = target.get(key);
      if (!(child instanceof Map)) {
        child = new Map();
        target.set(key, child);
      }
      target = child;
      key = seg ?? nextIndex(target);
    }
    target.set(key, value);
  }
  return root;
}

/**
 * JSON.parse that keeps object key order (objects become Maps), as PHP's json_decode($s, true)
 * does. Throws SyntaxError on invalid JSON.
 */
export function parseJsonOrdered(text: string): PhpValue {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i += 1;
  };
  const fail = (): never => {
    throw new SyntaxError(`Unexpected token at position ${i}`);
  };
  const str = (): string => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): PhpValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i += 1;
      const m: PhpArray = new Map();
      ws();
      if (text[i] === '}') {
        i += 1;
        return m;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = str();
        ws();
        if (text[i] !== ':') fail();
        i += 1;
        m.set(k, value());
        ws();
        if (text[i] === ',') i += 1;
        else if (text[i] === '}') {
          i += 1;
          return m;
        } else fail();
      }
    }
    if (c === '[') {
      i += 1;
      const a: PhpValue[] = [];
      ws();
      if (text[i] === ']') {
        i += 1;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') i += 1;
        else if (text[i] === ']') {
          i += 1;
          return a;
        } else fail();
      }
    }
    if (c === '"') return str();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i),
    );
    if (!m) return fail();
    i += m[0].length;
    return JSON.parse(m[0]) as PhpScalar;
  };
  const out = value();
  ws();
  if (i !== text.length) fail();
  return out;
}
