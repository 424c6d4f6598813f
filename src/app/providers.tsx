import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import type { AppRouter } from './router';
import { useThemeSync } from './theme-store';

// Toasts are rare (session ended, a failed action); their library loads after the first paint.
const Toaster = lazy(() => import('sonner').then((m) => ({ default: m.Toaster })));

export interface AppProvidersProps {
  queryClient: QueryClient;
  router: AppRouter;
}

/** Query cache, router, theme and toasts around the whole app. */
export function AppProviders({ queryClient, router }: AppProvidersProps) {
  const theme = useThemeSync();
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <Suspense fallback={null}>
        <Toaster theme={theme} position="bottom-right" closeButton />
      </Suspense>
    </QueryClientProvider>
  );
}
