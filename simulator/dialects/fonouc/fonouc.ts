import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CallCentre } from '../../model/call-centre';
import { personName, slug } from '../../model/people';
import { Prng, hashString } from '../../model/prng';
import type { Agent, AgentState, Caller, Cdr, Queue, Strategy } from '../../model/types';
import { SUPPORT_TENANT, scaleTenant } from '../../model/world';
import { bearer } from '../../tokens';
import type { DialectContext, DialectPlugin } from '../types';

/**
 * FonoUC "GOPortal" REST API (Kazoo underneath), docs/vendors.md#fonouc, mounted at
 * `/fonouc/api/v2/...`.
 *
 * Agent `status` vocabulary in GET callcenter/queues/status (undocumented by the vendor; only
 * "idle" is ever shown, so the rest are our choice, lower-case like Kazoo's):
 *
 *   model state     → status
 *   ready           → "idle"
 *   ringing         → "ringing"
 *   on_queue_call   → "connected"   (conference object present)
 *   on_other_call   → "busy"        (conference null: not a queue conference)
 *   wrap_up         → "wrapup"
 *   not_ready       → "paused"
 *   break           → "break"
 *   lunch           → "lunch"
 *   logged_out      → "logged_out"  (also `registered:false` when off shift)
 *
 * `logged_in` is per queue (the agent's membership flag, false whenever status is logged_out).
 * A ringing agent also carries a conference, with answered:false and participants 1.
 *
 * Decisions where the seed is silent or ambiguous ([INF]):
 * - `max_time_caller_in_queue` (status) is in seconds; config has minutes + `_unit`.
 * - `wrap_up_time` (config) is in seconds; `timeout` is the ring timeout in seconds.
 * - Live calls carry an extra `id` (the queue conference id) so rows can be told apart.
 * - CDR `state`: 1 answered, 0 caller hung up, 2 left at max wait; `disposition`: "ANSWER",
 *   "NO_ANSWER" (abandoned) or "TIMEOUT" (max wait). `timestamp` is the call start (before IVR),
 *   `called_time` queue entry, `hangup_time` end; the report filters on `timestamp`.
 * - CDR numbers are bare digits (seed: "9411234567"); live numbers are E.164 with "+".
 * - Report paging: `pageSize` default 50, max 1000; `start_key` is opaque.
 */

export interface FonoucCredentials {
  accountId: string;
  domain: string;
  username: string;
  password: string;
}

const DEFAULT_TOKEN_TTL = 3600;
const GREGORIAN_OFFSET = 62167219200;
const INVALID = { message: 'The information sent is invalid.' };
/** What Fastify sends for a serialised object; cached answers are sent as strings with it. */
const JSON_TYPE = 'application/json; charset=utf-8';

export const FONOUC_STATUS: Record<AgentState, string> = {
  ready: 'idle',
  ringing: 'ringing',
  on_queue_call: 'connected',
  on_other_call: 'busy',
  wrap_up: 'wrapup',
  not_ready: 'paused',
  break: 'break',
  lunch: 'lunch',
  logged_out: 'logged_out',
};

const STRATEGY: Record<Strategy, string> = {
  ring_all: 'simultaneous',
  longest_idle: 'most_idle',
  round_robin: 'round_robin',
  least_worked: 'fewest_calls',
  skills: 'skills',
};

interface Supervisor {
  id: string;
  first: string;
  last: string;
  email: string;
  extension: string;
}

