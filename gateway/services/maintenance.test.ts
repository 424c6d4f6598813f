import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/store';
import { memoryStore } from '../test-support/memory-store';
import { Maintenance } from './maintenance';

const HOUR = 3600_000;
let store: Store;
afterEach(() => store?.close());

describe('store maintenance', () => {
  it('purges expired sessions, old idempotency keys and sign-in failures, and keeps the rest', async () => {
    store = await memoryStore();
    const now = Date.now();
    const u = await store.users.create({ username: 'nia', role: 'viewer', passwordHash: 'h' });
    const live = await store.sessions.create(u.id, now);
    const expired = await store.sessions.create(u.id, now - 2 * HOUR); // the store's TTL is 1 h
    await store.idempotency.claim(u.id, 'old', 'h', now - 3 * 24 * HOUR);
    await store.idempotency.claim(u.id, 'new', 'h', now);
    await store.signinFailures.add(['u:nia'], now - 2 * 24 * HOUR);
    await store.signinFailures.add(['u:nia'], now);

    const m = new Maintenance([Maintenance.forStore(store)]);
    await m.runOnce(now);

    expect(await store.sessions.resolve(live, now)).toBe(u.id);
    expect(await store.counts()).toMatchObject({ sessions: 1, idempotency: 1, signin_failures: 1 });
    expect(await store.sessions.resolve(expired, now)).toBeNull();
  });

  it('runs every job even when one fails, and reports the failure', async () => {
    const ran: string[] = [];
    const errors: string[] = [];
    const m = new Maintenance(
      [
        { name: 'a', run: async () => ran.push('a') },
        {
          name: 'b',
          run: async () => {
            throw new Error('database away');
          },
        },
        { name: 'c', run: async () => ran.push('c') },
      ],
      { onError: (job, err) => errors.push(`${job}: ${err.message}`) },
    );
    // Two calls at once share one run rather than doubling the work.
    await Promise.all([m.runOnce(), m.runOnce()]);
    expect(ran).toEqual(['a', 'c']);
    expect(errors).toEqual(['b: database away']);
  });
});
