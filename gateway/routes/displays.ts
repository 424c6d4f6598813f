import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, splitId } from '@contract/common';
import {
  CreateDisplayRequest,
  CreatedDisplayResponse,
  DisplayChangeResponse,
  DisplaysResponse,
  UpdateDisplayRequest,
  WALLBOARD_API,
  displayPath,
  type Display,
} from '@contract/wallboard';
import type { Services } from '../services/services';
import { inScope } from '../services/live';
import type { DisplayStore } from '../store/displays';
import type { AuditInput } from '../store/audit';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { guarded, requireUser } from '../http/auth';

/**
 * Checks a display's queues against the configured sources, the queues they report and the admin's
 * own scope. A queue of a source that has not answered yet is accepted if its source exists.
 */
function checkQueues(s: Services, req: FastifyRequest, queueIds: string[]): string[] {
  const user = requireUser(req);
  const ids = [...new Set(queueIds)];
  for (const id of ids) {
    const parts = splitId(id);
    let problem: string | null = null;
    if (!parts || !s.live.source(parts.sourceId))
      problem = `"${id}" is not a queue of a configured source`;
    else if (!inScope(user.scope, parts.sourceId, id)) problem = `"${id}" is outside your scope`;
    else {
      const known = s.live.lookup(parts.sourceId)?.queues;
      if (known && !known.some((q) => q.id === id)) problem = `"${id}" is not a known queue`;
    }
    if (problem) {
      throw new HttpError(400, 'VALIDATION', `Check the request: queueIds ${problem}`, {
        queueIds: problem,
      });
    }
  }
  return ids;
}

/**
 * Wallboard displays (issue 6), admins only (manageDisplays): list (never a token), create (the
 * token is in this one answer), rename / re-queue / re-layout, revoke, and delete (which revokes
 * too). Every change leaves an audit record.
 */
export const displayRoutes: FastifyPluginAsyncZod<{
  services: Services;
  displays: DisplayStore;
}> = async (app, { services: s, displays }) => {
  const ID_PATH = `${WALLBOARD_API.displays}/:id`;

  const audit = (
    req: FastifyRequest,
    entry: Pick<AuditInput, 'action' | 'target' | 'message' | 'details'>,
  ) => {
    const actor = requireUser(req);
    return s.audit.record({
      userId: actor.id,
      username: actor.username,
      sourceId: null,
      outcome: 'success',
      ...entry,
    });
  };

  const find = (id: string): Display => {
    const d = displays.get(id);
    if (!d) throw new HttpError(404, 'NOT_FOUND', 'No such display');
    return d;
  };

  app.get(
    WALLBOARD_API.displays,
    guarded('manageDisplays', {
      summary: 'Every wallboard display (never a token)',
      response: { 200: DisplaysResponse, ...errors(401, 403) },
    }),
    async () => ({ items: displays.list() }) satisfies DisplaysResponse,
  );

  app.post(
    WALLBOARD_API.displays,
    guarded('manageDisplays', {
      summary: 'Create a display (the only answer that carries its token)',
      body: CreateDisplayRequest,
      response: { 201: CreatedDisplayResponse, ...errors(400, 401, 403) },
    }),
    async (req, reply) => {
      const body = req.body;
      const queueIds = checkQueues(s, req, body.queueIds);
      const { display, token } = await displays.create({
        name: body.name,
        queueIds,
        layout: body.layout,
        createdBy: requireUser(req).username,
      });
      await audit(req, {
        action: 'display.create',
        target: display.name,
        message: `Created display "${display.name}"`,
        details: { id: display.id, queueIds, layout: display.layout },
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ display, token, path: displayPath(token) } satisfies CreatedDisplayResponse);
    },
  );

  app.patch(
    ID_PATH,
    guarded('manageDisplays', {
      summary: 'Rename a display, or change its queues or layout',
      params: IdParams,
      body: UpdateDisplayRequest,
      response: { 200: DisplayChangeResponse, ...errors(400, 401, 403, 404) },
    }),
    async (req) => {
      const current = find(req.params.id);
      const body = req.body;
      const queueIds = body.queueIds ? checkQueues(s, req, body.queueIds) : undefined;
      const display = (await displays.update(current.id, { ...body, queueIds }))!;
      await audit(req, {
        action: 'display.update',
        target: display.name,
        message: `Changed display "${display.name}"`,
        details: {
          id: display.id,
          before: { name: current.name, queueIds: current.queueIds, layout: current.layout },
          after: { name: display.name, queueIds: display.queueIds, layout: display.layout },
        },
      });
      return { display, message: `Saved "${display.name}"` } satisfies DisplayChangeResponse;
    },
  );

  app.post(
    `${ID_PATH}/revoke`,
    guarded('manageDisplays', {
      summary: 'Revoke a display: its screen stops showing data within a poll',
      params: IdParams,
      response: { 200: DisplayChangeResponse, ...errors(401, 403, 404) },
    }),
    async (req) => {
      const current = find(req.params.id);
      const display = (await displays.revoke(current.id))!;
      if (current.revokedAt === null) {
        await audit(req, {
          action: 'display.revoke',
          target: display.name,
          message: `Revoked display "${display.name}"`,
          details: { id: display.id },
        });
      }
      return {
        display,
        message: `Revoked "${display.name}": its screen stops showing data within a poll`,
      } satisfies DisplayChangeResponse;
    },
  );

  app.delete(
    ID_PATH,
    guarded('manageDisplays', {
      summary: 'Delete a display (revokes it too)',
      params: IdParams,
      response: { 200: DisplayChangeResponse, ...errors(401, 403, 404) },
    }),
    async (req) => {
      const current = find(req.params.id);
      const display = (await displays.revoke(current.id, true))!;
      await audit(req, {
        action: 'display.delete',
        target: display.name,
        message: `Deleted display "${display.name}"`,
        details: { id: display.id },
      });
      return { display, message: `Deleted "${display.name}"` } satisfies DisplayChangeResponse;
    },
  );
};
