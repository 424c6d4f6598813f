import Papa from 'papaparse';
import type { PlaceRequest } from '../api/place-call';
import type { PlaceKind } from './call-form';
import { KEY_MAX, VALUE_MAX } from './key-values';
import { readPhone, type CountryCode } from './phone';
import { parseScheduleCell, PAST_TOLERANCE_MS } from './schedule';

/** One data row of an uploaded file, validated. */
export interface BulkRow {
  /** 1-based position among the data rows (the header is not counted). */
  row: number;
  /** The number as written in the file. */
  number: string;
  /** The request to send, when the row is valid. */
  request: PlaceRequest | null;
  /** What is wrong with the row, in plain words; empty when it is valid. */
  errors: string[];
}

export interface BulkFile {
  rows: BulkRow[];
  valid: BulkRow[];
  invalid: BulkRow[];
  /** Problems with the file as a whole (no header, unknown columns…). */
  fileErrors: string[];
}

export interface BulkOptions {
  kind: PlaceKind;
  sourceId: string;
  /** Numbers without `+` are read as national numbers of this country. */
  country: CountryCode | undefined;
  now?: number;
}

/** Column names per kind, documented in the UI and in the template. */
export const COLUMNS: Record<PlaceKind, { name: string; required: boolean; help: string }[]> = {
  call: [
    {
      name: 'recipient',
      required: true,
      help: 'The number to call: +E.164 (+14155550123), or national with the country chosen above. “phone” works too.',
    },
    { name: 'numberId', required: true, help: 'The id of the number to call from.' },
    { name: 'agentId', required: true, help: 'The id of the AI agent who makes the call.' },
    { name: 'campaignId', required: false, help: 'The campaign the call belongs to.' },
    {
      name: 'scheduledAt',
      required: false,
      help: 'When to call: 2026-03-02T14:30:00+02:00, or 2026-03-02 14:30 in your time zone. Empty: now.',
    },
    { name: 'var:<name>', required: false, help: 'A dynamic variable, e.g. var:CustomerName.' },
    { name: 'meta:<name>', required: false, help: 'A metadata value, e.g. meta:crmId.' },
  ],
  callback: [
    {
      name: 'phone',
      required: true,
      help: 'The number to call back: +E.164, or national with the country chosen above. “recipient” works too.',
    },
    {
      name: 'name',
      required: true,
      help: 'The name of the person to call back. “callerName” works too.',
    },
    {
      name: 'campaign',
      required: true,
      help: 'The campaign the callback belongs to. “campaignId” works too.',
    },
    {
      name: 'scheduledAt',
      required: true,
      help: 'When to call back: 2026-03-02T14:30:00+02:00, or 2026-03-02 14:30 in your time zone.',
    },
  ],
};

/** A template file with one example row, for the download link. */
export function templateCsv(kind: PlaceKind): string {
  if (kind === 'callback') {
    return Papa.unparse([
      ['phone', 'name', 'campaign', 'scheduledAt'],
      ['+40721555123', 'Ion Popescu', 'Spring renewals', '2030-03-02 14:30'],
    ]);
  }
  return Papa.unparse([
    [
      'recipient',
      'numberId',
      'agentId',
      'campaignId',
      'scheduledAt',
      'var:CustomerName',
      'meta:crmId',
    ],
    ['+14155550123', 'number-id', 'agent-id', '', '', 'Ada Lovelace', 'C-1001'],
  ]);
}

const ALIASES: Record<string, string> = {
  recipient: 'phone',
  recipientnumber: 'phone',
  phone: 'phone',
  phonenumber: 'phone',
  numberid: 'numberId',
  agentid: 'agentId',
  campaignid: 'campaign',
  campaign: 'campaign',
  scheduledat: 'scheduledAt',
  name: 'name',
  callername: 'name',
};

/** The reason after "… is not a valid phone number", e.g. " for United States". */
function phoneHint(problem: string | null): string {
  if (!problem) return '';
  const country = /^Not a valid number for (.+)$/.exec(problem);
  if (country) return ` for ${country[1]}`;
  return problem.startsWith('Choose a country')
    ? ': choose a country above, or start it with +'
    : '';
}

/** The field a header names: `phone`, `var:X`, `meta:X`…, or null for a column we do not know. */
function fieldOf(header: string): string | null {
  const h = header.trim();
  const prefixed = /^(var|meta)\s*:\s*(.+)$/i.exec(h);
  if (prefixed) return `${prefixed[1]!.toLowerCase()}:${prefixed[2]!.trim()}`;
  return ALIASES[h.toLowerCase().replace(/[\s_-]/g, '')] ?? null;
}

/**
 * Parses and validates an uploaded CSV (header row first). Every row is checked the way the
 * gateway would check it — E.164 number, required fields, dates — so only rows that can be placed
 * are sent, and each invalid row is listed with its reasons.
 */
