import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CallCentre } from '../../model/call-centre';
import { personName, slug } from '../../model/people';
import { Prng, hashString } from '../../model/prng';
import type { Agent, AgentState, Caller, Cdr, Membership, OtherCall, Queue, SettableAgentState, Strategy } from '../../model/types';
import { SALES_TENANT, scaleTenant } from '../../model/world';
import { bearer } from '../../tokens';
import type { DialectContext, DialectPlugin } from '../types';
import { ODataError, applyListQuery, readListQuery } from './odata';

/**
 * PortSIP PBX v22 REST API (docs/vendors.md#portsip and the vendor's OpenAPI 22 document),
 * mounted at `/portsip/api/...`.
 *
 * - Ids are base64 of a decimal snowflake string (e.g. "NzAwNTUxOTA5NzczMTQ4MTYw").
 * - Errors are `{"errors":[{code, message}]}`: 400 VALIDATE_FAILED, 401 UNAUTHORIZED,
 *   404 NOT_FOUND; a failed login is 400 UNAUTHORIZED (the documented OAuth example).
 * - Timestamps are RFC 3339 UTC without fractions ("2025-05-14T11:00:00Z").
 * - "Blank fields explicitly null": e.g. CDR `answered_at` of an unanswered call is null.
 * - GET /sessions answers 201, as the spec says.
 * - Agent status per queue: OFFLINE when the phone is not registered (off shift), LOGGED_OUT when
 *   not logged into that queue, else READY / QUEUE_CALL (ringing or talking) / OTHER_CALL /
 *   WRAP_UP / NOT_READY / BREAK / LUNCH. `reason` (v22.5) is added, null unless an aux state.
 * - CDRs cover queue calls only (the model keeps no CDRs of agents' other calls).
 */

export interface PortsipCredentials {
  domain: string;
  username: string;
  password: string;
}

const DEFAULT_TOKEN_TTL = 3600;
const TWITTER_EPOCH = 1288834974657n;

const POLLING: Record<Strategy, string> = {
  ring_all: 'RING_SIMULTANEOUSLY',
  round_robin: 'CYCLIC_HUNT',
  longest_idle: 'LEAST_WORKED_HUNT',
  least_worked: 'LEAST_WORKED_HUNT',
  skills: 'SKILL_BASED_ROUTING_LEAST_WORKED_HUNT',
};

export const PORTSIP_STATUS: Record<AgentState, string> = {
  ready: 'READY',
  ringing: 'QUEUE_CALL',
  on_queue_call: 'QUEUE_CALL',
  on_other_call: 'OTHER_CALL',
  wrap_up: 'WRAP_UP',
  not_ready: 'NOT_READY',
  break: 'BREAK',
  lunch: 'LUNCH',
  logged_out: 'LOGGED_OUT',
};

const WRITABLE: Record<string, SettableAgentState | 'LOGGED_IN' | 'LOGGED_OUT'> = {
  READY: 'ready',
  NOT_READY: 'not_ready',
  WRAP_UP: 'wrap_up',
  BREAK: 'break',
  LUNCH: 'lunch',
  LOGGED_IN: 'LOGGED_IN',
  LOGGED_OUT: 'LOGGED_OUT',
};

/** base64 of the decimal snowflake built from a time (ms) and a per-entity sequence. */
export function snowflakeId(ms: number, seq: number): string {
  const flake = ((BigInt(Math.floor(ms)) - TWITTER_EPOCH) << 22n) | BigInt(seq & 0x3fffff);
  return Buffer.from(flake.toString()).toString('base64');
}

function err(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ errors: [{ code, message }] });
}

