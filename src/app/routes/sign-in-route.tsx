import { getRouteApi, useRouter } from '@tanstack/react-router';
import { SignInPage } from '@/features/auth/components/sign-in-page';
import { safeRedirect } from '../safe-redirect';

const route = getRouteApi('/sign-in');

/** Sign-in, then back to where the guard sent the user from. */
export function SignInRoute() {
  const { redirect } = route.useSearch();
  const router = useRouter();
  return (
    <SignInPage
      onSignedIn={() => void router.navigate({ href: safeRedirect(redirect), replace: true })}
    />
  );
}
