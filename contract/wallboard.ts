import { z } from 'zod';
import { IsoTime } from './common';
import { SlaSettings } from './queue';
import { Freshness } from './source';

/** Paths of the wallboard, displays and thresholds endpoints (issue 6). */
export const WALLBOARD_API = {
  wallboard: '/api/v1/wallboard',
  displays: '/api/v1/displays',
  display: (id: string) => `/api/v1/displays/${encodeURIComponent(id)}`,
  displayRevoke: (id: string) => `/api/v1/displays/${encodeURIComponent(id)}/revoke`,
  queueThresholds: (queueId: string) => `/api/v1/queues/${encodeURIComponent(queueId)}/thresholds`,
} as const;

/**
 * A display token travels in this header (or as `?display=`). It authenticates one thing only:
 * `GET /api/v1/wallboard` of its own display; every other route refuses it.
 */
export const DISPLAY_TOKEN_HEADER = 'x-display-token';

/** The error code of a revoked (or deleted) display's token: the TV shows "This display was revoked". */
export const DISPLAY_REVOKED = 'DISPLAY_REVOKED';

/** The SPA path a TV opens. */
export const displayPath = (token: string) => `/wallboard/d/${encodeURIComponent(token)}`;

// ---- thresholds ----------------------------------------------------------------------------------

const count = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(10_000, 'must be at most 10000');
const seconds = z
  .number({ error: 'must be a number' })
  .int('must be a whole number of seconds')
  .min(0, 'must be 0 or more')
  .max(86_400, 'must be at most 86400 (a day)');
const percent = z
  .number({ error: 'must be a number' })
  .min(0, 'must be between 0 and 100')
  .max(100, 'must be between 0 and 100');

/** A rising metric (calls waiting, longest wait): warn from `warn` on, critical from `critical` on. */
const Rising = (n: z.ZodNumber) =>
  z
    .object({ warn: n, critical: n })
    .strict()
    .refine((v) => v.critical >= v.warn, {
      path: ['critical'],
      error: 'must be at least the warning level',
    });

/**
 * Alert levels of one queue. Calls waiting and longest wait are bad when high: a value at or above
 * `warn` warns, at or above `critical` is critical. Service level is bad when low: below `warn`
 * warns, below `critical` is critical.
 */
export const QueueThresholds = z
  .object({
    waiting: Rising(count),
    longestWaitSeconds: Rising(seconds),
    serviceLevel: z
      .object({ warn: percent, critical: percent })
      .strict()
      .refine((v) => v.critical <= v.warn, {
        path: ['critical'],
        error: 'must be at most the warning level (service level is bad when low)',
      }),
  })
  .strict();
export type QueueThresholds = z.infer<typeof QueueThresholds>;

/** Used for a queue an admin never configured. */
export const DEFAULT_THRESHOLDS: QueueThresholds = {
  waiting: { warn: 5, critical: 10 },
  longestWaitSeconds: { warn: 60, critical: 180 },
  serviceLevel: { warn: 80, critical: 60 },
};

export type Tone = 'ok' | 'warn' | 'critical';

/** How a rising value compares with its levels; null (not known) is never an alert. */
export function risingTone(value: number | null, t: { warn: number; critical: number }): Tone {
  if (value === null) return 'ok';
  if (value >= t.critical) return 'critical';
  if (value >= t.warn) return 'warn';
  return 'ok';
}

/** How a service level compares with its levels; null ("—", nothing to count) is never an alert. */
export function serviceLevelTone(
  value: number | null,
  t: { warn: number; critical: number },
): Tone {
  if (value === null) return 'ok';
  if (value < t.critical) return 'critical';
  if (value < t.warn) return 'warn';
  return 'ok';
}

/** The worse of several tones. */
export function worstTone(...tones: Tone[]): Tone {
  if (tones.includes('critical')) return 'critical';
  if (tones.includes('warn')) return 'warn';
  return 'ok';
}

// ---- displays ------------------------------------------------------------------------------------

export const DisplayLayout = z.enum(['tiles', 'table'], { error: 'must be tiles or table' });
export type DisplayLayout = z.infer<typeof DisplayLayout>;

/** A named wallboard screen; its token is never listed (only its hash is stored). */
export const Display = z.object({
  id: z.string(),
  name: z.string(),
  queueIds: z.array(z.string()),
  layout: DisplayLayout,
  createdAt: IsoTime,
  createdBy: z.string().nullable(),
  revokedAt: IsoTime.nullable(),
  /** When a TV last read its wallboard (updated at most every 30 s). */
  lastSeenAt: IsoTime.nullable(),
});
export type Display = z.infer<typeof Display>;

