import { useQuery } from '@tanstack/react-query';
import { Outlet, useRouter } from '@tanstack/react-router';
import { lazy, Suspense, useMemo } from 'react';
import { LogoMark } from '@/components/ui/icons';
import { meQueryOptions } from '@/features/auth/api/auth-queries';
import { useSignOut } from '@/features/auth/api/auth-mutations';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';
import { isApiError } from '@/lib/api-client';
import { notify } from '@/lib/notify';
import { MainNav, NAV_ITEMS, visibleNavItems } from '../nav';
import { UserBadge, userTriggerClasses } from './user-badge';

// Radix's menu and its positioning engine are a third of the initial bundle; the trigger's look
// renders at once and the menu arrives a moment later.
const UserMenu = lazy(() => import('./user-menu').then((m) => ({ default: m.UserMenu })));

/** The signed-in shell: brand, navigation filtered by role and capabilities, user menu, page. */
export function AppLayout() {
  const router = useRouter();
  const { data: user } = useQuery(meQueryOptions());
  const { data: sources } = useQuery(sourcesQueryOptions());
  const items = useMemo(
    () => (user ? visibleNavItems(NAV_ITEMS, user.role, sources) : []),
    [user, sources],
  );
  const signOut = useSignOut({
    onSignedOut: () => router.navigate({ to: '/sign-in', search: {}, replace: true }),
  });

  return (
    <div className="min-h-screen md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-lg focus:bg-surface focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-fg focus:shadow-lg"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 z-20 flex items-center gap-3 border-b border-line bg-surface px-3 py-2 md:h-screen md:flex-col md:items-stretch md:gap-6 md:border-b-0 md:border-r md:px-3 md:py-5">
        <div className="flex shrink-0 items-center gap-2 px-2 md:px-3">
          <LogoMark className="text-2xl" />
          <span className="hidden text-base font-semibold tracking-tight text-fg sm:inline">
            Queuedeck
          </span>
        </div>
        <MainNav items={items} className="min-w-0 flex-1" />
        {user && (
          <div className="shrink-0 md:border-t md:border-line md:pt-3">
            <Suspense
              fallback={
                <div className={userTriggerClasses}>
                  <UserBadge user={user} />
                </div>
              }
            >
              <UserMenu
                user={user}
                onSignOut={() =>
                  signOut.mutate(undefined, {
                    onError: (error) => {
                      if (!isApiError(error, 401))
                        notify.error(`Sign-out failed: ${error.message}`);
                    },
                  })
                }
                signingOut={signOut.isPending}
              />
            </Suspense>
          </div>
        )}
      </aside>
      <main
        id="main"
        tabIndex={-1}
        className="min-w-0 px-4 py-6 outline-none sm:px-6 lg:px-8 lg:py-8"
      >
        <div className="mx-auto max-w-[100rem]">
          <Outlet />
        </div>
      </main>
    </div>
  );
}