export const fonoucDialect: DialectPlugin<FonoucCredentials> = {
  name: 'fonouc',
  register(app: FastifyInstance, ctx: DialectContext): FonoucCredentials {
    const model = ctx.createCallCentre(scaleTenant(SUPPORT_TENANT, ctx.options.agents));
    const rng = ctx.rng('tenant');
    const accountId = rng.hex(32);
    const domain = slug(model.tenantName);
    const supName = personName(rng);
    const supervisor: Supervisor = {
      id: rng.hex(32),
      first: supName.first,
      last: supName.last,
      email: `${slug(supName.first)}.${slug(supName.last)}@${model.spec.emailDomain}`,
      extension: String(model.spec.agentExtensionStart - 1),
    };
    const password = rng.alnum(20);
    const jwtSecret = rng.hex(64);
    const moh = new Map(model.queues.map((q) => [q.id, rng.hex(32)] as const));
    const admins = [0, 1].map(() => {
      const n = personName(rng);
      return { id: rng.hex(32), first: n.first, last: n.last, email: `${slug(n.first)}.${slug(n.last)}@${model.spec.emailDomain}` };
    });

    const jwt = (type: 'access' | 'refresh', jti: string, exp: number): string => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const head = enc({ alg: 'HS256', typ: 'JWT' });
      const body = enc({ identity: `${supervisor.id}:${domain}`, type, exp, jti, iat: Math.floor(Date.now() / 1000) });
      const sig = createHmac('sha256', jwtSecret).update(`${head}.${body}`).digest('base64url');
      return `${head}.${body}.${sig}`;
    };

    // ------------------------------------------------------------------ login

    app.post('/api/v2/login', async (req, reply) => {
      const b = req.body as Record<string, unknown> | null | undefined;
      const ok =
        b !== null &&
        typeof b === 'object' &&
        typeof b.username === 'string' &&
        typeof b.password === 'string' &&
        typeof b.domain === 'string' &&
        b.username.toLowerCase() === supervisor.email &&
        b.password === password &&
        b.domain.toLowerCase() === domain;
      if (!ok) return reply.code(400).send(INVALID);
      const ttl = ctx.tokenTtlSeconds(DEFAULT_TOKEN_TTL);
      const access = ctx.tokens.issue(supervisor.id, ttl, (jti, exp) => jwt('access', jti, exp));
      const refresh = jwt('refresh', `r${hashString(access.token)}`, Math.floor(access.expiresAtMs / 1000) + 30 * 86400);
      return {
        user: {
          id: supervisor.id,
          account_id: accountId,
          first_name: supervisor.first,
          last_name: supervisor.last,
          email: supervisor.email,
          username: supervisor.email,
          level: 'admin',
          role: 'supervisor',
          presence_id: supervisor.extension,
          domain,
        },
        access_token: access.token,
        refresh_token: refresh,
      };
    });

    // ------------------------------------------------------------------ auth for the rest

    const guard = async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.routeOptions.url?.endsWith('/api/v2/login')) return;
      if (ctx.tokens.verify(bearer(req.headers.authorization)) === null) {
        return reply.code(401).send({ message: 'Unauthorized' });
      }
      if (req.headers['x-account-id'] !== accountId) return reply.code(400).send(INVALID);
      return undefined;
    };
    app.addHook('preHandler', guard);

    // ------------------------------------------------------------------ config

    // Whole-floor answers are several MB at 10,000 agents and change only when the model does: when
    // model time moves (a tick) or through this dialect's own queue login/logout (the only writes
    // to this tenant's model). So each is serialised once per (tick, write) and sent as a string.
    let writes = 0;
    // `fixed` = the answer depends on neither (the user list: serialised once).
    const perTick = (build: () => unknown, fixed = false) => {
      let key = '';
      let body = '';
      return async (_req: FastifyRequest, reply: FastifyReply) => {
        const k = fixed ? 'fixed' : `${model.time}|${writes}`;
        if (k !== key) {
          body = JSON.stringify(build());
          key = k;
        }
        return reply.type(JSON_TYPE).send(body);
      };
    };

    app.get('/api/v2/config/users', perTick(() => {
      const user = (p: { id: string; first: string; last: string; email: string }, ext: string, role: string, isAgent: boolean, r: Prng) => ({
        id: p.id,
        level: role === 'user' ? 'user' : 'admin',
        first_name: p.first,
        last_name: p.last,
        email: p.email,
        presence_id: ext,
        enabled: true,
        has_cellphones: r.chance(0.3),
        role,
        tags: isAgent ? ['agent'] : [],
        isAgent,
        invitation: { status: 'accepted', history: null },
        feature_plan: '',
      });
      return [
        user(supervisor, supervisor.extension, 'supervisor', false, idRng(supervisor.id)),
        ...admins.map((a, i) => user(a, String(900 + i), 'admin', false, idRng(a.id))),
        ...model.agents.map((a) =>
          user({ id: a.id, first: a.firstName, last: a.lastName, email: a.email }, a.extension, 'user', true, idRng(a.id)),
        ),
      ];
    }, true));

    app.get('/api/v2/config/queues', async () =>
      model.queues.map((q) => {
        const media = moh.get(q.id) as string;
        return {
          id: q.id,
          name: q.name,
          max_time_caller_remains: Math.round(q.maxWaitSeconds / 60),
          max_time_caller_remains_unit: 'minutes',
          strategy: STRATEGY[q.strategy],
          wrap_up_time: q.wrapUpSeconds,
          timeout: q.ringTimeoutSeconds,
          moh: media,
          outbound_calls: true,
          call_only_if_registered_agents: false,
          is_disposition_mandatory: false,
          auto_answer: false,
          skills_routing: q.strategy === 'skills',
          disable_call_rating: false,
          call_screen_recording: false,
          ai_assist: false,
          extensions: [{ extension: q.extension, prepend: '', emergency_mode: false }],
          dids: [{ did: q.did, prepend: '', emergency_mode: false }],
          agents: q.members.map((m) => ({ type: 'user', id: m.agentId, delay: 0, timeout: q.ringTimeoutSeconds })),
          pre_connect: [{ type: 'every', action: 'play_file', media_id: media, time: 30 }],
          crm: { enabled: false, url: '' },
          csat: { callflow: '', direction: '', note: '' },
          after_call_actions_list: [],
          misconfigured_agents: 0,
        };
      }),
    );

    // ------------------------------------------------------------------ live

    app.get('/api/v2/callcenter/queues/status', perTick(() => {
      const now = model.time;
      return model.queues.map((q) => {
        let loggedIn = 0;
        const agents = q.members.map((m) => {
          const a = model.agentById.get(m.agentId) as Agent;
          const inQueue = m.loggedIn && a.state !== 'logged_out';
          if (inQueue) loggedIn++;
          return {
            id: a.id,
            name: `${a.firstName} ${a.lastName}`,
            extension: a.extension,
            delay: 0,
            timeout: q.ringTimeoutSeconds,
            logged_in: inQueue,
            status: FONOUC_STATUS[a.state],
            registered: a.registered,
            conference: a.call?.kind === 'queue' ? conference(model, a.call, now) : null,
          };
        });
        return {
          id: q.id,
          name: q.name,
          max_time_caller_in_queue: q.maxWaitSeconds,
          strategy: STRATEGY[q.strategy],
          agents,
          total_agents: agents.length,
          logged_in_agents: loggedIn,
          logged_out_agents: agents.length - loggedIn,
        };
      });
    }));

    app.get('/api/v2/callcenter/queues/calls', perTick(() => {
      const now = model.time;
      const out: unknown[] = [];
      for (const q of model.queues) {
        for (const c of q.waiting) out.push(liveCall(model, q, c, now, supervisor));
      }
      for (const c of model.queueCalls()) out.push(liveCall(model, model.queueById.get(c.queueId) as Queue, c, now, supervisor));
      return out;
    }));

    const queueLogin = (loggedIn: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
      const { userId } = req.params as { userId: string };
      const queueId = (req.query as Record<string, unknown>).queueID;
      if (typeof queueId !== 'string') return reply.code(400).send(INVALID);
      const r = model.agentQueueLogin(userId, queueId, loggedIn);
      if (!r.ok) return reply.code(400).send(INVALID);
      writes++;
      return reply.code(204).send();
    };
    app.put('/api/v2/callcenter/admin/agent/:userId/login', queueLogin(true));
    app.put('/api/v2/callcenter/admin/agent/:userId/logout', queueLogin(false));

    // ------------------------------------------------------------------ reports

    app.get('/api/v2/reports/callcenter/queues', async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      // The seed's own example spells it "starDate": accept that too.
      const start = unixSeconds(q.startDate ?? q.starDate);
      const end = unixSeconds(q.endDate);
      if (start === null || end === null || end < start) return reply.code(400).send(INVALID);
      let pageSize = 50;
      if (q.pageSize !== undefined) {
        const n = Number(q.pageSize);
        if (!Number.isInteger(n) || n < 1) return reply.code(400).send(INVALID);
        pageSize = Math.min(n, 1000);
      }
      let after: { t: number; id: string } | null = null;
      if (typeof q.start_key === 'string' && q.start_key !== '') {
        after = decodeKey(q.start_key);
        if (!after) return reply.code(400).send(INVALID);
      }
      let rows = model.cdrsByStart(Math.ceil(start), Math.floor(end) + 1);
      if (after) {
        const k = after;
        rows = rows.filter((c) => c.startedAt > k.t || (c.startedAt === k.t && c.id > k.id));
      }
      const page = rows.slice(0, pageSize);
      const last = page[page.length - 1];
      const more = rows.length > pageSize && last !== undefined;
      return {
        data: page.map((c) => cdrJson(model, c, supervisor)),
        next_start_key: more ? encodeKey(last.startedAt, last.id) : '',
        page_size: page.length,
      };
    });

    return { accountId, domain, username: supervisor.email, password };
  },
};

