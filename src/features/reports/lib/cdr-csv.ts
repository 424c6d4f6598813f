import Papa from 'papaparse';
import type { Cdr } from '@contract/cdr';

/** Spreadsheet formulas in vendor text are neutralised; `+4072…` phone numbers stay as they are. */
const FORMULA_CELL = /^[=@\t\r]|^[+-](?![\d\s]+$)/;

const FIELDS = [
  'id',
  'sourceId',
  'queueId',
  'queueName',
  'callerNumber',
  'callerName',
  'agentName',
  'disposition',
  'rawDisposition',
  'enteredAt',
  'answeredAt',
  'endedAt',
  'waitSeconds',
  'talkSeconds',
  'holdSeconds',
  'wrapSeconds',
] as const satisfies readonly (keyof Cdr)[];

/** Call records as CSV, one column per contract field, with a header row. */
export function cdrsCsv(cdrs: readonly Cdr[]): string {
  return Papa.unparse(
    { fields: [...FIELDS], data: cdrs.map((c) => FIELDS.map((f) => c[f] ?? '')) },
    { escapeFormulae: FORMULA_CELL },
  );
}
