/**
 * JSON rows: `ndjson` writes one object per line (newline-delimited JSON); `json` writes one array
 * of objects, one object per line, so it streams too. Keys follow the data set's column order; an
 * absent optional value is left out of the object (not written as null).
 */
import type { Writable } from 'node:stream';
import type { ColumnName, MeasurementRow } from '../rows.js';
import { forEachRow, type RowSource } from './row-source.js';
import { TextSink } from './sink.js';

export function jsonObject(row: MeasurementRow, columns: readonly ColumnName[]): string {
  const ordered: Partial<Record<ColumnName, string | number>> = {};
  for (const column of columns) {
    const value = row[column];
    if (value !== undefined) ordered[column] = value;
  }
  return JSON.stringify(ordered);
}

export async function writeNdjson(
  rows: RowSource,
  columns: readonly ColumnName[],
  out: Writable,
): Promise<void> {
  const sink = new TextSink(out);
  await forEachRow(rows, (row) => sink.push(jsonObject(row, columns) + '\n'));
  await sink.flush();
}

export async function writeJsonArray(
  rows: RowSource,
  columns: readonly ColumnName[],
  out: Writable,
): Promise<void> {
  const sink = new TextSink(out);
  let first = true;
  await sink.push('[');
  await forEachRow(rows, (row) => {
    const text = (first ? '\n' : ',\n') + jsonObject(row, columns);
    first = false;
    return sink.push(text);
  });
  await sink.push(first ? ']\n' : '\n]\n');
  await sink.flush();
}
