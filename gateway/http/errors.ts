import type { FastifyReply } from 'fastify';
import type { ZodError } from 'zod';
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
export function zodFields(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Parses `value` with `schema` or throws a 400 naming each bad field. */
export function validate<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError };
  },
  value: unknown,
): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const fields = zodFields(r.error);
    const first = Object.entries(fields)[0];
    throw new HttpError(
      400,
      'VALIDATION',
      first ? `Check the request: ${first[0]} ${first[1].toLowerCase()}` : 'Check the request',
      fields,
    );
  }
  return r.data;
}
