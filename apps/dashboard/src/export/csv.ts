/**
 * The data behind a chart as CSV (RFC 4180): a header of column names, one line per row, fields
 * quoted when they contain a comma, quote or line break, CRLF line ends, numbers at full precision
 * (the CSV is for re-analysis, not for reading: the page shows the rounded numbers) and empty
 * fields for numbers that could not be computed.
 *
 * Text that a spreadsheet would run as a formula (=, +, -, @ at the start) is prefixed with an
 * apostrophe (OWASP, "CSV injection"): group names come from uploaded files. Numbers are never
 * prefixed, so negative changes stay numbers.
 */

export interface CsvColumn<Row> {
  /** Column name in the header: snake_case, as the API names fields. */
  name: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[]): string {
  const lines = [columns.map((column) => csvField(column.name)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(column.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
