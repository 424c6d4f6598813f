/**
 * Entry-store benchmark (not a test: timings belong in a report, not in CI).
 *
 *   node --import tsx simulator/model/campaigns/bench-entries.ts --entries 1000000 [--runs 200]
 *
 * Builds the default world at the given size, then times list / count / filter / sort queries on
 * the Iqra outbound entries with randomised parameters and prints p50/p95 per scenario.
 */
import { parseArgs } from 'node:util';
import { createCampaignWorld } from './generate';
import { createRng } from './random';
import { Direction, type EntryFilter, type SortField, type Status } from './types';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '200' },
  },
});
const entries = Number(values.entries);
const runs = Number(values.runs);

const now0 = Date.UTC(2025, 4, 14, 15, 0, 0);
let t = performance.now();
const world = createCampaignWorld({ now: () => now0, seed: 42, entries });
const buildMs = performance.now() - t;
const rssMb = process.memoryUsage().rss / 1e6;
const tenant = world.tenants[0]?.id ?? 1;
const campaigns = world.campaignsOf(tenant, Direction.outbound);
const outboundTotal = world.countEntries({ tenant, direction: Direction.outbound });
const rng = createRng(7);
const phones = world
  .listEntries({
    filter: { tenant, direction: Direction.outbound },
    sort: 'createdAt',
    order: 'desc',
    offset: 0,
    limit: 100,
  })
  .map((r) => r.phone);

const DAY = 86_400_000;
const base = (): EntryFilter => ({ tenant, direction: Direction.outbound });
const anyCampaign = () => rng.pick(campaigns).id;
const someStatuses = (): Status[] =>
  rng.pick<Status[]>([[0], [3], [4], [2], [0, 1, 2], [3, 4], [1, 2]]);
const sort = (): SortField => rng.pick<SortField>(['createdAt', 'updatedAt', 'scheduledAt']);
const order = () => rng.pick<'asc' | 'desc'>(['asc', 'desc']);
const page = () => rng.int(0, 19) * 50;
const range = (): [number, number] => {
  const from = now0 - rng.int(1, 14) * DAY;
  return [from, from + rng.int(1, 4) * DAY];
};

type Scenario = [name: string, run: () => unknown];
const scenarios: Scenario[] = [
  [
    'list: page 1-20, no filter, random sort',
    () =>
      world.listEntries({
        filter: base(),
        sort: sort(),
        order: order(),
        offset: page(),
        limit: 50,
      }),
  ],
  [
    'list: status filter, random sort/page',
    () =>
      world.listEntries({
        filter: { ...base(), statuses: someStatuses() },
        sort: sort(),
        order: order(),
        offset: page(),
        limit: 50,
      }),
  ],
  [
    'list: campaign filter, random sort/page',
    () =>
      world.listEntries({
        filter: { ...base(), campaignIds: [anyCampaign()] },
        sort: sort(),
        order: order(),
        offset: page(),
        limit: 50,
      }),
  ],
  [
    'list: campaign + status, random sort',
    () =>
      world.listEntries({
        filter: { ...base(), campaignIds: [anyCampaign()], statuses: someStatuses() },
        sort: sort(),
        order: order(),
        offset: page(),
        limit: 50,
      }),
  ],
  [
    'list: agent filter, createdAt desc',
    () =>
      world.listEntries({
        filter: { ...base(), agentIds: [rng.int(1, 3)] },
        sort: 'createdAt',
        order: 'desc',
        offset: page(),
        limit: 50,
      }),
  ],
  [
    'list: phone filter',
    () =>
      world.listEntries({
        filter: { ...base(), phones: [rng.pick(phones)] },
        sort: 'createdAt',
        order: 'desc',
        offset: 0,
        limit: 50,
      }),
  ],
  [
    'list: created range, createdAt sort',
    () => {
      const [a, b] = range();
      return world.listEntries({
        filter: { ...base(), createdFrom: a, createdTo: b },
        sort: 'createdAt',
        order: order(),
        offset: page(),
        limit: 50,
      });
    },
  ],
  [
    'list: scheduled range + status, scheduledAt sort',
    () => {
      const [a, b] = range();
      return world.listEntries({
        filter: { ...base(), scheduledFrom: a, scheduledTo: b, statuses: someStatuses() },
        sort: 'scheduledAt',
        order: order(),
        offset: page(),
        limit: 50,
      });
    },
  ],
  [
    'list: 100 per page, updatedAt desc',
    () =>
      world.listEntries({
        filter: base(),
        sort: 'updatedAt',
        order: 'desc',
        offset: page() * 2,
        limit: 100,
      }),
  ],
  [
    'keyset: cursor pages (createdAt desc)',
    () =>
      world.keysetEntries({
        filter: rng.chance(0.5) ? base() : { ...base(), statuses: someStatuses() },
        order: 'desc',
        after: rng.chance(0.5) ? null : { createdAt: now0 - rng.int(0, 10) * DAY, id: 1e9 },
        limit: 51,
      }),
  ],
  ['count: no filter', () => world.countEntries(base())],
  ['count: status', () => world.countEntries({ ...base(), statuses: someStatuses() })],
  [
    'count: campaign + status',
    () => world.countEntries({ ...base(), campaignIds: [anyCampaign()], statuses: someStatuses() }),
  ],
  [
    'count: created range',
    () => {
      const [a, b] = range();
      return world.countEntries({ ...base(), createdFrom: a, createdTo: b });
    },
  ],
  [
    'count: completed range',
    () => {
      const [a, b] = range();
      return world.countEntries({ ...base(), completedFrom: a, completedTo: b });
    },
  ],
  [
    'count: scheduled range + status',
    () => {
      const [a, b] = range();
      return world.countEntries({
        ...base(),
        scheduledFrom: a,
        scheduledTo: b,
        statuses: someStatuses(),
      });
    },
  ],
  ['count: phone', () => world.countEntries({ ...base(), phones: [rng.pick(phones)] })],
];

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

console.log(
  `entries ${world.store.size().toLocaleString('en-US')} (Iqra outbound ${outboundTotal.toLocaleString('en-US')}), build ${(buildMs / 1000).toFixed(1)} s, RSS ${rssMb.toFixed(0)} MB, ${runs} runs per scenario`,
);
const all: number[] = [];
for (const [name, run] of scenarios) {
  for (let i = 0; i < 5; i += 1) run(); // warm prepared statements
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  console.log(
    `${name.padEnd(52)} p50 ${pct(times, 50).toFixed(2).padStart(7)} ms   p95 ${pct(times, 95).toFixed(2).padStart(7)} ms   max ${pct(times, 100).toFixed(2).padStart(7)} ms`,
  );
}
all.sort((a, b) => a - b);
console.log(
  `${'ALL'.padEnd(52)} p50 ${pct(all, 50).toFixed(2).padStart(7)} ms   p95 ${pct(all, 95).toFixed(2).padStart(7)} ms`,
);
world.close();
