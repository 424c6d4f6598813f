/** Where to land after sign-in when no (valid) redirect was asked for. */
export const HOME_PATH = '/queues';

/**
 * Accepts only an in-app path as a post-sign-in target: a full URL or a protocol-relative `//host`
 * would turn the sign-in page into an open redirect.
 */
export function safeRedirect(target: string | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return HOME_PATH;
  }
  if (target === '/sign-in' || target.startsWith('/sign-in?') || target.startsWith('/sign-in/')) {
    return HOME_PATH;
  }
  return target;
}
