/** One editable key/value row of the dialog (dynamic variables, metadata). */
export interface KeyValueRow {
  id: string;
  key: string;
  value: string;
}

let nextRowId = 0;

/** A new empty row with an id for React's key. */
export function emptyRow(): KeyValueRow {
  nextRowId += 1;
  return { id: `kv-${nextRowId}`, key: '', value: '' };
}

/** Limits of the contract (KeyValues in contract/actions.ts). */
export const KEY_MAX = 64;
export const VALUE_MAX = 500;

export interface KeyValueResult {
  values: Record<string, string>;
  /** Row id → what is wrong with that row. */
  errors: Record<string, string>;
}

/** Rows as the request's record; a row left fully blank is ignored, a half-filled one is an error. */
export function rowsToRecord(rows: readonly KeyValueRow[]): KeyValueResult {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value) continue;
    if (!key) errors[row.id] = 'Give this value a name';
    else if (key.length > KEY_MAX) errors[row.id] = `Names are at most ${KEY_MAX} characters`;
    else if (row.value.length > VALUE_MAX)
      errors[row.id] = `Values are at most ${VALUE_MAX} characters`;
    else if (key in values) errors[row.id] = `“${key}” is already set above`;
    else values[key] = row.value;
  }
  return { values, errors };
}
