import { createHash } from 'node:crypto';

// While1 signs every request with md5(http_build_query(params) . api_key) (docs/vendors.md#while1-signing), so
// the gateway must serialise exactly as PHP's http_build_query does with its default arguments.

/** A PHP value as http_build_query sees it; Maps keep insertion order even for integer-like keys. */
export type PhpValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | PhpValue[]
  | Map<string, PhpValue>
  | { [key: string]: PhpValue };

/** PHP `urlencode` (RFC 1738): only `A-Za-z0-9-_.` stay, space becomes `+`, hex is uppercase. */
export function phpUrlencode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function entriesOf(
  v: PhpValue[] | Map<string, PhpValue> | { [key: string]: PhpValue },
): [string, PhpValue][] {
  if (v instanceof Map) return [...v.entries()];
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  return Object.entries(v);
}

function scalar(v: string | number | boolean): string {
  if (v === true) return '1';
  if (v === false) return '0';
  return String(v);
}

/**
 * PHP `http_build_query($data)`: nulls and empty arrays vanish, booleans become 1/0, nested keys
 * are `parent%5Bchild%5D` (brackets encoded), list items are numbered, separator `&`.
 */
export function httpBuildQuery(
  data: PhpValue[] | Map<string, PhpValue> | { [key: string]: PhpValue },
): string {
  const parts: string[] = [];
  const walk = (key: string, value: PhpValue): void => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      for (const [k, v] of entriesOf(value)) walk(`${key}%5B${phpUrlencode(k)}%5D`, v);
      return;
    }
    parts.push(`${key}=${phpUrlencode(scalar(value))}`);
  };
  for (const [k, v] of entriesOf(data)) walk(phpUrlencode(k), v);
  return parts.join('&');
}

/** The `api_hash` of a request: md5 of the canonical query (without `api_hash`) and the API key. */
export function apiHash(
  params: Map<string, PhpValue> | { [key: string]: PhpValue },
  apiKey: string,
): string {
  const without = entriesOf(params).filter(([k]) => k !== 'api_hash');
  return createHash('md5')
    .update(httpBuildQuery(new Map(without)) + apiKey)
    .digest('hex');
}

/** The signed form body: the canonical query with `api_hash` appended last. */
export function signedBody(params: Map<string, PhpValue>, apiKey: string): string {
  const query = httpBuildQuery(params);
  return `${query}${query ? '&' : ''}api_hash=${apiHash(params, apiKey)}`;
}
