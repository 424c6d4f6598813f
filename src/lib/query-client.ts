import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, isApiError } from './api-client';

export interface QueryClientHooks {
  /**
   * Called when a data or action request gets 401: the session ended (expired, revoked, gateway
   * restarted). Read at call time, so the app can set it after the router exists.
   */
  onUnauthenticated?: ((error: ApiError) => void) | undefined;
}

/** Retrying cannot fix a request the gateway refused or an answer the contract rejects. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError) {
    if (error.status >= 400 && error.status < 500 && error.status !== 408) return false;
    if (error.code === 'INVALID_RESPONSE') return false;
  }
  return failureCount < 2;
}

/** A QueryClient with the app's defaults; each test makes its own. */
export function createQueryClient(hooks: QueryClientHooks = {}): QueryClient {
  const onError = (error: unknown) => {
    // The session endpoints answer 401 as a normal "not signed in"; the auth guard handles those.
    if (isApiError(error, 401) && !error.isAuthRoute) hooks.onUnauthenticated?.(error);
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // Live queries set their own staleTime/refetchInterval in their factories.
        staleTime: 0,
      },
      mutations: { retry: false },
    },
  });
}
