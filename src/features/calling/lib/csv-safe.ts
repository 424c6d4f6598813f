/**
 * Cells a spreadsheet would run as a formula (`=`, `@`, or `+`/`-` not followed by a plain number)
 * get a leading `'`; phone numbers such as `+14155550123` stay as they are.
 */
export const FORMULA_CELL = /^[=@\t\r]|^[+-](?![\d\s]+$)/;
