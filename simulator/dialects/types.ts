import type { FastifyInstance } from 'fastify';
import type { CallCentre } from '../model/call-centre';
import type { SimClock } from '../model/clock';
import type { Prng } from '../model/prng';
import type { TenantSpec } from '../model/types';
import type { FaultController } from '../faults';
import type { TokenStore } from '../tokens';

/**
 * The seam every vendor dialect plugs into. A dialect is a Fastify plugin mounted under its own
 * prefix (`/fonouc`, `/portsip`, `/iqra`, `/while1`); the server owns the clock, the tenants, the
 * fault hooks and request counting, so a dialect only speaks its vendor's wire format.
 */
export interface DialectContext {
  /** The dialect's name, also its URL prefix without the slash. */
  readonly name: string;
  readonly seed: number;
  readonly clock: SimClock;
  /** Options given to startSimulator (agents total, entries, token TTL...). */
  readonly options: Readonly<SimOptions>;
  /**
   * Creates a tenant's call centre (one model per tenant), warm-started to the clock and kept in
   * step with it by the server.
   */
  createCallCentre(spec: TenantSpec): CallCentre;
  /** A PRNG stream derived from the seed and a label: for credentials, ids and anything made up. */
  rng(label: string): Prng;
  /** Brings every model up to the clock; the server already does this before each request. */
  sync(): void;
  /** Bearer tokens of this dialect; the control API can revoke them all. */
  readonly tokens: TokenStore<unknown>;
  /** Token lifetime to use now: the fault override if set, else `fallback`. */
  tokenTtlSeconds(fallback: number): number;
  readonly faults: FaultController;
}

export interface SimOptions {
  seed: number;
  speed: number;
  clock: 'real' | 'manual';
  /** Total agents spread over the default tenants; undefined = default world. */
  agents?: number;
  /** Size of campaign entry lists (Iqra / While1 queue entries). */
  entries?: number;
  /** Token lifetime override for every dialect, seconds. */
  tokenTtlSeconds?: number;
  /** Iqra docs-flavor rate limit per API key; undefined = the documented 60 per minute, false = off. */
  iqraRateLimit?: { limit: number; windowMs: number } | false;
}

/**
 * What a dialect registers. `register` runs inside an encapsulated scope already prefixed with
 * `/${name}`; it returns the dialect's credentials (without baseUrl, which the server adds once the
 * port is known).
 */
export interface DialectPlugin<C extends object = Record<string, unknown>> {
  readonly name: string;
  register(app: FastifyInstance, ctx: DialectContext): C | Promise<C>;
}
