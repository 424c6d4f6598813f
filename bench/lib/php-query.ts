import { createHash } from 'node:crypto';

/**
 * PHP `http_build_query` (default arguments) and the While1 request signature
 * `api_hash = md5(http_build_query(params) . apiKey)`, written for the benchmarks from PHP's
 * documented behaviour (the gateway and the simulator each have their own; this imports neither).
 *
 * Values: strings, numbers, booleans (1/0), null (dropped), arrays and plain objects (nested as
 * `key[sub]`). Object keys keep insertion order, so use non-numeric keys for objects.
 */
export type PhpValue = string | number | boolean | null | undefined | PhpValue[] | PhpObject;
export interface PhpObject {
  [key: string]: PhpValue;
}

/** PHP `urlencode`: RFC 1738, space as `+`, everything but `A-Za-z0-9-_.` escaped. */
export function phpUrlencode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function httpBuildQuery(data: PhpObject): string {
  const out: string[] = [];
  const walk = (key: string, v: PhpValue): void => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(`${key}%5B${i}%5D`, x));
      return;
    }
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(`${key}%5B${phpUrlencode(k)}%5D`, x);
      return;
    }
    const s = v === true ? '1' : v === false ? '0' : String(v);
    out.push(`${key}=${phpUrlencode(s)}`);
  };
  for (const [k, v] of Object.entries(data)) walk(phpUrlencode(k), v);
  return out.join('&');
}

export function while1Hash(params: PhpObject, apiKey: string): string {
  return createHash('md5')
    .update(httpBuildQuery(params) + apiKey)
    .digest('hex');
}

/** A signed form body: the params, then `api_hash` last. */
export function signedForm(params: PhpObject, apiKey: string): string {
  const q = httpBuildQuery(params);
  return `${q}${q ? '&' : ''}api_hash=${while1Hash(params, apiKey)}`;
}
