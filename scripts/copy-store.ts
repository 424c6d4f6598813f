/**
 * `npm run store:copy -- --from ./data --to postgres://user:pass@host:5432/queuedeck`
 *
 * Copies a SQLite store (the `queuedeck.sqlite` in a data dir) into an empty PostgreSQL database:
 * users, sessions (people stay signed in), displays (TVs keep their links), audit, history,
 * settings and the rest. Stop the gateway first, so the SQLite file is not written during the copy.
 * `--to` defaults to QUEUEDECK_DATABASE_URL, `--from` to QUEUEDECK_DATA_DIR or ./data.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Store, StoreStartError } from '../gateway/store/store';
import { redactUrl } from '../gateway/store/database';

const HELP = `Copies a Queuedeck SQLite store into an empty PostgreSQL database.

  npm run store:copy -- --from <data dir> --to <postgres URL>

  --from   the data dir holding queuedeck.sqlite (default: QUEUEDECK_DATA_DIR or ./data)
  --to     the PostgreSQL URL (default: QUEUEDECK_DATABASE_URL)

Stop the gateway before copying. Then start it with QUEUEDECK_DATABASE_URL (or "database" in the
config file) pointing at the same URL.`;

/** Runs the copy; returns the process exit code. */
export async function main(
  argv: string[],
  log = console.log,
  fail = console.error,
): Promise<number> {
  let values: { from?: string | undefined; to?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    fail(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    log(HELP);
    return 0;
  }
  const from = resolve(values.from ?? process.env.QUEUEDECK_DATA_DIR ?? './data');
  const to = values.to ?? process.env.QUEUEDECK_DATABASE_URL;
  if (!to || !/^postgres(ql)?:\/\//.test(to)) {
    fail(`--to must be a postgres:// URL (or set QUEUEDECK_DATABASE_URL).\n\n${HELP}`);
    return 2;
  }
  if (!existsSync(join(from, 'queuedeck.sqlite'))) {
    fail(`No SQLite store in ${from} (expected ${join(from, 'queuedeck.sqlite')}).`);
    return 2;
  }
  let source: Store | null = null;
  let target: Store | null = null;
  try {
    source = await Store.open({ location: { engine: 'sqlite', dataDir: from }, sessionTtlMs: 1 });
    target = await Store.open({ location: { engine: 'postgres', url: to }, sessionTtlMs: 1 });
    log(`Copying ${source.description} into PostgreSQL at ${redactUrl(to)}…`);
    await source.copyInto(target, (table, rows) => log(`  ${table}: ${rows} rows`));
    const [a, b] = [await source.counts(), await target.counts()];
    const differ = Object.keys(a).filter((t) => a[t] !== b[t]);
    if (differ.length > 0) {
      fail(`The copy does not match the source in: ${differ.join(', ')}.`);
      return 1;
    }
    log(
      'Done: every table matches. Start the gateway with QUEUEDECK_DATABASE_URL set to this URL.',
    );
    return 0;
  } catch (e) {
    fail(e instanceof StoreStartError ? e.message : `The copy failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await source?.close();
    await target?.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main(process.argv.slice(2));
}