// -------------------------------------------------------------------- shapes

function idRng(id: string): Prng {
  return new Prng(hashString(id));
}

// A caller's conference id is fixed for its life: derived once (a Prng and a slug each time was
// most of the cost of a whole-floor answer), forgotten with the caller.
const confIds = new WeakMap<Caller, string>();
const queueSlugs = new WeakMap<Queue, string>();

function confId(q: Queue, c: Caller): string {
  let id = confIds.get(c);
  if (id === undefined) {
    let s = queueSlugs.get(q);
    if (s === undefined) {
      s = slug(q.name).replace(/-/g, '_');
      queueSlugs.set(q, s);
    }
    id = `fonouc_queue_app_${s}_${idRng(c.id).alnum(6, true)}`;
    confIds.set(c, id);
  }
  return id;
}

function conference(model: CallCentre, c: Caller, now: number) {
  const q = model.queueById.get(c.queueId) as Queue;
  const connected = c.status === 'connected';
  const hold = model.isOnHold(c, now);
  return {
    id: confId(q, c),
    answered: connected,
    participants: connected ? 2 : 1,
    duration: Math.max(0, Math.floor(now - c.enteredAt)),
    agent: { hear: !hold, speak: !hold, duration: connected ? Math.max(0, Math.floor(now - (c.answeredAt as number))) : 0 },
    caller: {
      name: c.name ?? c.number,
      number: c.number,
      hear: !hold,
      speak: true,
      duration: Math.max(0, Math.floor(now - c.enteredAt)),
    },
  };
}

