import type { FastifyInstance } from 'fastify';
import { CSRF_HEADER, CSRF_VALUE } from '@contract/common';
import type { Role } from '@contract/auth';
import { buildApp, type AppOptions } from '../app';
import { parseConfig, type Config } from '../config';
import type { Services } from '../services/services';
import { hashPassword } from '../services/passwords';
import type { SimProcess } from './sim-process';

/** A gateway config whose sources point at a running simulator process. */
export function simConfig(sim: SimProcess, extra: Partial<Config> = {}): Config {
  const f = sim.credentials.fonouc;
  return parseConfig({
    dataDir: ':memory:',
    sources: [
      {
        id: 'support',
        kind: 'fonouc',
        label: 'Support',
        baseUrl: f.baseUrl,
        accountId: f.accountId,
        domain: f.domain,
        username: f.username,
        password: f.password,
        pollSeconds: 1,
      },
      {
        id: 'sales',
        kind: 'portsip',
        label: 'Sales',
        baseUrl: sim.credentials.portsip.baseUrl,
        domain: sim.credentials.portsip.domain,
        username: sim.credentials.portsip.username,
        password: sim.credentials.portsip.password,
        pollSeconds: 1,
      },
    ],
    ...extra,
  });
}

export interface TestGateway {
  app: FastifyInstance;
  services: Services;
  /** Signs in a new user with `role` and returns the cookie header to send. */
  userCookie(
    role: Role,
    scope?: { sources: string[] | null; queues: string[] | null },
  ): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestGateway(
  config: Config,
  options: Omit<AppOptions, 'config'> = {},
): Promise<TestGateway> {
  const { app, services } = await buildApp({ ...options, config });
  await app.ready();
  return {
    app,
    services,
    async userCookie(role, scope) {
      const username = `${role}-${++counter}`;
      const password = `pw-${username}-long-enough`;
      await services.users.create({
        username,
        role,
        passwordHash: await hashPassword(password),
        scope,
      });
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { [CSRF_HEADER]: CSRF_VALUE },
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      const c = res.cookies.find((x) => x.name === services.cookieName)!;
      return `${c.name}=${c.value}`;
    },
    close: () => app.close(),
  };
}

/** Waits until `check` returns a value (not undefined), polling every 100 ms. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