function rfc3339(t: number): string {
  return new Date(Math.floor(t) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function digits(n: string): string {
  return n.replace(/^\+/, '');
}

export const portsipDialect: DialectPlugin<PortsipCredentials> = {
  name: 'portsip',
  register(app: FastifyInstance, ctx: DialectContext): PortsipCredentials {
    const model = ctx.createCallCentre(scaleTenant(SALES_TENANT, ctx.options.agents));
    const rng = ctx.rng('tenant');
    const domain = model.spec.emailDomain;
    const admin = personName(rng);
    const username = `${slug(admin.first)}.${slug(admin.last)}`.replace(/-/g, '_');
    const password = rng.alnum(20);
    // Pickups ring the supervisor's own extension, just below the agents' range.
    const supervisorExt = String(model.spec.agentExtensionStart - 1);
    const createdMs = Date.UTC(2024, 2, 1) + rng.int(0, 86400_000);
    const queueIds = new Map<string, Queue>();
    const idOfQueue = new Map<string, string>();
    model.queues.forEach((q) => {
      const id = snowflakeId(createdMs + q.index * 1000, q.index);
      queueIds.set(id, q);
      idOfQueue.set(q.id, id);
    });
    const providerId = snowflakeId(createdMs - 86400_000, 7);
    const sessionId = (c: Caller | OtherCall) => snowflakeId(c.startedAt * 1000, c.seq * 2);
    const cdrId = (c: Cdr) => snowflakeId(c.startedAt * 1000, c.seq * 2 + 1);

    // ---------------------------------------------------------------- auth

    app.post('/api/login', async (req, reply) => {
      const b = req.body as Record<string, unknown> | null | undefined;
      if (!b || typeof b !== 'object' || typeof b.username !== 'string' || typeof b.password !== 'string' || b.username === '') {
        return err(reply, 400, 'VALIDATE_FAILED', 'username and password are required');
      }
      const ok = b.username.toLowerCase() === username && b.password === password && (typeof b.domain !== 'string' || b.domain.toLowerCase() === domain);
      if (!ok || typeof b.domain !== 'string') return err(reply, 400, 'UNAUTHORIZED', 'Login failed, authentication error');
      const ttl = ctx.tokenTtlSeconds(DEFAULT_TOKEN_TTL);
      const opaque = () => new Prng(hashString(`${Date.now()}${Math.random()}`)).alnum(48, true);
      const access = ctx.tokens.issue(username, ttl, () => opaque());
      return { access_token: access.token, expires_in: Math.round(ttl), refresh_token: opaque(), token_type: 'Bearer' };
    });

    app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.method === 'POST' && req.routeOptions.url?.endsWith('/api/login')) return undefined;
      if (ctx.tokens.verify(bearer(req.headers.authorization)) === null) {
        return err(reply, 401, 'UNAUTHORIZED', 'Invalid or expired access token');
      }
      return undefined;
    });

    app.get('/api/login', async (req) => {
      const token = bearer(req.headers.authorization) as string;
      const ttl = ctx.tokenTtlSeconds(DEFAULT_TOKEN_TTL);
      return { access_token: token, expires_at: rfc3339(Date.now() / 1000 + ttl), expires_in: Math.round(ttl), role: 'Admin' };
    });

    // ---------------------------------------------------------------- lookups

    const queueOr404 = (req: FastifyRequest, reply: FastifyReply): Queue | null => {
      const { id } = req.params as { id: string };
      const q = queueIds.get(id);
      if (!q) {
        void err(reply, 404, 'NOT_FOUND', `Call queue ${id} not found`);
        return null;
      }
      return q;
    };
    const memberOr404 = (q: Queue, req: FastifyRequest, reply: FastifyReply): { a: Agent; m: Membership } | null => {
      const { agent_number } = req.params as { agent_number: string };
      const a = model.agentByExtension.get(agent_number);
      const m = a?.memberships.find((x) => x.queueId === q.id);
      if (!a || !m) {
        void err(reply, 404, 'NOT_FOUND', `Agent ${agent_number} is not in call queue ${q.name}`);
        return null;
      }
      return { a, m };
    };
    const list = <T extends Record<string, unknown>>(req: FastifyRequest, reply: FastifyReply, rows: T[], search: string[]) => {
      try {
        return applyListQuery(rows, readListQuery(req.query as Record<string, unknown>), search);
      } catch (e) {
        if (e instanceof ODataError) return err(reply, 400, 'VALIDATE_FAILED', e.message);
        throw e;
      }
    };

    // ---------------------------------------------------------------- call queues

    app.get('/api/call_queues', async (req, reply) =>
      list(
        req,
        reply,
        model.queues.map((q) => ({
          id: idOfQueue.get(q.id) as string,
          name: q.name,
          extension_number: q.extension,
          ring_time: q.ringTimeoutSeconds,
          polling_strategy: POLLING[q.strategy],
        })),
        ['name', 'extension_number'],
      ),
    );

    app.get('/api/call_queues/:id', async (req, reply) => {
      const q = queueOr404(req, reply);
      if (!q) return reply;
      return {
        id: idOfQueue.get(q.id),
        name: q.name,
        extension_number: q.extension,
        polling_strategy: POLLING[q.strategy],
        ring_time: q.ringTimeoutSeconds,
        max_callers: 50,
        moh_prompt_file_name: 'default_moh.wav',
        moh_prompt_file_size: 1764044,
        moh_prompt_file_url: null,
        intro_type: 'DISABLE',
        intro_prompt_file_name: null,
        intro_prompt_file_size: null,
        intro_prompt_file_url: null,
        max_waiting_time: Math.max(15, Math.min(65535, q.maxWaitSeconds)),
        wait_when_no_agents_online: false,
        inform_position: 'PERIODICALLY',
        inform_position_interval: 30,
        agent_auto_ready: true,
        agent_auto_not_ready_after_non_acd_call: false,
        sla_time: q.slaSeconds,
        language: 'en-US',
        no_answer_forward_rule: { action: 'FORWARD_TO_VOICEMAIL', number: null },
        night_mode_forward_rule: { action: 'HANGUP', number: null },
        enable_callback: false,
        callback_mode: 'ACTIVE',
        callback_timeout: 600,
        callback_outbound_prefix: null,
        outbound_caller_ids: [{ provider_id: providerId, caller_id: digits(q.did), description: `${q.name} main line` }],
        enable_sticky_routing: false,
        sticky_routing_duration: 30,
        enable_paid: false,
        enable_prid: false,
        extension_number_as_to_header: false,
      };
    });

    app.get('/api/call_queues/:id/status', async (req, reply) => {
      const q = queueOr404(req, reply);
      if (!q) return reply;
      return { status: 'ONLINE' };
    });

    app.get('/api/call_queues/:id/waiting', async (req, reply) => {
      const q = queueOr404(req, reply);
      if (!q) return reply;
      const now = model.time;
      return {
        items: q.waiting.map((c) => ({
          session_id: sessionId(c),
          extension_number: digits(c.number),
          display_name: c.name ?? digits(c.number),
          waiting_time: Math.max(0, Math.floor(now - c.enteredAt)),
        })),
      };
    });

    app.post('/api/call_queues/:id/waiting/:session_id/pickup', async (req, reply) => {
      const q = queueOr404(req, reply);
      if (!q) return reply;
      const { session_id } = req.params as { session_id: string };
      const caller = q.waiting.find((c) => sessionId(c) === session_id);
      if (!caller) return err(reply, 404, 'NOT_FOUND', `Session ${session_id} is not waiting in call queue ${q.name}`);
      const r = model.pickup(q.id, caller.id, 'supervisor');
      if (!r.ok) return err(reply, 404, 'NOT_FOUND', r.error);
      return reply.code(200).send();
    });

    app.get('/api/call_queues/:id/agents', async (req, reply) => {
      const q = queueOr404(req, reply);
      if (!q) return reply;
      return {
        items: q.members.map((m) => {
          const a = model.agentById.get(m.agentId) as Agent;
          return { extension_number: a.extension, display_name: `${a.firstName} ${a.lastName}`, skill_level: m.skillLevel };
        }),
      };
    });

    app.get('/api/call_queues/:id/agents/:agent_number', async (req, reply) => {
      const q = queueOr404(req, reply);
      if (!q) return reply;
      const found = memberOr404(q, req, reply);
      if (!found) return reply;
      const { a, m } = found;
      const status = !a.registered ? 'OFFLINE' : !m.loggedIn || a.state === 'logged_out' ? 'LOGGED_OUT' : PORTSIP_STATUS[a.state];
      const withReason = status === 'NOT_READY' || status === 'BREAK' || status === 'LUNCH';
      return {
        extension_number: a.extension,
        display_name: `${a.firstName} ${a.lastName}`,
        skill_level: m.skillLevel,
        status,
        reason: withReason ? a.reason : null,
      };
    });

    app.post('/api/call_queues/:id/agents/:agent_number', async (req, reply) => {
      const q = queueOr404(req, reply);
      if (!q) return reply;
      const found = memberOr404(q, req, reply);
      if (!found) return reply;
      const body = req.body as { status?: unknown } | null | undefined;
      const wanted = typeof body?.status === 'string' ? WRITABLE[body.status] : undefined;
      if (!wanted) return err(reply, 400, 'VALIDATE_FAILED', `status must be one of ${Object.keys(WRITABLE).join(', ')}`);
      const { a } = found;
      let r;
      if (wanted === 'LOGGED_IN' || wanted === 'LOGGED_OUT') r = model.agentQueueLogin(a.id, q.id, wanted === 'LOGGED_IN');
      else r = model.setAgentState(a.id, wanted);
      if (!r.ok) {
        return err(reply, 400, 'VALIDATE_FAILED', r.error === 'agent_offline' ? `Agent ${a.extension} is offline` : r.error);
      }
      return reply.code(200).send();
    });

    // ---------------------------------------------------------------- sessions and CDRs

    app.get('/api/sessions', async (_req, reply) => {
      const now = model.time;
      const items: unknown[] = [];
      for (const c of model.liveCallers.values()) {
        const q = model.queueById.get(c.queueId) as Queue;
        const agent = c.agentId ? model.agentById.get(c.agentId) : undefined;
        items.push({
          id: sessionId(c),
          calls: [
            {
              caller: digits(c.number),
              caller_display_name: c.name ?? digits(c.number),
              callee: c.status === 'connected' ? (agent?.extension ?? supervisorExt) : q.extension,
              trunk: 'SIP Trunk 1',
              started_at: rfc3339(c.startedAt),
              talking_time: c.status === 'connected' ? Math.max(0, Math.floor(now - (c.answeredAt as number))) : 0,
            },
          ],
        });
      }
      for (const o of model.otherCalls.values()) {
        const a = model.agentById.get(o.agentId) as Agent;
        const agentSide = { number: a.extension, name: `${a.firstName} ${a.lastName}` };
        const remote = { number: digits(o.remoteNumber), name: o.remoteName ?? digits(o.remoteNumber) };
        const [from, to] = o.direction === 'inbound' ? [remote, agentSide] : [agentSide, remote];
        items.push({
          id: sessionId(o),
          calls: [
            {
              caller: from.number,
              caller_display_name: from.name,
              callee: to.number,
              trunk: o.direction === 'internal' ? null : 'SIP Trunk 1',
              started_at: rfc3339(o.startedAt),
              talking_time: Math.max(0, Math.floor(now - o.startedAt)),
            },
          ],
        });
      }
      return reply.code(201).send({ count: items.length, items });
    });

    app.get('/api/cdrs', async (req, reply) => {
      const rows = model.cdrs().map((c) => cdrJson(model, c, cdrId(c), domain, supervisorExt));
      return list(req, reply, rows, ['caller', 'callee', 'caller_display_name', 'destination']);
    });

    return { domain, username, password };
  },
};