function liveCall(model: CallCentre, q: Queue, c: Caller, now: number, sup: Supervisor) {
  const connected = c.status === 'connected';
  const hold = model.isOnHold(c, now);
  const a = c.agentId ? model.agentById.get(c.agentId) : undefined;
  let agent: Record<string, unknown> | null = null;
  if (a) {
    agent = {
      id: a.id,
      agent_name: `${a.firstName} ${a.lastName}`,
      ext: Number(a.extension),
      hear: !hold,
      speak: !hold,
      duration: connected ? Math.max(0, Math.floor(now - (c.answeredAt as number))) : 0,
    };
  } else if (c.pickedUpBy !== null) {
    agent = {
      id: sup.id,
      agent_name: `${sup.first} ${sup.last}`,
      ext: Number(sup.extension),
      hear: true,
      speak: true,
      duration: Math.max(0, Math.floor(now - (c.answeredAt as number))),
    };
  }
  return {
    id: confId(q, c),
    name: q.name,
    answered: connected,
    participants: c.status === 'waiting' ? 1 : connected ? 2 : 1,
    duration: Math.max(0, Math.floor(now - c.enteredAt)),
    agent,
    caller: { name: c.name ?? c.number, number: c.number, hear: !hold, speak: true, duration: Math.max(0, Math.floor(now - c.enteredAt)) },
  };
}

