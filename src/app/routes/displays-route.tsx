import { DisplaysPage } from '@/features/displays/components/displays-page';

/** Wallboard displays and thresholds, for admins. */
export function DisplaysRoute() {
  return <DisplaysPage />;
}
