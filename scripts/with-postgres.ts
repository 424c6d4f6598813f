// Runs a command against a throwaway PostgreSQL server:
//
//   node --import tsx scripts/with-postgres.ts -- <command> [args...]
//
// Starts a fresh cluster (gateway/test-support/postgres.ts), runs the command with
// QUEUEDECK_DATABASE_URL pointing at its database, then stops the server and removes its folder,
// also on Ctrl-C or SIGTERM. Exits with the command's exit code (128 + signal number if a signal
// ended it).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { startPostgres } from '../gateway/test-support/postgres';

const log = (message: string) => console.error(`[with-postgres] ${message}`);

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const command = args[0] === '--' ? args.slice(1) : args;
  const [file, ...rest] = command;
  if (file === undefined) {
    log('usage: node --import tsx scripts/with-postgres.ts -- <command> [args...]');
    return 2;
  }

  // A signal before the server is up still stops it once startPostgres returns.
  let signalled: NodeJS.Signals | undefined;
  let child: ReturnType<typeof spawn> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled ??= signal;
    // Ctrl-C reaches the whole process group already; a SIGTERM sent to us alone is passed on.
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const started = Date.now();
  const pg = await startPostgres();
  try {
    log(`PostgreSQL ready in ${Date.now() - started} ms: QUEUEDECK_DATABASE_URL=${pg.url}`);
    if (signalled) return 128 + constants.signals[signalled];
    log(`$ ${command.join(' ')}`);
    child = spawn(file, rest, {
      stdio: 'inherit',
      env: { ...process.env, QUEUEDECK_DATABASE_URL: pg.url },
    });
    const spawned = child;
    return await new Promise<number>((resolve) => {
      spawned.once('error', (error) => {
        log(`cannot run ${file}: ${error.message}`);
        resolve(127);
      });
      spawned.once('exit', (code, signal) => {
        resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
      });
    });
  } finally {
    await pg.stop();
    log('PostgreSQL stopped and removed');
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
