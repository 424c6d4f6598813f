import { afterAll, beforeAll } from 'vitest';
import { Store, type StoreOptions } from '../store/store';
import { startPostgres, type TestPostgres } from './postgres';

export type EngineName = 'sqlite' | 'postgres';
export const ENGINES: EngineName[] = ['sqlite', 'postgres'];

let serial = 0;

/**
 * Fresh stores on either engine for a test file: SQLite in memory, or a new empty database on a
 * throwaway PostgreSQL server that the file starts once (in beforeAll) and stops at the end.
 */
export function storeFactory(): {
  open(engine: EngineName, opts?: Partial<StoreOptions>): Promise<Store>;
  /** A new empty PostgreSQL database's URL. */
  database(): Promise<string>;
  postgres(): TestPostgres;
} {
  let pg: TestPostgres | null = null;
  const opened: Store[] = [];
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close().catch(() => {})));
    await pg?.stop();
  }, 30_000);
  const database = async () => pg!.createDatabase(`t${process.pid}_${++serial}`);
  return {
    database,
    postgres: () => pg!,
    async open(engine, opts = {}) {
      const store = await Store.open({
        sessionTtlMs: 3600_000,
        ...opts,
        location:
          engine === 'sqlite'
            ? { engine: 'sqlite', dataDir: ':memory:' }
            : { engine: 'postgres', url: await database() },
      });
      opened.push(store);
      return store;
    },
  };
}
