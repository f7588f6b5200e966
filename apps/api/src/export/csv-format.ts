/**
 * CSV of exported readings (RFC 4180): a header, then one line per reading; absent values are
 * empty fields; text is quoted only when it holds a comma, a quote or a line break. Numbers are
 * written as JavaScript writes them, which reads back to the same double.
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

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
