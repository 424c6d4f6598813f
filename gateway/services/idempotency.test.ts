import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../test-support/memory-store';
import { HttpError } from '../http/errors';
import { IdempotencyService, bodyHash } from './idempotency';

const ok = (body: unknown) => async () => ({ statusCode: 200, body });

describe('IdempotencyService', () => {
  it('returns the first answer for the same key and body without running again', async () => {
    const store = new IdempotencyService((await memoryStore()).idempotency);
    let calls = 0;
    const fn = async () => ({ statusCode: 200, body: { n: ++calls } });
    const a = await store.run('u1', 'k1', { to: '+441', x: 1 }, fn);
    const b = await store.run('u1', 'k1', { x: 1, to: '+441' }, fn);
    expect(a).toEqual({ statusCode: 200, body: { n: 1 }, replayed: false });
    expect(b).toEqual({ statusCode: 200, body: { n: 1 }, replayed: true });
    expect(calls).toBe(1);
  });

  it('answers 422 for the same key with another body, and keys are per user', async () => {
    const store = new IdempotencyService((await memoryStore()).idempotency);
    await store.run('u1', 'k1', { to: '+441' }, ok(1));
    await expect(store.run('u1', 'k1', { to: '+442' }, ok(2))).rejects.toMatchObject({
      status: 422,
      code: 'IDEMPOTENCY_MISMATCH',
    });
    expect((await store.run('u2', 'k1', { to: '+442' }, ok(2))).replayed).toBe(false);
  });

  it('answers 409 while the first request is in flight', async () => {
    const store = new IdempotencyService((await memoryStore()).idempotency);
    let release!: () => void;
    const first = store.run(
      'u1',
      'k',
      {},
      () => new Promise((r) => (release = () => r({ statusCode: 200, body: 'done' }))),
    );
    await expect(store.run('u1', 'k', {}, ok('again'))).rejects.toBeInstanceOf(HttpError);
    await expect(store.run('u1', 'k', {}, ok('again'))).rejects.toMatchObject({ status: 409 });
    release();
    expect((await first).body).toBe('done');
    expect((await store.run('u1', 'k', {}, ok('again'))).body).toBe('done');
  });

  it('stores vendor refusals too, and frees the key when the gateway itself failed', async () => {
    const store = new IdempotencyService((await memoryStore()).idempotency);
    await store.run('u', 'refused', {}, async () => ({
      statusCode: 422,
      body: { error: 'INSUFFICIENT_BALANCE' },
    }));
    expect(await store.run('u', 'refused', {}, ok('x'))).toMatchObject({
      statusCode: 422,
      replayed: true,
    });
    await expect(
      store.run('u', 'boom', {}, () => Promise.reject(new Error('gateway bug'))),
    ).rejects.toThrow('gateway bug');
    expect((await store.run('u', 'boom', {}, ok('second'))).replayed).toBe(false);
  });

  it('survives a restart and keeps keys at least 24 hours', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qd-idem-'));
    try {
      const db1 = await memoryStore(dir);
      await new IdempotencyService(db1.idempotency).run('u', 'k', { a: 1 }, ok('first'));
      await db1.close();
      const db2 = await memoryStore(dir);
      const store = new IdempotencyService(db2.idempotency);
      expect(await store.run('u', 'k', { a: 1 }, ok('second'))).toMatchObject({
        body: 'first',
        replayed: true,
      });
      // Kept two days by the store's housekeeping.
      expect((await db2.purge(Date.now() + 24 * 3600 * 1000)).idempotency).toBe(0);
      expect((await db2.purge(Date.now() + 49 * 3600 * 1000)).idempotency).toBe(1);
      await db2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hashes bodies independently of key order', () => {
    expect(bodyHash({ a: 1, b: { c: 2, d: 3 } })).toBe(bodyHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(bodyHash({ a: 1 })).not.toBe(bodyHash({ a: 2 }));
  });
});
