/** Writing rows in the formats the product reads: CSV, JSON rows (NDJSON or an array), Arrow IPC. */
import type { Writable } from 'node:stream';
import type { ColumnName } from '../rows.js';
import { writeArrow } from './arrow.js';
import { writeCsv } from './csv.js';
import { writeJsonArray, writeNdjson } from './json.js';
import type { RowSource } from './row-source.js';

export const OUTPUT_FORMATS = ['csv', 'json', 'ndjson', 'arrow'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(text: string): text is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(text);
}

/** The format a file name implies by its extension, if any. */
export function formatFromFileName(fileName: string): OutputFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.arrow') || lower.endsWith('.feather') || lower.endsWith('.ipc')) return 'arrow';
  return undefined;
}

/** Writes rows with the given columns to `out` in `format`; resolves when all is handed to `out`. */
export function writeRows(
  format: OutputFormat,
  rows: RowSource,
  columns: readonly ColumnName[],
  out: Writable,
): Promise<void> {
  switch (format) {
    case 'csv':
      return writeCsv(rows, columns, out);
    case 'json':
      return writeJsonArray(rows, columns, out);
    case 'ndjson':
      return writeNdjson(rows, columns, out);
    case 'arrow':
      return writeArrow(rows, columns, out);
  }
}

export { writeArrow, arrowSchema, DEFAULT_ARROW_BATCH_SIZE } from './arrow.js';
export { writeCsv, csvHeader, csvLine } from './csv.js';
export { writeJsonArray, writeNdjson } from './json.js';
export type { RowSource } from './row-source.js';
