import type { FastifyInstance, FastifyRequest } from 'fastify';
import { splitId } from '@contract/common';
import {
  CreateDisplayRequest,
  DISPLAY_TOKEN_HEADER,
  UpdateDisplayRequest,
  WALLBOARD_API,
  displayPath,
  type CreatedDisplayResponse,
  type Display,
  type DisplayChangeResponse,
  type DisplaysResponse,
} from '@contract/wallboard';
import type { Services } from '../services/services';
import { inScope } from '../services/live';
import type { DisplayStore } from '../store/displays';
import type { AuditInput } from '../store/audit';
import { HttpError, validate } from '../http/errors';
import { requirePermission, requireUser } from '../http/auth';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request carries a valid display token (never together with `user`). */
    display: Display | null;
  }
}

const WALLBOARD_PATH = WALLBOARD_API.wallboard;

/** The display token of a request: the header, or `?display=` (what a TV's URL can carry). */
function displayTokenOf(req: FastifyRequest): string | null {
  const header = req.headers[DISPLAY_TOKEN_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const q = (req.query as Record<string, unknown> | undefined)?.display;
  return typeof q === 'string' && q !== '' ? q : null;
}

/**
 * Display authentication (issue 6): a mechanism of its own, not a session. A request carrying a
 * display token is the display's, whatever cookie rides along, and may do exactly one thing: GET
 * its own wallboard. Anything else is 403; an unknown token is 401, a revoked one 401
 * DISPLAY_REVOKED so the TV can say so. Registered right after the session hook in app.ts.
 */
export function registerDisplayAuth(app: FastifyInstance, displays: DisplayStore): void {
  app.decorateRequest('display', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = displayTokenOf(req);
    if (token === null) return;
    req.user = null;
    req.sessionToken = null;
    const found = displays.resolve(token);
    if (!found) throw new HttpError(401, 'UNAUTHENTICATED', 'This display link is not valid');
    if (found.revoked) throw new HttpError(401, 'DISPLAY_REVOKED', 'This display was revoked');
    const path = req.url.split('?')[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || path !== WALLBOARD_PATH) {
      throw new HttpError(403, 'FORBIDDEN', 'A display can only read its own wallboard');
    }
    req.display = found.display;
  });
}

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
    if (!parts || !s.live.source(parts.sourceId)) problem = `"${id}" is not a queue of a configured source`;
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
export function displayRoutes(
  app: FastifyInstance,
  s: Services,
  deps: { displays: DisplayStore },
): void {
  const guard = { preHandler: requirePermission('manageDisplays') };
  const ID_PATH = `${WALLBOARD_API.displays}/:id`;

  const audit = (
    req: FastifyRequest,
    entry: Pick<AuditInput, 'action' | 'target' | 'message' | 'details'>,
  ) => {
    const actor = requireUser(req);
    s.audit.record({
      userId: actor.id,
      username: actor.username,
      sourceId: null,
      outcome: 'success',
      ...entry,
    });
  };

  const find = (req: FastifyRequest): Display => {
    const { id } = req.params as { id: string };
    const d = deps.displays.get(id);
    if (!d) throw new HttpError(404, 'NOT_FOUND', 'No such display');
    return d;
  };

  app.get(
    WALLBOARD_API.displays,
    guard,
    async () => ({ items: deps.displays.list() }) satisfies DisplaysResponse,
  );

  app.post(WALLBOARD_API.displays, guard, async (req, reply) => {
    const body = validate(CreateDisplayRequest, req.body);
    const queueIds = checkQueues(s, req, body.queueIds);
    const { display, token } = deps.displays.create({
      name: body.name,
      queueIds,
      layout: body.layout,
      createdBy: requireUser(req).username,
    });
    audit(req, {
      action: 'display.create',
      target: display.name,
      message: `Created display "${display.name}"`,
      details: { id: display.id, queueIds, layout: display.layout },
    });
    reply.code(201).header('cache-control', 'no-store');
    return { display, token, path: displayPath(token) } satisfies CreatedDisplayResponse;
  });

  app.patch(ID_PATH, guard, async (req) => {
    const current = find(req);
    const body = validate(UpdateDisplayRequest, req.body);
    const queueIds = body.queueIds ? checkQueues(s, req, body.queueIds) : undefined;
    const display = deps.displays.update(current.id, { ...body, queueIds })!;
    audit(req, {
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
  });

  app.post(`${ID_PATH}/revoke`, guard, async (req) => {
    const current = find(req);
    const display = deps.displays.revoke(current.id)!;
    if (current.revokedAt === null) {
      audit(req, {
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
  });

  app.delete(ID_PATH, guard, async (req) => {
    const current = find(req);
    const display = deps.displays.revoke(current.id, true)!;
    audit(req, {
      action: 'display.delete',
      target: display.name,
      message: `Deleted display "${display.name}"`,
      details: { id: display.id },
    });
    return { display, message: `Deleted "${display.name}"` } satisfies DisplayChangeResponse;
  });
}
