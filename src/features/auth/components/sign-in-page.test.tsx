import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { errorResponse, json, requestsOf, stubFetch } from '@/test/fetch-stub';
import { makeUser } from '@/test/fixtures';
import { renderWithQuery } from '@/test/render';
import { authKeys } from '../api/auth-queries';
import { SignInPage } from './sign-in-page';

async function signIn(username: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Username'), username);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInPage', () => {
  it('names the product and labels its fields', () => {
    renderWithQuery(<SignInPage onSignedIn={() => {}} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Queuedeck' })).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('autocomplete', 'username');
    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password');
  });

  it('says "Invalid username or password" on 401', async () => {
    stubFetch({
      'POST /api/v1/auth/login': () =>
        errorResponse(401, 'UNAUTHENTICATED', 'Invalid username or password'),
    });
    const onSignedIn = vi.fn();
    renderWithQuery(<SignInPage onSignedIn={onSignedIn} />);
    await signIn('sam', 'wrong');

    expect(await screen.findByRole('alert')).toHaveTextContent(/^Invalid username or password$/);
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Username')).toHaveValue('sam');
  });

  it("shows the gateway's message on 429", async () => {
    stubFetch({
      'POST /api/v1/auth/login': () =>
        errorResponse(429, 'RATE_LIMITED', 'Too many attempts. Try again in 60 seconds.'),
    });
    renderWithQuery(<SignInPage onSignedIn={() => {}} />);
    await signIn('sam', 'secret');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many attempts. Try again in 60 seconds.',
    );
  });

  it('posts JSON with the CSRF header, stores the user and reports success', async () => {
    const sam = makeUser('supervisor', 'sam');
    let release: () => void = () => {};
    const fetchMock = stubFetch({
      'POST /api/v1/auth/login': () =>
        new Promise<Response>((resolve) => {
          release = () => resolve(json({ user: sam }));
        }),
    });
    const onSignedIn = vi.fn();
    const { queryClient } = renderWithQuery(<SignInPage onSignedIn={onSignedIn} />);
    await signIn('  sam ', 'secret');

    // Pending: the button says so and cannot be pressed twice.
    const pending = await screen.findByRole('button', { name: 'Signing in…' });
    expect(pending).toBeDisabled();
    expect(pending).toHaveAttribute('aria-busy', 'true');

    release();
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
    const [request] = requestsOf(fetchMock);
    expect(request?.headers.get('x-queuedeck-csrf')).toBe('1');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.body).toEqual({ username: 'sam', password: 'secret' });
    expect(queryClient.getQueryData(authKeys.me())).toEqual(sam);
  });

  it('asks for missing fields without calling the gateway', async () => {
    const fetchMock = stubFetch({});
    renderWithQuery(<SignInPage onSignedIn={() => {}} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription('Enter your username');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
