import { Link, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Spinner } from '@/components/ui/spinner';

/** Shown while a lazily loaded view arrives. */
export function PagePending() {
  return (
    <div className="flex justify-center py-16">
      <Spinner label="Loading page" />
    </div>
  );
}

/** A route failed to load (usually the gateway is unreachable). */
export function RouteError({ error }: ErrorComponentProps) {
  const router = useRouter();
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <ErrorPanel
        title="Something went wrong"
        message={error instanceof Error ? error.message : undefined}
        action={
          <Button variant="secondary" onClick={() => void router.invalidate()}>
            Try again
          </Button>
        }
      />
    </div>
  );
}

/** No route matches the address. */
export function NotFoundPage() {
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <EmptyState
        title="Page not found"
        action={
          <Link
            to="/queues"
            className="text-sm font-medium text-accent-text underline underline-offset-4"
          >
            Go to Queues
          </Link>
        }
      >
        This address does not match any page in Queuedeck.
      </EmptyState>
    </div>
  );
}
