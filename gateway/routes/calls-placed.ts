import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { API } from '@contract/api';
import {
  CallPlacedResult,
  IDEMPOTENCY_HEADER,
  InitiateCallRequest,
  ScheduleCallbackRequest,
} from '@contract/actions';
import { makeId, type ErrorBody } from '@contract/common';
import type { Services } from '../services/services';
import type { IdempotencyService, StoredAnswer } from '../services/idempotency';
import { HttpError } from '../http/errors';
import { errors } from '../http/schemas';
import { guarded, requireUser } from '../http/auth';
import { inScope } from '../services/live';
import { VendorError, type Connector } from '../connectors/types';

// Vendor codes that point at one field of the form, so the UI can show the message beside it.
const FIELD_OF_CODE: Record<string, string> = {
  INVALID_NUMBER: 'recipientNumber',
  INVALID_AGENT: 'agentId',
  INVALID_NUMBER_ID: 'numberId',
};

const PLAIN: Record<string, string> = {
  INSUFFICIENT_BALANCE:
    'The account balance at the vendor has run out: top it up before placing calls',
  INVALID_NUMBER: 'The vendor did not accept this phone number',
  INVALID_AGENT: 'The vendor does not know this agent',
  INVALID_NUMBER_ID: 'The vendor does not know this calling number',
  PERMISSION_DENIED: 'The vendor API key may not place calls',
  BUSINESS_DISABLED: 'The business is disabled at the vendor',
};

function idempotencyKey(req: FastifyRequest): string {
  const key = req.headers[IDEMPOTENCY_HEADER];
  if (typeof key !== 'string' || key.length < 8 || key.length > 200) {
    throw new HttpError(
      400,
      'VALIDATION',
      'Send an Idempotency-Key header (8–200 characters) with every call placed',
      {
        [IDEMPOTENCY_HEADER]: 'is required',
      },
    );
  }
  return key;
}

interface PlaceSpec {
  action: string;
  sourceId: string;
  target: string;
  supported: (c: Connector) => boolean;
  unsupported: string;
  run: (c: Connector) => Promise<string[]>;
  success: string;
}

/**
 * Places calls exactly once per Idempotency-Key: the vendor's answer, refusals included, is stored
 * with the key, so a double click, a retry or a resumed bulk upload never calls anyone twice.
 */
async function place(
  s: Services,
  idem: IdempotencyService,
  req: FastifyRequest,
  body: unknown,
  spec: PlaceSpec,
): Promise<StoredAnswer & { replayed: boolean }> {
  const user = requireUser(req);
  const key = idempotencyKey(req);
  const source = s.live.source(spec.sourceId);
  if (!source || !inScope(user.scope, spec.sourceId))
    throw new HttpError(404, 'NOT_FOUND', 'No such source');
  const { connector } = source;
  if (!spec.supported(connector))
    throw new HttpError(422, 'UNSUPPORTED', `${connector.label} ${spec.unsupported}`);
  return idem.run(user.id, key, body, async () => {
    const audit = {
      userId: user.id,
      username: user.username,
      action: spec.action,
      sourceId: connector.id,
      target: spec.target,
    };
    try {
      const ids = await spec.run(connector);
      const auditId = await s.audit.record({
        ...audit,
        outcome: 'success',
        message: spec.success,
        details: { entries: ids },
      });
      const result: CallPlacedResult = {
        ok: true,
        message: spec.success,
        vendorCode: null,
        auditId,
        entryIds: ids.map((id) => makeId(connector.id, id)),
      };
      return { statusCode: 200, body: result };
    } catch (e) {
      const err =
        e instanceof VendorError ? e : new VendorError('The vendor call failed', null, null, true);
      // Nothing was placed when the source's budget is spent or the vendor throttled us: answer 429
      // and free the key (a throw does), so the same request can be sent again after Retry-After.
      if (err.vendorCode === 'BUDGET' || err.vendorCode === 'RATE_LIMITED') {
        const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 10_000) / 1000));
        throw new HttpError(
          429,
          'RATE_LIMITED',
          `${connector.label} is at its request limit: try again in ${seconds} s`,
          undefined,
          { 'retry-after': String(seconds) },
        );
      }
      const code = err.vendorCode?.split(':').pop() ?? null;
      const message = (code && PLAIN[code]) ?? err.message;
      await s.audit.record({ ...audit, outcome: 'failure', vendorCode: err.vendorCode, message });
      const field = code ? FIELD_OF_CODE[code] : undefined;
      const error: ErrorBody = {
        error: {
          code: err.transient ? 'VENDOR_UNAVAILABLE' : 'VENDOR_ERROR',
          message,
          ...(field ? { fields: { [field]: message } } : {}),
        },
      };
      return { statusCode: err.transient ? 502 : 422, body: error };
    }
  });
}

/**
 * Answers of placing calls: the result, or the vendor's refusal (422/502, stored with the key and
 * replayed as they were), or why nothing was placed.
 */
const ANSWERS = { 200: CallPlacedResult, ...errors(400, 401, 403, 404, 409, 422, 429, 502) };

/** Sends a stored answer: one this route produced, so its status is one of ANSWERS'. */
type AnswerStatus = 200 | 422 | 502;

export const callPlacingRoutes: FastifyPluginAsyncZod<{
  services: Services;
  idempotency: IdempotencyService;
}> = async (app, { services: s, idempotency: idem }) => {
  app.post(
    API.initiateCall,
    guarded('initiateCall', {
      summary: 'Queue an outbound call (needs an Idempotency-Key header)',
      body: InitiateCallRequest,
      response: ANSWERS,
    }),
    async (req, reply) => {
      const body = req.body;
      const answer = await place(s, idem, req, body, {
        action: 'call.initiate',
        sourceId: body.source,
        target: body.recipientNumber,
        supported: (c) => c.capabilities.initiateCall && !!c.initiateCall,
        unsupported: 'cannot place calls',
        run: (c) => c.initiateCall!(body),
        success: body.scheduledAt ? 'Call scheduled' : 'Call queued',
      });
      return reply
        .code(answer.statusCode as AnswerStatus)
        .header('idempotent-replayed', String(answer.replayed))
        .send(answer.body as CallPlacedResult | ErrorBody);
    },
  );

  app.post(
    API.scheduleCallback,
    guarded('initiateCall', {
      summary: 'Schedule a callback (needs an Idempotency-Key header)',
      body: ScheduleCallbackRequest,
      response: ANSWERS,
    }),
    async (req, reply) => {
      const body = req.body;
      const answer = await place(s, idem, req, body, {
        action: 'callback.schedule',
        sourceId: body.source,
        target: body.phoneNumber,
        supported: (c) => c.capabilities.scheduleCallback && !!c.scheduleCallback,
        unsupported: 'cannot schedule callbacks',
        run: (c) => c.scheduleCallback!(body),
        success: 'Callback scheduled',
      });
      return reply
        .code(answer.statusCode as AnswerStatus)
        .header('idempotent-replayed', String(answer.replayed))
        .send(answer.body as CallPlacedResult | ErrorBody);
    },
  );
};
