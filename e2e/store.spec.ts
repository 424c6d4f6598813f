import { expect, test } from './fixtures/test';

// npm test runs the journeys that write twice: on SQLite, and on a throwaway PostgreSQL
// (scripts/with-postgres.ts sets QUEUEDECK_DATABASE_URL). This proves which store each run used,
// so the PostgreSQL run cannot quietly fall back to SQLite.
test('the gateway stores in the engine this run asked for, and it is up', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.ok()).toBe(true);
  expect(await res.json()).toMatchObject({
    ok: true,
    store: {
      engine: process.env.QUEUEDECK_DATABASE_URL ? 'postgres' : 'sqlite',
      ok: true,
      downSince: null,
    },
  });
});