export function parseBulkCsv(text: string, options: BulkOptions): BulkFile {
  const now = options.now ?? Date.now();
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const headers = parsed.meta.fields ?? [];
  const fileErrors: string[] = [];
  const mapped = headers.map((h) => ({ header: h, field: fieldOf(h) }));
  const unknown = mapped
    .filter((m) => m.field === null)
    .map((m) => m.header)
    .filter(Boolean);
  if (unknown.length > 0) fileErrors.push(`Columns ignored (not known): ${unknown.join(', ')}`);
  const has = (field: string) => mapped.some((m) => m.field === field);
  const required =
    options.kind === 'call'
      ? ['phone', 'numberId', 'agentId']
      : ['phone', 'name', 'campaign', 'scheduledAt'];
  const missing = required.filter((f) => !has(f));
  if (missing.length > 0) {
    const names: Record<string, string> = {
      phone: options.kind === 'call' ? 'recipient' : 'phone',
      numberId: 'numberId',
      agentId: 'agentId',
      name: 'name',
      campaign: 'campaign',
      scheduledAt: 'scheduledAt',
    };
    fileErrors.push(
      `Missing column${missing.length > 1 ? 's' : ''}: ${missing.map((m) => names[m]).join(', ')}`,
    );
  }
  for (const e of parsed.errors) {
    // A row with too few or too many cells is reported on the row itself below.
    if (e.type === 'FieldMismatch') continue;
    fileErrors.push(e.row === undefined ? e.message : `Row ${e.row + 1}: ${e.message}`);
  }
  const mismatched = new Map<number, string>();
  for (const e of parsed.errors) {
    if (e.type === 'FieldMismatch' && e.row !== undefined)
      mismatched.set(
        e.row,
        e.code === 'TooFewFields'
          ? 'has fewer cells than the header'
          : 'has more cells than the header',
      );
  }

  const rows: BulkRow[] = parsed.data.map((record, i) => {
    const cells: Record<string, string> = {};
    const variables: Record<string, string> = {};
    const metadata: Record<string, string> = {};
    const errors: string[] = [];
    for (const { header, field } of mapped) {
      const value = (record[header] ?? '').trim();
      if (!field) continue;
      if (field.startsWith('var:') || field.startsWith('meta:')) {
        if (options.kind === 'callback' || !value) continue;
        const name = field.slice(field.indexOf(':') + 1);
        if (name.length > KEY_MAX)
          errors.push(`${header}: names are at most ${KEY_MAX} characters`);
        else if (value.length > VALUE_MAX)
          errors.push(`${header}: at most ${VALUE_MAX} characters`);
        else (field.startsWith('var:') ? variables : metadata)[name] = value;
      } else if (value) {
        cells[field] = value;
      }
    }
    const shape = mismatched.get(i);
    if (shape) errors.push(`The row ${shape}`);
    const number = cells.phone ?? '';
    const phone = readPhone(number, options.country);
    if (!number) errors.push('The number is missing');
    else if (!phone.e164)
      errors.push(`${number} is not a valid phone number${phoneHint(phone.problem)}`);

    let scheduledAt: string | undefined;
    if (cells.scheduledAt) {
      const at = parseScheduleCell(cells.scheduledAt);
      if (!at) errors.push(`scheduledAt “${cells.scheduledAt}” is not a date and time`);
      else if (at.getTime() < now - PAST_TOLERANCE_MS)
        errors.push(`scheduledAt ${cells.scheduledAt} has passed`);
      else scheduledAt = at.toISOString();
    }

    let request: PlaceRequest | null = null;
    if (options.kind === 'call') {
      if (!cells.numberId) errors.push('numberId is missing');
      if (!cells.agentId) errors.push('agentId is missing');
      if (errors.length === 0 && phone.e164) {
        request = {
          kind: 'call',
          body: {
            source: options.sourceId,
            recipientNumber: phone.e164,
            numberId: cells.numberId!,
            agentId: cells.agentId!,
            ...(cells.campaign ? { campaignId: cells.campaign } : {}),
            ...(scheduledAt ? { scheduledAt } : {}),
            dynamicVariables: variables,
            metadata,
          },
        };
      }
    } else {
      if (!cells.name) errors.push('name is missing');
      else if (cells.name.length > 100) errors.push('name is longer than 100 characters');
      if (!cells.campaign) errors.push('campaign is missing');
      else if (cells.campaign.length > 100) errors.push('campaign is longer than 100 characters');
      if (!cells.scheduledAt) errors.push('scheduledAt is missing');
      if (errors.length === 0 && phone.e164 && scheduledAt) {
        request = {
          kind: 'callback',
          body: {
            source: options.sourceId,
            phoneNumber: phone.e164,
            callerName: cells.name!,
            campaign: cells.campaign!,
            scheduledAt,
            maxRetries: 3,
          },
        };
      }
    }
    return { row: i + 1, number, request, errors };
  });
  return {
    rows,
    valid: rows.filter((r) => r.request !== null),
    invalid: rows.filter((r) => r.request === null),
    fileErrors,
  };
}

/**
 * The Idempotency-Key of one row: SHA-256 of the source, the file's exact text and the row number.
 * The same file uploaded again — or a run resumed after a reload — sends the same keys, so the
 * gateway answers rows already placed from its store and calls nobody twice.
 */
export async function rowKey(sourceId: string, fileText: string, row: number): Promise<string> {
  const data = new TextEncoder().encode(`${sourceId}\n${row}\n${fileText}`);
  const digest = await crypto.subtle.digest('SHA-256', data);
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return `bulk-${hex}`;
}
