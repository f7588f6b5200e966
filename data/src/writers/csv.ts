/**
 * CSV (RFC 4180): a header of the data set's columns, in the contract's names, then one line per
 * row; an absent optional value is an empty field. Lines end with \n.
 */
import type { Writable } from 'node:stream';
import type { ColumnName, MeasurementRow } from '../rows.js';
import { forEachRow, type RowSource } from './row-source.js';
import { TextSink } from './sink.js';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(columns: readonly ColumnName[]): string {
  return columns.map(csvField).join(',') + '\n';
}

export function csvLine(row: MeasurementRow, columns: readonly ColumnName[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ',';
    line += csvField(row[columns[i]]);
  }
  return line + '\n';
}

export async function writeCsv(
  rows: RowSource,
  columns: readonly ColumnName[],
  out: Writable,
): Promise<void> {
  const sink = new TextSink(out);
  await sink.push(csvHeader(columns));
  await forEachRow(rows, (row) => sink.push(csvLine(row, columns)));
  await sink.flush();
}
