import { HttpError } from './errors';

/** Parses an ISO time of a query field or answers 400 naming the field. */
export function parseTime(value: string, field: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    throw new HttpError(400, 'VALIDATION', `Check the request: ${field} is not a date and time`, {
      [field]: 'is not an ISO date and time',
    });
  }
  return t;
}
