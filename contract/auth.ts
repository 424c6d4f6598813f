import { z } from 'zod';
import { IsoTime } from './common';

export const Role = z.enum(['admin', 'supervisor', 'campaign_manager', 'viewer']);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  supervisor: 'Supervisor',
  campaign_manager: 'Campaign manager',
  viewer: 'Viewer',
};

/** Limits a user to some sources and queues; null means everything. */
export const Scope = z.object({
  sources: z.array(z.string()).nullable(),
  queues: z.array(z.string()).nullable(),
});
export type Scope = z.infer<typeof Scope>;

export const User = z.object({
  id: z.string(),
  username: z.string(),
  role: Role,
  disabled: z.boolean(),
  scope: Scope,
  createdAt: IsoTime,
});
export type User = z.infer<typeof User>;

export const LoginRequest = z.object({
  username: z.string().trim().min(1, 'Enter your username').max(100),
  password: z.string().min(1, 'Enter your password').max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SessionResponse = z.object({ user: User });
export type SessionResponse = z.infer<typeof SessionResponse>;

/** What each role may do; the gateway checks these on every route, the SPA only hides controls. */
export const PERMISSIONS = {
  viewLive: ['admin', 'supervisor', 'campaign_manager', 'viewer'],
  actOnAgents: ['admin', 'supervisor'],
  pickup: ['admin', 'supervisor'],
  viewEntries: ['admin', 'supervisor', 'campaign_manager', 'viewer'],
  initiateCall: ['admin', 'campaign_manager'],
  manageUsers: ['admin'],
  manageDisplays: ['admin'],
  manageThresholds: ['admin'],
  viewAudit: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** True when `role` holds `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
