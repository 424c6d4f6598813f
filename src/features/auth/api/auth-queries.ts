import { queryOptions } from '@tanstack/react-query';
import { API } from '@contract/api';
import { SessionResponse } from '@contract/auth';
import { apiGet } from '@/lib/api-client';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/**
 * The signed-in user. A 401 is the normal "not signed in" answer, so it is not retried; the auth
 * guard turns it into a redirect to sign-in.
 */
export const meQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => apiGet(API.me, SessionResponse, { signal }).then((r) => r.user),
    // Role and scope change rarely; live queries notice an ended session within one poll anyway.
    staleTime: 5 * 60_000,
    retry: false,
  });
