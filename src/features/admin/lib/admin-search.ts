import { z } from 'zod';
import { AUDIT_DEFAULT_PAGE_SIZE, AUDIT_PAGE_SIZES, AuditOutcome } from '@contract/admin';

export const ADMIN_TABS = ['users', 'audit', 'sources'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

const Text = (max: number) => z.string().trim().min(1).max(max).optional().catch(undefined);
const Instant = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)))
  .optional()
  .catch(undefined);

/**
 * The Admin page's URL: the open tab and the audit log's filters and page, so a filtered view of
 * the log can be shared and reloaded. A mangled parameter is dropped rather than failing the page.
 */
export const AdminSearch = z.object({
  tab: z.enum(ADMIN_TABS).optional().catch(undefined),
  from: Instant,
  to: Instant,
  user: Text(100),
  action: Text(100),
  source: Text(100),
  outcome: AuditOutcome.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  pageSize: z.coerce
    .number()
    .refine((n) => (AUDIT_PAGE_SIZES as readonly number[]).includes(n))
    .optional()
    .catch(undefined),
});
export type AdminSearch = z.infer<typeof AdminSearch>;

/** The audit log's query, as the gateway takes it and as the query key holds it. */
export interface AuditFilters {
  from?: string | undefined;
  to?: string | undefined;
  user?: string | undefined;
  action?: string | undefined;
  source?: string | undefined;
  outcome?: AuditOutcome | undefined;
  page: number;
  pageSize: number;
}

/** The audit filters of a URL, with the default page and page size filled in. */
export function auditFiltersOf(search: AdminSearch): AuditFilters {
  return {
    from: search.from,
    to: search.to,
    user: search.user,
    action: search.action,
    source: search.source,
    outcome: search.outcome,
    page: search.page ?? 1,
    pageSize: search.pageSize ?? AUDIT_DEFAULT_PAGE_SIZE,
  };
}

/** True when any audit filter (not the page) narrows the log. */
export function hasAuditFilters(search: AdminSearch): boolean {
  return !!(search.from || search.to || search.user || search.action || search.source || search.outcome);
}

/** Drops empty and default values, so the URL carries only what differs from the default view. */
export function cleanAdminSearch(search: AdminSearch): AdminSearch {
  const out: AdminSearch = {};
  if (search.tab && search.tab !== 'users') out.tab = search.tab;
  for (const key of ['from', 'to', 'user', 'action', 'source', 'outcome'] as const) {
    const value = search[key];
    if (value) (out as Record<string, unknown>)[key] = value;
  }
  if (search.page && search.page > 1) out.page = search.page;
  if (search.pageSize && search.pageSize !== AUDIT_DEFAULT_PAGE_SIZE) out.pageSize = search.pageSize;
  return out;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` value in the browser's zone ("2026-03-02T14:05"). */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** A `datetime-local` value (the browser's zone) as an ISO instant; undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
