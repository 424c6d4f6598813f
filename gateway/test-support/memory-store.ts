import { Store } from '../store/store';
/** A store on SQLite in memory (or in `dataDir`), for tests of what sits on top of the store. */
export function memoryStore(dataDir: string | ':memory:' = ':memory:'): Promise<Store> {
  return Store.open({ location: { engine: 'sqlite', dataDir }, sessionTtlMs: 3600_000 });
}
