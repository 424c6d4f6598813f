import type { RouterHistory } from '@tanstack/react-router';
import { signOutMutationKey } from '@/features/auth/api/auth-mutations';
import { notify } from '@/lib/notify';
import { createQueryClient, type QueryClientHooks } from '@/lib/query-client';
import { createAppRouter } from './router';

/**
 * Wires the query client and router together: a 401 on any data or action request means the
 * session ended, so the user goes to sign-in and comes back to the same place afterwards.
 */
export function createApp(options: { history?: RouterHistory } = {}) {
  const hooks: QueryClientHooks = {};
  const queryClient = createQueryClient(hooks);
  const router = createAppRouter({ queryClient, ...options });

  hooks.onUnauthenticated = () => {
    // Signing out makes in-flight polls fail with 401; that is not a "session ended" moment.
    if (queryClient.isMutating({ mutationKey: signOutMutationKey }) > 0) return;
    const { pathname, href } = router.state.location;
    if (pathname === '/sign-in') return;
    notify.info('Your session has ended. Sign in again to continue.', 'session-ended');
    void router
      .navigate({ to: '/sign-in', search: { redirect: href }, replace: true })
      // Drop everything of the ended session only after its screens have unmounted.
      .then(() => queryClient.clear());
  };

  return { queryClient, router };
}
