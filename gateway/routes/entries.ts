import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API } from '@contract/api';
import type { User } from '@contract/auth';
import {
  EntriesPage,
  EntriesQuery,
  EntryDetailQuery,
  EntryDirection,
  EntryParams,
  QueueEntryDetail,
} from '@contract/entry';
import type { EntryFilter } from '@contract/source';
import type { Services } from '../services/services';
import type { EntriesService } from '../services/entries';
import { inScope } from '../services/live';
import { VendorError, type Connector, type EntriesRequest } from '../connectors/types';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { guarded, requireUser } from '../http/auth';

// Same path as API.entry(source, id) in the contract, as a Fastify pattern.
const DETAIL_PATH = '/api/v1/entries/:source/:id';

/**
 * EntriesQuery as this route reads it: without `direction` a source's own first direction is meant
 * (While1 has only callbacks), without `order` or `sort` the source's natural order, so neither
 * takes the contract's default here.
 */
const EntriesListQuery = EntriesQuery.extend({
  direction: EntryDirection.optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

/** Which capability filter each query field needs. */
const FILTER_OF: Partial<Record<keyof EntriesQuery, EntryFilter>> = {
  status: 'status',
  campaign: 'campaign',
  agent: 'agent',
  phone: 'phone',
  createdFrom: 'createdAt',
  createdTo: 'createdAt',
  scheduledFrom: 'scheduledAt',
  scheduledTo: 'scheduledAt',
  completedFrom: 'completedAt',
  completedTo: 'completedAt',
};
const RANGES = [
  ['createdFrom', 'createdTo'],
  ['scheduledFrom', 'scheduledTo'],
  ['completedFrom', 'completedTo'],
] as const;

/**
 * A vendor failure as an answer: a spent request budget or a vendor's 429 is 429 RATE_LIMITED with
 * Retry-After (the client waits, the gateway never queues), anything else 502.
 */
function vendorFailure(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  const err =
    e instanceof VendorError ? e : new VendorError('The vendor call failed', null, null, true);
  if (err.vendorCode === 'BUDGET' || err.vendorCode === 'RATE_LIMITED') {
    const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 10_000) / 1000));
    const message =
      err.vendorCode === 'BUDGET'
        ? `This source's request budget is used up for the moment: try again in ${seconds} s`
        : `The vendor is limiting requests: try again in ${seconds} s`;
    return new HttpError(429, 'RATE_LIMITED', message, undefined, {
      'retry-after': String(seconds),
    });
  }
  return new HttpError(502, err.transient ? 'VENDOR_UNAVAILABLE' : 'VENDOR_ERROR', err.message);
}

/** The connector of a source the user may see, or 404 (a source out of scope does not exist for them). */
function scopedSource(s: Services, user: User, sourceId: string): Connector {
  const source = s.live.source(sourceId);
  if (!source || !inScope(user.scope, sourceId))
    throw new HttpError(404, 'NOT_FOUND', 'No such source');
  return source.connector;
}

function badRequest(fields: Record<string, string>): HttpError {
  const [field, problem] = Object.entries(fields)[0]!;
  return new HttpError(
    400,
    'VALIDATION',
    `Check the request: ${field} ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`,
    fields,
  );
}

/**
 * Queue entries (issue 5, "Paged data"): one page of a source's entries with its filters, sort and
 * paging translated by the connector, a total where the vendor gives one and counts per status
 * where affordable; and one entry with every raw vendor field.
 */
export const entryRoutes: FastifyPluginAsyncZod<{
  services: Services;
  entries: EntriesService;
}> = async (app, { services: s, entries: service }) => {
  app.get(
    API.entries,
    guarded('viewEntries', {
      summary: 'Queue entries of a source, paged',
      querystring: EntriesListQuery,
      response: { 200: EntriesPage, ...errors(400, 401, 403, 404, 422, 429, 502) },
    }),
    async (req, reply) => {
      const user = requireUser(req);
      const q = req.query;
      const c = scopedSource(s, user, q.source);
      const caps = c.capabilities.entries;
      if (!caps || !c.listEntries)
        throw new HttpError(422, 'UNSUPPORTED', `${c.label} has no queue entries`);

      // Without an explicit direction a source's own first one is meant (While1 has only callbacks).
      const direction = q.direction ?? caps.directions[0]!;
      const fields: Record<string, string> = {};
      if (!caps.directions.includes(direction)) {
        fields.direction = `${c.label} has ${caps.directions.join(' and ')} entries only`;
      }
      for (const [field, filter] of Object.entries(FILTER_OF) as [
        keyof EntriesQuery,
        EntryFilter,
      ][]) {
        const v = q[field];
        if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
        if (!caps.filters.includes(filter)) fields[field] = `${c.label} cannot filter by ${filter}`;
      }
      if (q.sort && !caps.sorts.includes(q.sort)) {
        fields.sort = caps.sorts.length
          ? `${c.label} sorts by ${caps.sorts.join(', ')} only`
          : `${c.label} lists entries in one fixed order`;
      }
      for (const pair of RANGES) {
        for (const f of pair) {
          const v = q[f];
          if (v !== undefined && Number.isNaN(Date.parse(v)))
            fields[f] = 'is not an ISO date and time';
        }
        const [from, to] = [q[pair[0]], q[pair[1]]];
        if (
          from &&
          to &&
          !fields[pair[0]] &&
          !fields[pair[1]] &&
          Date.parse(to) < Date.parse(from)
        ) {
          fields[pair[1]] = `must not be before ${pair[0]}`;
        }
      }
      // `order` alone or with a sort is honoured; neither keeps the source's natural order.
      const request: EntriesRequest = {
        ...q,
        direction,
        order: q.order === undefined && !q.sort ? undefined : (q.order ?? 'desc'),
      };
      if (Object.keys(fields).length === 0)
        Object.assign(fields, c.entriesQueryProblems?.(request) ?? {});
      if (Object.keys(fields).length > 0) throw badRequest(fields);

      let page: EntriesPage;
      try {
        page = await service.list(c, request);
      } catch (e) {
        throw vendorFailure(e);
      }
      void reply.header('cache-control', 'no-store');
      return page;
    },
  );

  app.get(
    DETAIL_PATH,
    guarded('viewEntries', {
      summary: 'One queue entry with its raw vendor fields',
      params: EntryParams,
      querystring: EntryDetailQuery,
      response: { 200: QueueEntryDetail, ...errors(400, 401, 403, 404, 422, 429, 502) },
    }),
    async (req, reply) => {
      const user = requireUser(req);
      const { source, id } = req.params;
      const { direction } = req.query;
      const c = scopedSource(s, user, source);
      const caps = c.capabilities.entries;
      if (!caps || !c.getEntry)
        throw new HttpError(422, 'UNSUPPORTED', `${c.label} has no queue entries`);
      if (direction && !caps.directions.includes(direction)) {
        throw badRequest({
          direction: `${c.label} has ${caps.directions.join(' and ')} entries only`,
        });
      }
      let entry: QueueEntryDetail | null;
      try {
        entry = await service.detail(c, id, direction ?? null);
      } catch (e) {
        throw vendorFailure(e);
      }
      if (!entry) throw new HttpError(404, 'NOT_FOUND', 'No such queue entry');
      void reply.header('cache-control', 'no-store');
      return entry;
    },
  );
};
