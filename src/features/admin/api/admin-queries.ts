import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { ADMIN_API, AuditResponse, UsersResponse } from '@contract/admin';
import { apiGet } from '@/lib/api-client';
import type { AuditFilters } from '../lib/admin-search';

export const adminKeys = {
  all: ['admin'] as const,
  users: () => [...adminKeys.all, 'users'] as const,
  audits: () => [...adminKeys.all, 'audit'] as const,
  audit: (filters: AuditFilters) => [...adminKeys.audits(), filters] as const,
};

/** Every user; changes come from this page, which refetches after each, so no polling. */
export const usersQueryOptions = () =>
  queryOptions({
    queryKey: adminKeys.users(),
    queryFn: ({ signal }) => apiGet(ADMIN_API.users, UsersResponse, { signal }).then((r) => r.items),
    staleTime: 30_000,
  });

/** How often an open audit log looks for new records. */
export const AUDIT_POLL_MS = 15_000;

/** One page of the audit log; the previous page stays on screen while the next one loads. */
export const auditQueryOptions = (filters: AuditFilters) =>
  queryOptions({
    queryKey: adminKeys.audit(filters),
    queryFn: ({ signal }) => apiGet(ADMIN_API.audit, AuditResponse, { signal, query: { ...filters } }),
    staleTime: 5_000,
    refetchInterval: AUDIT_POLL_MS,
    placeholderData: keepPreviousData,
  });
