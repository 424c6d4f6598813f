import {
  createMemoryHistory,
  createRootRoute,
  createRouter,
  RouterProvider,
} from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { createTestQueryClient, renderWithQuery } from '@/test/render';

/**
 * Renders `ui` inside a fresh QueryClient and a memory router whose every path shows `ui`, so the
 * feature's links (`<Link to="/queues/$queueId">`) render real hrefs without the app's route tree.
 */
export function renderWithRouter(ui: ReactElement, path = '/', queryClient = createTestQueryClient()) {
  const rootRoute = createRootRoute({ component: () => ui, notFoundComponent: () => ui });
  const router = createRouter({
    routeTree: rootRoute,
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  return { router, ...renderWithQuery(<RouterProvider router={router} />, queryClient) };
}