function cdrJson(model: CallCentre, c: Cdr, sup: Supervisor) {
  const q = model.queueById.get(c.queueId) as Queue;
  const r = idRng(c.id);
  const answered = c.disposition === 'answered';
  const timestamp = Math.floor(c.startedAt);
  const agent = c.agentId ? model.agentById.get(c.agentId) : undefined;
  const history: Record<string, unknown>[] = c.attempts.map((at) => {
    const a = model.agentById.get(at.agentId) as Agent;
    return {
      uuid: '',
      endpoint: a.id,
      device_endpoints: null,
      type: 'user',
      event: 'dial',
      timeout: q.ringTimeoutSeconds,
      delay: 0,
      status: 'idle',
      ext: a.extension,
      last_attempt: at.at,
      connected: at.answered,
      queue_name: q.name,
      total_talk_time: at.answered ? Math.round(c.talkSeconds + c.holdSeconds) : 0,
      first_name: a.firstName,
      last_name: a.lastName,
      email: a.email,
    };
  });
  if (c.pickedUpBy !== null) {
    // A supervisor pickup shows up like the seed's transfer leg: no names, just the extension.
    history.push({
      uuid: '',
      endpoint: '',
      device_endpoints: null,
      type: 'transfer',
      event: 'transfer',
      timeout: 0,
      delay: 0,
      status: '',
      ext: sup.extension,
      last_attempt: c.answeredAt,
      connected: false,
      queue_name: q.name,
      total_talk_time: 0,
      first_name: '',
      last_name: '',
      email: '',
    });
  }
  const month = new Date(c.startedAt * 1000).toISOString().slice(0, 7).replace('-', '');
  const answeredName = agent ? `${agent.firstName} ${agent.lastName}` : c.pickedUpBy !== null ? `${sup.first} ${sup.last}` : ' ';
  const answeredExt = agent ? agent.extension : c.pickedUpBy !== null ? sup.extension : '';
  return {
    callid: c.id,
    queue_name: q.name,
    state: answered ? 1 : c.exitReason === 'max_wait' ? 2 : 0,
    called_time: c.enteredAt,
    hangup_time: c.endedAt,
    conf_id: `fonouc_queue_app_${slug(q.name).replace(/-/g, '_')}_${r.alnum(6, true)}`,
    queue_history: [{ queue_name: q.name, ts: c.enteredAt + 0.0000029 }],
    agent_history: history,
    disposition: answered ? 'ANSWER' : c.exitReason === 'max_wait' ? 'TIMEOUT' : 'NO_ANSWER',
    agent_disposition: '',
    caller_id_number: c.callerNumber.replace(/^\+/, ''),
    caller_id_name: `"${c.callerName ?? c.callerNumber.replace(/^\+/, '')}"`,
    timestamp,
    transferred_on_digit: false,
    billing_seconds: String(Math.ceil(c.endedAt - c.enteredAt)),
    media_recording_id: answered ? `${month}-${r.alnum(20)}` : '',
    recording_filename: answered ? `${c.id}_${r.alnum(4, true)}.mp3` : '',
    callee_id_number: c.dialled.replace(/^\+/, ''),
    interaction_id: `${timestamp + GREGORIAN_OFFSET}-${c.id.replace(/-/g, '').slice(-8)}`,
    has_screen_recording: false,
    agent_answered_name: answeredName,
    agent_answered_ext: answeredExt,
  };
}

/** Unix seconds from a query value; values above 1e12 are milliseconds (the seed mixes both). */
function unixSeconds(v: unknown): number | null {
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) return null;
  return n > 1e12 ? n / 1000 : n;
}

function encodeKey(t: number, id: string): string {
  return Buffer.from(JSON.stringify([t, id])).toString('base64url');
}

function decodeKey(key: string): { t: number; id: string } | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(key, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return { t: v[0], id: v[1] };
  } catch {
    // fall through: an unparseable key is a 400
  }
  return null;
}
