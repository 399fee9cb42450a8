import type { CellValue } from 'exceljs';

// Every string written into an exported spreadsheet goes through `safeCell` (docs/security.md "V13"). A cell that
// starts with = + - @ or a tab / carriage return is read as a formula once the sheet is re-saved as CSV or opened
// by another spreadsheet program (CSV injection): `=HYPERLINK(...)` in a customer's name would become a live link
// in the clerk's copy. OWASP's advice is followed: such text gets a leading single quote, so it shows as text.
// Numbers, dates and booleans are written as they are — only text can carry a formula.

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text, prefixed with `'` when a spreadsheet would take it for a formula. */
export const neutralizeFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

/** A value for an exported cell: strings neutralised, everything else unchanged. */
export function safeCell<T extends CellValue | undefined>(value: T): T {
  return (typeof value === 'string' ? neutralizeFormula(value) : value) as T;
}

/** A row of values for `worksheet.addRow` (array or keyed object), each through `safeCell`. */
export function safeRow<T extends unknown[] | Record<string, unknown>>(row: T): T {
  if (Array.isArray(row)) return row.map((v) => safeCell(v as CellValue)) as T;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, safeCell(v as CellValue)])) as T;
}

/**
 * The reverse for an imported cell: an exported register comes back with `'=…` / `'+86…`; the quote added on
 * export is dropped so a round trip keeps the text as it was. A quote before anything else is the user's own.
 */
export const restoreNeutralized = (text: string) => (text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text);
