import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  ADMIN_API,
  UserChangeResponse,
  type CreateUserRequest,
  type UpdateUserRequest,
} from '@contract/admin';
import { apiPatch, apiPost } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { adminKeys } from './admin-queries';

/**
 * The three user changes share one shape: the gateway's sentence becomes the toast, failures show
 * the gateway's message (forms also show its field errors), and users and the audit log refetch.
 */
function useUserChange<V>(mutationFn: (v: V) => Promise<UserChangeResponse>, failure: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (r) => notify.success(r.message),
    onError: (error) => notify.error(`${failure}: ${error.message}`),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: adminKeys.users() }),
        qc.invalidateQueries({ queryKey: adminKeys.audits() }),
      ]),
  });
}

export function useCreateUser() {
  return useUserChange(
    (body: CreateUserRequest) => apiPost(ADMIN_API.users, body, UserChangeResponse),
    'The user was not created',
  );
}

export interface UpdateUserVariables {
  id: string;
  patch: UpdateUserRequest;
}

export function useUpdateUser() {
  return useUserChange(
    ({ id, patch }: UpdateUserVariables) => apiPatch(ADMIN_API.user(id), patch, UserChangeResponse),
    'The change was not saved',
  );
}

export function useResetPassword() {
  return useUserChange(
    ({ id, password }: { id: string; password: string }) =>
      apiPost(ADMIN_API.userPassword(id), { password }, UserChangeResponse),
    'The password was not changed',
  );
}
