import type { FastifyReply } from 'fastify';

/**
 * Sends a pre-serialised JSON body as it is. Fastify runs no serializer on a string payload, so a
 * route's response schema documents such a body (in the OpenAPI document) and costs nothing per
 * request. The hot live routes send theirs through sendNegotiated (http/compression.ts), which
 * adds their compressed forms.
 */
export function sendJson(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body);
}
