import { z } from 'zod';
import { ErrorBody } from '@contract/common';

const ERROR_TEXT = {
  400: 'Invalid request; `fields` names each bad field',
  401: 'Not signed in',
  403: 'Role, scope or CSRF check failed',
  404: 'No such resource, or outside the user’s scope',
  409: 'Conflicts with the current state',
  422: 'The source cannot do this, or the vendor refused it',
  429: 'Rate limited: try again after Retry-After seconds',
  502: 'The vendor is unavailable or failed',
} as const;
type ErrorStatus = keyof typeof ERROR_TEXT;

/** Response schemas of a route's error answers: the contract's ErrorBody under each status. */
export function errors<const S extends ErrorStatus>(
  ...statuses: S[]
): { [K in S]: typeof ErrorBody } {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody.describe(ERROR_TEXT[s])])) as {
    [K in S]: typeof ErrorBody;
  };
}

/** The 304 of an ETag'd answer. */
export const NotModified = z.undefined().describe('Unchanged since the ETag in If-None-Match');
