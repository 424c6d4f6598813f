import Papa from 'papaparse';
import type { ReportRow } from './bulk-runner';
import { FORMULA_CELL } from './csv-safe';

/** The final report of a bulk upload as CSV: row, number, outcome, entry id(s), message. */
export function reportCsv(rows: readonly ReportRow[]): string {
  return Papa.unparse(
    {
      fields: ['row', 'number', 'outcome', 'entryId', 'message'],
      data: rows.map((r) => [r.row, r.number, r.outcome, r.entryIds.join(' '), r.message]),
    },
    { escapeFormulae: FORMULA_CELL },
  );
}
