import type { FastifyReply } from 'fastify';
import type { ErrorBody, ErrorCode } from '@contract/common';

/** An error that becomes the contract's `{error:{code,message,fields?}}` answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function sendError(reply: FastifyReply, err: HttpError): FastifyReply {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  if (err.fields) body.error.fields = err.fields;
  if (err.headers) reply.headers(err.headers);
  return reply.code(err.status).type('application/json').send(body);
}

/** Field-level messages from a zod error, keyed by the dotted path. */
export function zodFields(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** The 400 of a request that failed its schema: the first bad field in the message, all in `fields`. */
export function validationError(fields: Record<string, string>): HttpError {
  const first = Object.entries(fields)[0];
  return new HttpError(
    400,
    'VALIDATION',
    first ? `Check the request: ${first[0]} ${first[1].toLowerCase()}` : 'Check the request',
    fields,
  );
}

/**
 * The 400 of a route schema's failure (fastify-type-provider-zod's validation error: one entry per
 * zod issue, its path as a JSON pointer), in the same shape as every other validation answer.
 */
export function schemaValidationError(
  validation: readonly { instancePath: string; message?: string }[],
): HttpError {
  return validationError(
    zodFields({
      issues: validation.map((v) => ({
        path: v.instancePath === '/' ? [] : v.instancePath.slice(1).split('/'),
        message: v.message ?? 'is not valid',
      })),
    }),
  );
}
