import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinDir, startPostgres, type TestPostgres } from './postgres';

const execFileAsync = promisify(execFile);

/** One query through libpq's psql, by URL: what a client would see. */
async function query(url: string, sql: string): Promise<string> {
  const { stdout } = await execFileAsync(
    path.join(findPostgresBinDir(), 'psql'),
    ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql],
    { env: { ...process.env, PGCONNECT_TIMEOUT: '5' }, timeout: 15_000 },
  );
  return stdout.trim();
}

describe('startPostgres', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('serves a database on loopback to the queuedeck user', async () => {
    expect(pg.url).toBe(`postgres://queuedeck@127.0.0.1:${pg.port}/queuedeck`);
    expect(await query(pg.url, 'select 1')).toBe('1');
    expect(await query(pg.url, "select current_user || ' ' || current_database()")).toBe(
      'queuedeck queuedeck',
    );
    expect(await query(pg.url, 'show fsync')).toBe('off');
  });

  it('creates extra empty databases on the same server', async () => {
    const url = await pg.createDatabase('extra_one');
    expect(url).toBe(`postgres://queuedeck@127.0.0.1:${pg.port}/extra_one`);
    expect(await query(url, 'select current_database()')).toBe('extra_one');
    const generated = await pg.createDatabase();
    expect(generated).not.toBe(url);
    expect(
      await query(generated, "select count(*) from pg_tables where schemaname = 'public'"),
    ).toBe('0');
    await expect(pg.createDatabase('no; drop')).rejects.toThrow(/bad database name/);
  });

  it('survives an outage: stopServer refuses connections, startServer brings the data back', async () => {
    await query(pg.url, 'create table kept (n int); insert into kept values (42)');
    await pg.stopServer();
    await expect(query(pg.url, 'select 1')).rejects.toThrow(/refused|could not connect/i);
    await pg.startServer();
    expect(await query(pg.url, 'select n from kept')).toBe('42');
  });

  it('stop removes the server and its folder', async () => {
    const other = await startPostgres({ database: 'short_lived' });
    expect(existsSync(other.dir)).toBe(true);
    expect(await query(other.url, 'select 1')).toBe('1');
    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
    await expect(query(other.url, 'select 1')).rejects.toThrow();
    await other.stop(); // idempotent
  });
});
