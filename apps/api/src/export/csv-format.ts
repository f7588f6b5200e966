/**
 * CSV of exported readings (RFC 4180): a header, then one line per reading; absent values are
 * empty fields; text is quoted only when it holds a comma, a quote or a line break. Numbers are
 * written as JavaScript writes them, which reads back to the same double. Text that a spreadsheet
 * would run as a formula is neutralised (see neutraliseFormula).
 */
import { EXPORT_COLUMNS, type ExportRow } from './export-row.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export function csvHeader(): string {
  return `${EXPORT_COLUMNS.join(',')}\n`;
}

export function csvLines(rows: readonly ExportRow[]): string {
  let text = '';
  for (const row of rows) text += `${EXPORT_COLUMNS.map((column) => csvField(row[column])).join(',')}\n`;
  return text;
}

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A spreadsheet opening the file runs a cell that starts with = + - or @ (tab and carriage return
 * can hide one) as a formula: a technique `=HYPERLINK("http://...")` in an ingested file would run
 * on the machine of whoever opens the export (CSV injection). As OWASP recommends, such text gets
 * a single quote in front, which a spreadsheet takes as plain text; the quote is part of the value
 * in the file. Only text: numbers are written as numbers (above), so -5 stays -5.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
