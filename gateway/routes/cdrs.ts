import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API } from '@contract/api';
import { CdrsPage, CdrsQuery, type Cdr } from '@contract/cdr';
import { splitId } from '@contract/common';
import type { Services } from '../services/services';
import type { CdrFeed } from '../services/cdr-feed';
import { inDay } from '../services/metrics';
import { inScope } from '../services/live';
import { VendorError, type Connector } from '../connectors/types';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { parseTime } from '../http/time';
import { guarded, requireUser } from '../http/auth';

const MAX_RANGE_MS = 31 * 24 * 3600_000;
// The vendor reports by call start, we filter by queue entry: start the vendor range a bit earlier.
const START_SLACK_MS = 2 * 60_000;
// Paging through one range re-reads the vendor at most once a minute.
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 20;
const VENDOR_TIMEOUT_MS = 60_000;

type CdrConnector = Connector & Required<Pick<Connector, 'fetchCdrs'>>;

const hasCdrs = (c: Connector): c is CdrConnector =>
  c.capabilities.cdrs && typeof c.fetchCdrs === 'function';

/**
 * Call records, one page at a time: time range (by queue entry), source, queue, disposition; the
 * user's scope always applies. Today's ranges come from the CDR feed's cache; older ones from the
 * vendor (every vendor page read, cached briefly so paging does not re-read it). Newest first.
 */
export const cdrRoutes: FastifyPluginAsyncZod<{ services: Services; feed: CdrFeed }> = async (
  app,
  { services: s, feed },
) => {
  const cache = new Map<string, { at: number; cdrs: Promise<Cdr[]> }>();

  const load = (c: CdrConnector, from: number, to: number): Promise<Cdr[]> => {
    const cached = feed.cdrsBetween(c.id, from, to);
    if (cached) return Promise.resolve(cached);
    const key = `${c.id}|${from}|${to}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < CACHE_TTL_MS) return hit.cdrs;
    const cdrs = c
      .fetchCdrs(from - START_SLACK_MS, to, AbortSignal.timeout(VENDOR_TIMEOUT_MS))
      .then((list) => list.filter((x) => inDay(x, from, to)));
    // A failed read is not remembered: the next request asks the vendor again.
    cdrs.catch(() => cache.delete(key));
    for (const [k, v] of cache)
      if (now - v.at >= CACHE_TTL_MS || cache.size >= CACHE_MAX) cache.delete(k);
    cache.set(key, { at: now, cdrs });
    return cdrs;
  };

  app.get(
    API.cdrs,
    guarded('viewLive', {
      summary: 'Call records, paged, newest first',
      querystring: CdrsQuery,
      response: { 200: CdrsPage, ...errors(400, 401, 403, 404, 422, 502) },
    }),
    async (req) => {
      const user = requireUser(req);
      const q = req.query;
      const from = parseTime(q.from, 'from');
      const to = parseTime(q.to, 'to');
      if (to <= from) {
        throw new HttpError(400, 'VALIDATION', 'Check the request: to must be after from', {
          to: 'must be after from',
        });
      }
      if (to - from > MAX_RANGE_MS) {
        throw new HttpError(
          400,
          'VALIDATION',
          'Check the request: ask for at most 31 days at a time',
          {
            to: 'is more than 31 days after from',
          },
        );
      }
      const queueSource = q.queue ? splitId(q.queue)?.sourceId : undefined;
      if (q.queue && (!queueSource || !inScope(user.scope, queueSource, q.queue))) {
        throw new HttpError(404, 'NOT_FOUND', 'No such queue');
      }
      if (q.source && (!s.live.source(q.source) || !inScope(user.scope, q.source))) {
        throw new HttpError(404, 'NOT_FOUND', 'No such source');
      }
      const wanted = s.live
        .all()
        .map((x) => x.connector)
        .filter((c) => inScope(user.scope, c.id))
        .filter((c) => (!q.source || c.id === q.source) && (!queueSource || c.id === queueSource));
      const capable = wanted.filter(hasCdrs);
      if ((q.source || q.queue) && capable.length === 0) {
        const label = wanted[0]?.label ?? q.source ?? queueSource ?? 'This source';
        throw new HttpError(422, 'UNSUPPORTED', `${label} does not report call records`);
      }

      let lists: Cdr[][];
      try {
        lists = await Promise.all(capable.map((c) => load(c, from, to)));
      } catch (e) {
        const err =
          e instanceof VendorError
            ? e
            : new VendorError('The vendor call failed', null, null, true);
        throw new HttpError(
          502,
          err.transient ? 'VENDOR_UNAVAILABLE' : 'VENDOR_ERROR',
          err.message,
        );
      }
      const scopeQueues = user.scope.queues;
      const items = lists
        .flat()
        .filter(
          (c) =>
            (!q.queue || c.queueId === q.queue) &&
            (!q.disposition || c.disposition === q.disposition) &&
            (!scopeQueues || (c.queueId !== null && scopeQueues.includes(c.queueId))),
        )
        .sort((a, b) =>
          a.enteredAt === b.enteredAt
            ? a.id.localeCompare(b.id)
            : a.enteredAt < b.enteredAt
              ? 1
              : -1,
        );
      const start = (q.page - 1) * q.pageSize;
      return {
        items: items.slice(start, start + q.pageSize),
        page: q.page,
        pageSize: q.pageSize,
        total: items.length,
        hasNextPage: start + q.pageSize < items.length,
      } satisfies CdrsPage;
    },
  );
};