function cdrJson(model: CallCentre, c: Cdr, id: string, domain: string, supervisorExt: string): Record<string, unknown> {
  const q = model.queueById.get(c.queueId) as Queue;
  const agent = c.agentId ? model.agentById.get(c.agentId) : undefined;
  const answered = c.disposition === 'answered';
  const r = new Prng(hashString(c.id));
  const firstRing = c.attempts[0]?.at ?? null;
  return {
    id,
    caller: digits(c.callerNumber),
    caller_domain: null,
    caller_display_name: c.callerName ?? digits(c.callerNumber),
    callee: q.extension,
    callee_domain: domain,
    callee_display_name: q.name,
    started_at: rfc3339(c.startedAt),
    rang_at: firstRing === null ? null : rfc3339(firstRing),
    answered_at: c.answeredAt === null ? null : rfc3339(c.answeredAt),
    ended_at: rfc3339(c.endedAt),
    call_id: c.id,
    direction: 'INBOUND_CALL',
    end_reason: answered ? (r.chance(0.6) ? 'CALLER_DISCONNECTED' : 'CALLEE_DISCONNECTED') : c.exitReason === 'max_wait' ? 'REDIRECTED' : 'CANCELLED',
    reroute_reason: c.exitReason === 'max_wait' ? 'OVERFLOW' : null,
    status_code: answered ? 200 : c.exitReason === 'max_wait' ? 408 : 487,
    destination: agent?.extension ?? (c.pickedUpBy !== null ? supervisorExt : q.extension),
    outbound_caller_id: null,
    did_cid: digits(c.dialled),
    trunk: 'SIP Trunk 1',
    duration: answered ? Math.round(c.endedAt - (c.answeredAt as number)) : 0,
    service_number: q.extension,
    user_data: null,
  };
}
