import { z } from 'zod';
import { IsoTime } from './common';
import { Role, Scope, User } from './auth';

/** Paths of the admin endpoints (issue 5), shared so the SPA and the gateway cannot drift apart. */
export const ADMIN_API = {
  users: '/api/v1/users',
  user: (id: string) => `/api/v1/users/${encodeURIComponent(id)}`,
  userPassword: (id: string) => `/api/v1/users/${encodeURIComponent(id)}/password`,
  audit: '/api/v1/audit',
} as const;

/** The shortest password an admin may set; long passphrases beat complexity rules. */
export const MIN_PASSWORD_LENGTH = 12;

export const Username = z
  .string({ error: 'is required' })
  .trim()
  .regex(/^[A-Za-z0-9._@-]{2,64}$/, 'must be 2–64 letters, digits or . _ @ -');

export const NewPassword = z
  .string({ error: 'is required' })
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'must be at most 200 characters');

const RoleField = z.enum(Role.options, { error: `must be one of ${Role.options.join(', ')}` });

/** POST /api/v1/users. Without a scope the user sees every source and queue. */
export const CreateUserRequest = z.object({
  username: Username,
  password: NewPassword,
  role: RoleField,
  scope: Scope.optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** PATCH /api/v1/users/:id: any of role, scope and disabled. */
export const UpdateUserRequest = z
  .object({
    role: RoleField.optional(),
    scope: Scope.optional(),
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine((v) => v.role !== undefined || v.scope !== undefined || v.disabled !== undefined, {
    error: 'give at least one of role, scope or disabled',
  });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

/** POST /api/v1/users/:id/password: the admin sets a new password; the user's sessions end. */
export const ResetPasswordRequest = z.object({ password: NewPassword });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

export const UsersResponse = z.object({ items: z.array(User) });
export type UsersResponse = z.infer<typeof UsersResponse>;

/** The answer to every user change: the user as stored now and a sentence for the toast. */
export const UserChangeResponse = z.object({ user: User, message: z.string() });
export type UserChangeResponse = z.infer<typeof UserChangeResponse>;

export const AuditOutcome = z.enum(['success', 'failure', 'denied']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/** Audit actions of user administration; other actions (agent.state, pickup…) come from their routes. */
export const USER_AUDIT_ACTIONS = [
  'user.create',
  'user.update',
  'user.password',
  'user.disable',
  'user.enable',
] as const;

export const AuditRecord = z.object({
  id: z.number().int(),
  at: IsoTime,
  userId: z.string().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  sourceId: z.string().nullable(),
  target: z.string().nullable(),
  outcome: AuditOutcome,
  vendorCode: z.string().nullable().optional(),
  message: z.string().nullable().optional(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AUDIT_PAGE_SIZES = [25, 50, 100, 200] as const;
export const AUDIT_DEFAULT_PAGE_SIZE = 50;

const isoInstant = z
  .string()
  .trim()
  .refine(
    (v) => !Number.isNaN(Date.parse(v)),
    'must be an ISO date-time, e.g. 2026-03-02T14:00:00Z',
  )
  .transform((v) => new Date(v).toISOString());

/** GET /api/v1/audit query: every filter optional, `from` and `to` inclusive, pages from 1. */
export const AuditQuery = z
  .object({
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    user: z.string().trim().min(1).max(100).optional(),
    action: z.string().trim().min(1).max(100).optional(),
    source: z.string().trim().min(1).max(100).optional(),
    outcome: AuditOutcome.optional(),
    page: z.coerce
      .number({ error: 'must be a whole number from 1' })
      .int()
      .min(1)
      .max(100_000)
      .default(1),
    pageSize: z.coerce
      .number({ error: 'must be a whole number' })
      .int()
      .min(1, 'must be at least 1')
      .max(200, 'must be at most 200')
      .default(AUDIT_DEFAULT_PAGE_SIZE),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    error: 'must not be before from',
  });
export type AuditQuery = z.infer<typeof AuditQuery>;

/** One page of the audit trail, newest first, with the total matching the filters. */
export const AuditResponse = z.object({
  items: z.array(AuditRecord),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Every action that occurs in the trail, for the filter's choices. */
  actions: z.array(z.string()),
});
export type AuditResponse = z.infer<typeof AuditResponse>;
