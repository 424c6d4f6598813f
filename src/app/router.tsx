import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
  type RouterHistory,
} from '@tanstack/react-router';
import { z } from 'zod';
import { can } from '@contract/auth';
import { AdminSearch } from '@/features/admin/lib/admin-search';
import { AgentsSearch } from '@/features/agents/lib/agents-search';
import { authKeys, meQueryOptions } from '@/features/auth/api/auth-queries';
import { CallsSearch } from '@/features/calls/lib/calls-search';
import { EntriesSearch } from '@/features/entries/lib/entries-search';
import { ReportsSearch } from '@/features/reports/lib/reports-search';
import { sourcesQueryOptions } from '@/features/sources/api/sources-queries';
import { isApiError } from '@/lib/api-client';
import { AppLayout } from './layout/app-layout';
import { SignInRoute } from './routes/sign-in-route';
import { NotFoundPage, PagePending, RouteError } from './routes/status-pages';
import { HOME_PATH } from './safe-redirect';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteError,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  // A mangled redirect parameter is dropped rather than failing the page.
  validateSearch: z.object({ redirect: z.string().optional().catch(undefined) }),
  beforeLoad: ({ context }) => {
    if (context.queryClient.getQueryData(authKeys.me())) throw redirect({ to: HOME_PATH });
  },
  component: SignInRoute,
});

/** Everything behind sign-in hangs under this pathless layout route. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      const user = await context.queryClient.ensureQueryData(meQueryOptions());
      return { user };
    } catch (error) {
      if (isApiError(error, 401)) {
        throw redirect({ to: '/sign-in', search: { redirect: location.href } });
      }
      throw error;
    }
  },
  // Navigation depends on capabilities; without sources the nav still works (see visibleNavItems).
  loader: async ({ context }) => {
    await context.queryClient.ensureQueryData(sourcesQueryOptions()).catch(() => undefined);
  },
  component: AppLayout,
  errorComponent: RouteError,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: HOME_PATH });
  },
});

const queuesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'queues',
  component: lazyRouteComponent(() => import('./routes/queues-route'), 'QueuesRoute'),
});

const queueDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'queues/$queueId',
  component: lazyRouteComponent(() => import('./routes/queues-route'), 'QueueDetailRoute'),
});

const agentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'agents',
  validateSearch: AgentsSearch,
  component: lazyRouteComponent(() => import('./routes/agents-route'), 'AgentsRoute'),
});

const callsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'calls',
  validateSearch: CallsSearch,
  component: lazyRouteComponent(() => import('./routes/calls-route'), 'CallsRoute'),
});

const entriesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'entries',
  validateSearch: EntriesSearch,
  component: lazyRouteComponent(() => import('./routes/entries-route'), 'EntriesRoute'),
});

const campaignsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'campaigns',
  component: lazyRouteComponent(() => import('./routes/campaigns-route'), 'CampaignsRoute'),
});

const campaignDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'campaigns/$campaignId',
  component: lazyRouteComponent(() => import('./routes/campaigns-route'), 'CampaignDetailRoute'),
});

const callingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'calling',
  // The gateway refuses the calls anyway; this only spares other roles a page they cannot use.
  beforeLoad: ({ context }) => {
    if (!can(context.user.role, 'initiateCall')) throw redirect({ to: HOME_PATH });
  },
  component: lazyRouteComponent(() => import('./routes/calling-route'), 'CallingRoute'),
});

const reportsCallsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'reports/calls',
  validateSearch: ReportsSearch,
  component: lazyRouteComponent(() => import('./routes/reports-route'), 'ReportsCallsRoute'),
});

const sourcesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'sources',
  component: lazyRouteComponent(() => import('./routes/sources-route'), 'SourcesRoute'),
});

const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin',
  validateSearch: AdminSearch,
  // The gateway refuses every admin call anyway; this only spares others a page of 403s.
  beforeLoad: ({ context }) => {
    if (!can(context.user.role, 'manageUsers')) throw redirect({ to: HOME_PATH });
  },
  component: lazyRouteComponent(() => import('./routes/admin-route'), 'AdminRoute'),
});

// Issue 6 — the wallboard is full screen, outside the app shell. A signed-in user's wallboard needs
// a session; a display's (by its link) needs none and never leads to the sign-in page.
const wallboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'wallboard',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(meQueryOptions());
    } catch (error) {
      if (isApiError(error, 401)) {
        throw redirect({ to: '/sign-in', search: { redirect: location.href } });
      }
      throw error;
    }
  },
  component: lazyRouteComponent(() => import('./routes/wallboard-route'), 'WallboardRoute'),
});

const wallboardDisplayRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'wallboard/d/$token',
  component: lazyRouteComponent(() => import('./routes/wallboard-route'), 'WallboardDisplayRoute'),
  // Even a failed chunk load must not fall back to an app page: the route's own error screen.
  errorComponent: RouteError,
});

const displaysRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'displays',
  beforeLoad: ({ context }) => {
    if (!can(context.user.role, 'manageDisplays')) throw redirect({ to: HOME_PATH });
  },
  component: lazyRouteComponent(() => import('./routes/displays-route'), 'DisplaysRoute'),
});

// Each view's issue adds its route here and its line in nav.tsx.
const routeTree = rootRoute.addChildren([
  signInRoute,
  wallboardRoute,
  wallboardDisplayRoute,
  appRoute.addChildren([
    indexRoute,
    queuesRoute,
    queueDetailRoute,
    agentsRoute,
    callsRoute,
    entriesRoute,
    campaignsRoute,
    campaignDetailRoute,
    callingRoute,
    reportsCallsRoute,
    sourcesRoute,
    adminRoute,
    displaysRoute,
  ]),
]);

export interface CreateAppRouterOptions {
  queryClient: QueryClient;
  /** Tests pass a memory history; the app uses the browser's. */
  history?: RouterHistory;
}

/** The app's router, with the query client in its context for guards and loaders. */
export function createAppRouter({ queryClient, history }: CreateAppRouterOptions) {
  return createRouter({
    routeTree,
    context: { queryClient },
    ...(history ? { history } : {}),
    defaultPreload: 'intent',
    // TanStack Query owns caching; the router always asks it.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: PagePending,
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
