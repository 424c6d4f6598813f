import { useMutation, useQueryClient } from '@tanstack/react-query';
import { API } from '@contract/api';
import { SessionResponse, type LoginRequest } from '@contract/auth';
import { NoContent, apiPost, isApiError } from '@/lib/api-client';
import { authKeys } from './auth-queries';

/** Key of the sign-out mutation, so the app can tell its 401s from an ended session. */
export const signOutMutationKey = [...authKeys.all, 'sign-out'] as const;

/** Signs in; on success the cache holds only the new user, so nothing of a previous session shows. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: LoginRequest) =>
      apiPost(API.login, credentials, SessionResponse).then((r) => r.user),
    onSuccess: (user) => {
      queryClient.clear();
      queryClient.setQueryData(authKeys.me(), user);
    },
  });
}

/**
 * Signs out. `onSignedOut` runs first (the caller leaves the protected screens, so no mounted
 * query refetches into an empty cache), then the whole cache is cleared. A 401 means the session
 * was already gone, which is the outcome we wanted.
 */
export function useSignOut({ onSignedOut }: { onSignedOut: () => void | Promise<void> }) {
  const queryClient = useQueryClient();
  const finish = async () => {
    // Without the user in the cache the sign-in route no longer bounces back to the app.
    queryClient.removeQueries({ queryKey: authKeys.me() });
    await onSignedOut();
    queryClient.clear();
  };
  return useMutation({
    mutationKey: signOutMutationKey,
    mutationFn: () => apiPost(API.logout, undefined, NoContent),
    onSuccess: finish,
    onError: async (error) => {
      if (isApiError(error, 401)) await finish();
    },
  });
}
