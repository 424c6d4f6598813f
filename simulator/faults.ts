import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Prng } from './model/prng';

/**
 * Fault injection for one dialect. Faults act on the wire only (they belong to no vendor): they
 * are how gateway tests see a slow, failing, throttled, hanging or vanished vendor.
 */
export interface FaultConfig {
  /** Added to every request before it is handled. */
  latencyMs: number;
  /** Share (0..1) of requests answered with `errorStatus` (5xx). */
  errorRate: number;
  errorStatus: number;
  /** Share of requests answered 429 with Retry-After. */
  rateLimitRate: number;
  retryAfterSeconds: number;
  /** Share of requests that never get an answer until the fault is cleared or the simulator closes. */
  hangRate: number;
  /** Share of JSON responses cut in half (invalid JSON, status and headers intact). */
  malformedRate: number;
  /** Vendor down: every connection is destroyed as soon as a request arrives. */
  down: boolean;
  /** Token lifetime override in seconds (null = the dialect's default). */
  tokenTtlSeconds: number | null;
}

export const NO_FAULTS: Readonly<FaultConfig> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 503,
  rateLimitRate: 0,
  retryAfterSeconds: 2,
  hangRate: 0,
  malformedRate: 0,
  down: false,
  tokenTtlSeconds: null,
});

/** Body of POST /__sim/faults: any subset, plus shorthands. */
export interface FaultPatch extends Partial<FaultConfig> {
  /** Shorthand for hangRate 1 / 0. */
  hang?: boolean;
  /** Revokes every token issued so far: the next call with one gets 401. */
  revokeTokens?: boolean;
}

type HangOutcome = 'release' | 'abort';

export class FaultController {
  config: FaultConfig = { ...NO_FAULTS };
  private readonly rng: Prng;
  private readonly hung = new Set<(outcome: HangOutcome) => void>();

  constructor(seed: number, readonly dialect: string) {
    this.rng = new Prng(seed);
  }

  /** Applies a patch; returns the resulting config. Invalid values throw and change nothing. */
  apply(patch: FaultPatch): FaultConfig {
    const next = this.merged(patch);
    this.config = next;
    if (next.hangRate === 0) this.releaseHung('release');
    return next;
  }

  /** The config a patch would give, validated, without applying it. */
  merged(patch: FaultPatch): FaultConfig {
    const next: FaultConfig = { ...this.config };
    const rate = (v: unknown, name: string): number => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`${name} must be a number in [0, 1]`);
      return v;
    };
    const nonNeg = (v: unknown, name: string): number => {
      if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`${name} must be a number >= 0`);
      return v;
    };
    if (patch.latencyMs !== undefined) next.latencyMs = nonNeg(patch.latencyMs, 'latencyMs');
    if (patch.errorRate !== undefined) next.errorRate = rate(patch.errorRate, 'errorRate');
    if (patch.errorStatus !== undefined) {
      if (!Number.isInteger(patch.errorStatus) || patch.errorStatus < 500 || patch.errorStatus > 599) throw new Error('errorStatus must be 5xx');
      next.errorStatus = patch.errorStatus;
    }
    if (patch.rateLimitRate !== undefined) next.rateLimitRate = rate(patch.rateLimitRate, 'rateLimitRate');
    if (patch.retryAfterSeconds !== undefined) next.retryAfterSeconds = Math.ceil(nonNeg(patch.retryAfterSeconds, 'retryAfterSeconds'));
    if (patch.hangRate !== undefined) next.hangRate = rate(patch.hangRate, 'hangRate');
    if (patch.hang !== undefined) next.hangRate = patch.hang ? 1 : 0;
    if (patch.malformedRate !== undefined) next.malformedRate = rate(patch.malformedRate, 'malformedRate');
    if (patch.down !== undefined) next.down = Boolean(patch.down);
    if (patch.tokenTtlSeconds !== undefined) {
      next.tokenTtlSeconds = patch.tokenTtlSeconds === null ? null : nonNeg(patch.tokenTtlSeconds, 'tokenTtlSeconds');
    }
    return next;
  }

  /** Back to no faults; hung requests are answered normally. */
  clear(): void {
    this.config = { ...NO_FAULTS };
    this.releaseHung('release');
  }

  get hungCount(): number {
    return this.hung.size;
  }

  /** Ends every hung request: 'release' lets it proceed, 'abort' destroys its socket. */
  releaseHung(outcome: HangOutcome): void {
    const all = [...this.hung];
    this.hung.clear();
    for (const resolve of all) resolve(outcome);
  }

  /** Installs the hooks on a dialect's encapsulated Fastify scope. */
  install(scope: FastifyInstance): void {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const c = this.config;
      if (c.down) {
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      }
      if (c.latencyMs > 0) await sleep(c.latencyMs);
      if (c.hangRate > 0 && this.rng.next() < c.hangRate) {
        const outcome = await new Promise<HangOutcome>((resolve) => this.hung.add(resolve));
        if (outcome === 'abort') {
          reply.hijack();
          request.raw.socket.destroy();
          return reply;
        }
      }
      if (c.rateLimitRate > 0 && this.rng.next() < c.rateLimitRate) {
        return reply
          .code(429)
          .header('retry-after', String(c.retryAfterSeconds))
          .type('application/json')
          .send(JSON.stringify({ error: 'Too Many Requests', message: 'rate limit exceeded (simulated)' }));
      }
      if (c.errorRate > 0 && this.rng.next() < c.errorRate) {
        return reply
          .code(c.errorStatus)
          .type('application/json')
          .send(JSON.stringify({ error: 'Service Unavailable', message: 'simulated server error' }));
      }
      return undefined;
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      const c = this.config;
      if (c.malformedRate === 0 || typeof payload !== 'string' || payload.length === 0) return payload;
      const type = String(reply.getHeader('content-type') ?? '');
      if (!type.includes('json') || this.rng.next() >= c.malformedRate) return payload;
      // Cut mid-document: a truncated body is what a dropped proxy connection looks like.
      return payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
