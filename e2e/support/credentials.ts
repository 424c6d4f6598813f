/**
 * Who the e2e suite signs in as. playwright.config.ts starts the gateway with
 * QUEUEDECK_ADMIN_PASSWORD set to this password on an empty data dir, so the gateway seeds it.
 */
export const ADMIN = { username: 'admin', password: 'e2e-admin-password-1' } as const;

/** Shown by the sign-in form for any 401, never saying which of the two was wrong. */
export const INVALID_CREDENTIALS_MESSAGE = 'Invalid username or password';

/** The simulator seed the e2e gateway runs with (its vendor credentials follow from it). */
export const E2E_SIM_SEED = 4242;
