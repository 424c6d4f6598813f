import { useId, useRef, useState, type FormEvent } from 'react';
import { LoginRequest } from '@contract/auth';
import { Button } from '@/components/ui/button';
import { LogoMark } from '@/components/ui/icons';
import { isApiError } from '@/lib/api-client';
import { cn } from '@/lib/cn';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useSignIn } from '../api/auth-mutations';

type FieldErrors = Partial<Record<'username' | 'password', string>>;

/** What the form says when sign-in fails; a 401 never says which of the two was wrong. */
function failureMessage(error: unknown): string {
  if (isApiError(error, 401)) return 'Invalid username or password';
  if (isApiError(error, 429)) return error.message;
  if (isApiError(error)) return error.message;
  return 'Sign-in failed. Try again.';
}

const inputClasses =
  'block h-10 w-full rounded-lg border bg-surface px-3 text-sm text-fg shadow-xs placeholder:text-fg-subtle focus:outline-2 focus:outline-offset-1 focus:outline-focus aria-[invalid=true]:border-threshold-breach';

export interface SignInPageProps {
  /** Called once the session exists; the route decides where to go next. */
  onSignedIn: () => void;
}

/** Username and password form; the gateway sets an HttpOnly session cookie on success. */
export function SignInPage({ onSignedIn }: SignInPageProps) {
  useDocumentTitle('Sign in');
  const signIn = useSignIn();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const passwordRef = useRef<HTMLInputElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const ids = {
    username: `${id}-username`,
    password: `${id}-password`,
    usernameError: `${id}-username-error`,
    passwordError: `${id}-password-error`,
  };

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = LoginRequest.safeParse({
      username: data.get('username') ?? '',
      password: data.get('password') ?? '',
    });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'username' || field === 'password') && !errors[field]) {
          errors[field] = issue.message;
        }
      }
      setFieldErrors(errors);
      (errors.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setFieldErrors({});
    signIn.mutate(parsed.data, {
      onSuccess: onSignedIn,
      onError: () => {
        // The username was probably right; retyping the password is the usual next step.
        if (passwordRef.current) {
          passwordRef.current.value = '';
          passwordRef.current.focus();
        }
      },
    });
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-canvas px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <LogoMark className="mb-4 text-5xl" />
          <h1 className="text-2xl font-semibold tracking-tight text-fg">Queuedeck</h1>
          <p className="mt-1 text-sm text-fg-muted">
            Your call queues, agents and live calls, at a glance.
          </p>
        </div>

        <div className="rounded-card border border-line bg-surface p-6 shadow-card">
          <h2 className="mb-5 text-base font-semibold text-fg">Sign in to your account</h2>
          <form noValidate onSubmit={handleSubmit} className="flex flex-col gap-4">
            <div className="flex flex-col gap-1.5">
              <label htmlFor={ids.username} className="text-sm font-medium text-fg">
                Username
              </label>
              <input
                ref={usernameRef}
                id={ids.username}
                name="username"
                type="text"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                aria-invalid={fieldErrors.username ? true : undefined}
                aria-describedby={fieldErrors.username ? ids.usernameError : undefined}
                className={cn(inputClasses, 'border-line-strong')}
              />
              {fieldErrors.username && (
                <p id={ids.usernameError} className="text-xs text-threshold-breach">
                  {fieldErrors.username}
                </p>
              )}
            </div>

            <div className="flex flex-col gap-1.5">
              <label htmlFor={ids.password} className="text-sm font-medium text-fg">
                Password
              </label>
              <input
                ref={passwordRef}
                id={ids.password}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                aria-invalid={fieldErrors.password ? true : undefined}
                aria-describedby={fieldErrors.password ? ids.passwordError : undefined}
                className={cn(inputClasses, 'border-line-strong')}
              />
              {fieldErrors.password && (
                <p id={ids.passwordError} className="text-xs text-threshold-breach">
                  {fieldErrors.password}
                </p>
              )}
            </div>

            {signIn.isError && (
              <p
                role="alert"
                className="rounded-lg border border-threshold-breach/40 bg-threshold-breach-soft px-3 py-2 text-sm font-medium text-threshold-breach"
              >
                {failureMessage(signIn.error)}
              </p>
            )}

            <Button type="submit" size="lg" pending={signIn.isPending} className="mt-1 w-full">
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </Button>
          </form>
        </div>
      </div>
    </main>
  );
}
