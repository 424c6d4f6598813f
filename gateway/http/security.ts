import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import { HttpError } from './errors';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CSP and friends: scripts only from our origin, no framing unless configured. */
export function securityHeaders(frameAncestors: string[]): Record<string, string> {
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      // Radix's scroll lock injects a <style> element; inline script stays forbidden.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      `frame-ancestors ${frameAncestors.join(' ')}`,
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    ...(frameAncestors.length === 1 && frameAncestors[0] === "'none'"
      ? { 'x-frame-options': 'DENY' }
      : {}),
  };
}

/**
 * CSRF defence for every state-changing request: the custom header (a cross-site form or a simple
 * fetch cannot add it) and, when the browser sends one, an Origin equal to our own.
 */
export function checkCsrf(req: FastifyRequest): void {
  if (!UNSAFE.has(req.method)) return;
  if (req.headers[CSRF_HEADER] !== CSRF_VALUE) {
    throw new HttpError(403, 'CSRF', `Missing the ${CSRF_HEADER} header`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host === null || host !== req.headers.host) {
      throw new HttpError(403, 'CSRF', 'Cross-origin request refused');
    }
  }
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    throw new HttpError(403, 'CSRF', 'Cross-site request refused');
  }
}

export function registerSecurity(app: FastifyInstance, frameAncestors: string[]): void {
  const headers = securityHeaders(frameAncestors);
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(headers);
    return payload;
  });
}
