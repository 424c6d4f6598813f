import type { PlaceRequest } from '../api/place-call';
import { rowsToRecord, type KeyValueRow } from './key-values';
import { readPhone, type CountryCode } from './phone';
import { localToDate, PAST_TOLERANCE_MS } from './schedule';

export type PlaceKind = PlaceRequest['kind'];

/** The dialog's fields; `kind` follows the source: Iqra places calls, While1 schedules callbacks. */
export interface CallForm {
  sourceId: string;
  kind: PlaceKind;
  country: CountryCode | undefined;
  phone: string;
  numberId: string;
  agentId: string;
  campaignId: string;
  callerName: string;
  campaign: string;
  /** A datetime-local value in the browser's zone; empty means "now" for a call. */
  scheduledAt: string;
  variables: KeyValueRow[];
  metadata: KeyValueRow[];
}

/** The fields an error can be shown beside. */
export type FormField =
  | 'sourceId'
  | 'phone'
  | 'numberId'
  | 'agentId'
  | 'campaignId'
  | 'callerName'
  | 'campaign'
  | 'scheduledAt'
  | 'variables'
  | 'metadata';

export type FieldErrors = Partial<Record<FormField, string>>;

export interface BuiltRequest {
  request: PlaceRequest | null;
  errors: FieldErrors;
  /** Errors of single key/value rows, by row id. */
  rowErrors: Record<string, string>;
}

/** Builds the request the gateway expects, or says what to fix, field by field. */
export function buildRequest(form: CallForm, now = Date.now()): BuiltRequest {
  const errors: FieldErrors = {};
  if (!form.sourceId) errors.sourceId = 'Choose a source';
  const phone = readPhone(form.phone, form.country);
  if (!form.phone.trim()) errors.phone = 'Enter the number to call';
  else if (!phone.e164) errors.phone = phone.problem ?? 'Not a valid phone number';

  let scheduledAt: string | undefined;
  if (form.scheduledAt.trim()) {
    const at = localToDate(form.scheduledAt);
    if (!at) errors.scheduledAt = 'Enter a date and time';
    else if (at.getTime() < now - PAST_TOLERANCE_MS) errors.scheduledAt = 'This time has passed';
    else scheduledAt = at.toISOString();
  }

  if (form.kind === 'callback') {
    if (!form.callerName.trim()) errors.callerName = 'Enter the name of the person to call back';
    else if (form.callerName.trim().length > 100) errors.callerName = 'At most 100 characters';
    if (!form.campaign.trim()) errors.campaign = 'Enter the campaign';
    else if (form.campaign.trim().length > 100) errors.campaign = 'At most 100 characters';
    if (!form.scheduledAt.trim()) errors.scheduledAt = 'Choose when to call back';
    if (Object.keys(errors).length > 0 || !phone.e164 || !scheduledAt)
      return { request: null, errors, rowErrors: {} };
    return {
      request: {
        kind: 'callback',
        body: {
          source: form.sourceId,
          phoneNumber: phone.e164,
          callerName: form.callerName.trim(),
          campaign: form.campaign.trim(),
          scheduledAt,
          maxRetries: 3,
        },
      },
      errors,
      rowErrors: {},
    };
  }

  if (!form.numberId.trim()) errors.numberId = 'Enter the id of the number to call from';
  if (!form.agentId.trim()) errors.agentId = 'Enter the id of the agent who makes the call';
  const variables = rowsToRecord(form.variables);
  const metadata = rowsToRecord(form.metadata);
  const rowErrors = { ...variables.errors, ...metadata.errors };
  if (Object.keys(variables.errors).length > 0) errors.variables = 'Check the variables';
  if (Object.keys(metadata.errors).length > 0) errors.metadata = 'Check the metadata';
  if (Object.keys(errors).length > 0 || !phone.e164) return { request: null, errors, rowErrors };
  return {
    request: {
      kind: 'call',
      body: {
        source: form.sourceId,
        recipientNumber: phone.e164,
        numberId: form.numberId.trim(),
        agentId: form.agentId.trim(),
        ...(form.campaignId.trim() ? { campaignId: form.campaignId.trim() } : {}),
        ...(scheduledAt ? { scheduledAt } : {}),
        dynamicVariables: variables.values,
        metadata: metadata.values,
      },
    },
    errors,
    rowErrors,
  };
}

/** The gateway's field names (contract/actions.ts) → the dialog's fields. */
const SERVER_FIELDS: Record<string, FormField> = {
  source: 'sourceId',
  recipientNumber: 'phone',
  phoneNumber: 'phone',
  numberId: 'numberId',
  agentId: 'agentId',
  campaignId: 'campaignId',
  callerName: 'callerName',
  campaign: 'campaign',
  scheduledAt: 'scheduledAt',
  dynamicVariables: 'variables',
  metadata: 'metadata',
};

/**
 * Places the gateway's `fields` (`{recipientNumber: "…"}`, or `dynamicVariables.x`) beside the
 * dialog's fields; what matches no field is returned as `rest` for a form-level alert.
 */
export function placeServerErrors(fields: Record<string, string> | undefined): {
  errors: FieldErrors;
  rest: string[];
} {
  const errors: FieldErrors = {};
  const rest: string[] = [];
  for (const [path, message] of Object.entries(fields ?? {})) {
    const field = SERVER_FIELDS[path.split('.')[0] ?? ''];
    if (field) errors[field] ??= message;
    else rest.push(`${path}: ${message}`);
  }
  return { errors, rest };
}

/** A JSON text of a body with its keys sorted: two equal requests give the same text. */
export function fingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(canonical(value));
}

/**
 * One Idempotency-Key per submission: sending the same request again (a retry after an error or a
 * lost answer) reuses the key, so the gateway answers with the first outcome instead of calling
 * twice; a request that differs in anything gets a new key, as does any request after a success.
 */
export class SubmissionKeys {
  private current: { key: string; fingerprint: string } | null = null;

  constructor(private readonly newKey: () => string) {}

  /** The key to send `request` with. */
  keyFor(request: PlaceRequest): string {
    const fp = fingerprint(request);
    if (this.current?.fingerprint !== fp) this.current = { key: this.newKey(), fingerprint: fp };
    return this.current.key;
  }

  /** Forget the key once its submission succeeded: the next one is a new call. */
  settle(): void {
    this.current = null;
  }
}
