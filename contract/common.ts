import { z } from 'zod';

/** ISO-8601 timestamp string in UTC, as every /api/v1 timestamp is sent. */
export const IsoTime = z.string().min(10);
export type IsoTime = z.infer<typeof IsoTime>;

/** Path parameters of a route on one resource, `/…/:id` (a contract id such as `<source>:<vendorId>`). */
export const IdParams = z.object({ id: z.string() });
export type IdParams = z.infer<typeof IdParams>;

/** The single error shape of every /api/v1 failure. `fields` maps a field path to what is wrong with it. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Error codes the gateway itself emits; vendor codes travel in `vendorCode` of action results. */
export const ErrorCode = z.enum([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF',
  'NOT_FOUND',
  'VALIDATION',
  'RATE_LIMITED',
  'CONFLICT',
  'IDEMPOTENCY_MISMATCH',
  'VENDOR_ERROR',
  'VENDOR_UNAVAILABLE',
  'UNSUPPORTED',
  'INTERNAL',
  // Issue 6: a wallboard display's token was revoked (contract/wallboard.ts).
  'DISPLAY_REVOKED',
  // The gateway's database is unreachable: reads from memory go on, writes wait until it is back.
  'STORE_UNAVAILABLE',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * State-changing requests must carry this header. A browser cannot add a custom header
 * cross-origin without a CORS preflight the gateway never grants, so its presence proves same origin.
 */
export const CSRF_HEADER = 'x-queuedeck-csrf';
export const CSRF_VALUE = '1';

/** Ids that cross the contract are `<sourceId>:<vendorId>` so they stay unique across sources. */
export function makeId(sourceId: string, vendorId: string): string {
  return `${sourceId}:${vendorId}`;
}

/** Splits a contract id into its source and vendor parts; the vendor part may itself contain ':'. */
export function splitId(id: string): { sourceId: string; vendorId: string } | null {
  const i = id.indexOf(':');
  if (i <= 0 || i === id.length - 1) return null;
  return { sourceId: id.slice(0, i), vendorId: id.slice(i + 1) };
}