const DisplayName = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(80, 'must be at most 80 characters');
const DisplayQueues = z
  .array(z.string().min(1), { error: 'must be a list of queue ids' })
  .min(1, 'choose at least one queue')
  .max(100, 'must be at most 100 queues');

/** POST /api/v1/displays. */
export const CreateDisplayRequest = z
  .object({ name: DisplayName, queueIds: DisplayQueues, layout: DisplayLayout.default('tiles') })
  .strict();
export type CreateDisplayRequest = z.input<typeof CreateDisplayRequest>;

/** PATCH /api/v1/displays/:id: any of name, queues and layout. */
export const UpdateDisplayRequest = z
  .object({
    name: DisplayName.optional(),
    queueIds: DisplayQueues.optional(),
    layout: DisplayLayout.optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.queueIds !== undefined || v.layout !== undefined, {
    error: 'give at least one of name, queueIds or layout',
  });
export type UpdateDisplayRequest = z.infer<typeof UpdateDisplayRequest>;

export const DisplaysResponse = z.object({ items: z.array(Display) });
export type DisplaysResponse = z.infer<typeof DisplaysResponse>;

/** The answer to a create: the only time the token is ever sent. */
export const CreatedDisplayResponse = z.object({
  display: Display,
  token: z.string(),
  /** The SPA path to open on the TV (`/wallboard/d/<token>`). */
  path: z.string(),
});
export type CreatedDisplayResponse = z.infer<typeof CreatedDisplayResponse>;

export const DisplayChangeResponse = z.object({ display: Display, message: z.string() });
export type DisplayChangeResponse = z.infer<typeof DisplayChangeResponse>;

// ---- the wallboard -------------------------------------------------------------------------------

export const WallboardAgents = z.object({
  loggedIn: z.number().int().min(0),
  available: z.number().int().min(0),
  onCall: z.number().int().min(0),
  wrapUp: z.number().int().min(0),
  notReady: z.number().int().min(0),
});
export type WallboardAgents = z.infer<typeof WallboardAgents>;

export const WallboardQueue = z.object({
  id: z.string(),
  sourceId: z.string(),
  name: z.string(),
  waiting: z.number().int().min(0),
  oldestWaitingSince: IsoTime.nullable(),
  /** Today's service level (0–100), null when not derivable or nothing to count. */
  serviceLevel: z.number().nullable(),
  /** The variant and T the service level is computed with (docs/metrics.md#service-level). */
  sla: SlaSettings,
  abandonRate: z.number().nullable(),
  answered: z.number().int().nullable(),
  abandoned: z.number().int().nullable(),
  agents: WallboardAgents,
  thresholds: QueueThresholds,
});
export type WallboardQueue = z.infer<typeof WallboardQueue>;

export const WallboardTotals = z.object({
  waiting: z.number().int().min(0),
  oldestWaitingSince: IsoTime.nullable(),
  /** Sums over the queues whose metrics are known; null when none are. */
  answered: z.number().int().nullable(),
  abandoned: z.number().int().nullable(),
  /** Each agent counted once, however many of the board's queues they serve. */
  agents: WallboardAgents,
});
export type WallboardTotals = z.infer<typeof WallboardTotals>;

export const WallboardSource = z.object({
  id: z.string(),
  label: z.string(),
  timeZone: z.string(),
  pollSeconds: z.number(),
});
export type WallboardSource = z.infer<typeof WallboardSource>;

export const WallboardResponse = z.object({
  /** The display being shown, or null for a signed-in user's own wallboard. */
  display: z.object({ id: z.string(), name: z.string() }).nullable(),
  layout: DisplayLayout,
  queues: z.array(WallboardQueue),
  totals: WallboardTotals,
  sources: z.array(WallboardSource),
  freshness: z.array(Freshness),
  /** The time zone of the board's clock: its sources' zone (the first one's when they differ). */
  timeZone: z.string(),
  /** The gateway's clock when it answered, so a TV can correct its own clock's skew. */
  generatedAt: IsoTime,
});
export type WallboardResponse = z.infer<typeof WallboardResponse>;

/** Also on every wallboard answer (304s included): the gateway's clock in epoch ms. */
export const SERVER_TIME_HEADER = 'x-queuedeck-server-time';
