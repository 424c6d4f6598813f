import type { FastifyInstance } from 'fastify';
import type { Config } from './config';
import { buildApp, LOG_REDACT } from './app';
import { generatePassword, hashPassword } from './services/passwords';

export interface RunningGateway {
  app: FastifyInstance;
  url: string;
  /** Set only on the first start, when the admin user was created with a generated password. */
  adminPassword: string | null;
  close(): Promise<void>;
}

/**
 * The gateway process: builds the app, creates the first admin when the store is empty, listens.
 * The password is returned once to be printed and is never stored in clear or logged.
 */
export async function startGateway(
  config: Config,
  opts: { staticDir?: string; adminPassword?: string; logLevel?: string } = {},
): Promise<RunningGateway> {
  const { app, services } = await buildApp({
    config,
    staticDir: opts.staticDir,
    logger: { level: opts.logLevel ?? 'info', redact: LOG_REDACT },
  });
  let adminPassword: string | null = null;
  if ((await services.users.count()) === 0) {
    const password = opts.adminPassword || generatePassword();
    await services.users.create({
      username: 'admin',
      role: 'admin',
      passwordHash: await hashPassword(password),
    });
    adminPassword = opts.adminPassword ? null : password;
  }
  await app.listen({ host: config.listen.host, port: config.listen.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.listen.port;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  return { app, url: `http://${host}:${port}`, adminPassword, close: () => app.close() };
}
