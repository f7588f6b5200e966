/** Test helpers: capture what a writer writes, and read generated CSV back into rows. */
import { Writable } from 'node:stream';
import { NUMERIC_COLUMNS, type ColumnName, type MeasurementRow } from '../rows.js';

/** A Writable that keeps everything written to it. */
export class MemoryWritable extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }
}

/**
 * Reads CSV text as the generators write it (no quoted fields: the tests check none are needed)
 * back into rows: numeric columns become numbers, empty fields are left out.
 */
export function rowsFromCsv(text: string): { columns: ColumnName[]; rows: MeasurementRow[] } {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const columns = (lines.shift() ?? '').split(',') as ColumnName[];
  const rows = lines.map((line) => {
    const fields = line.split(',');
    if (fields.length !== columns.length)
      throw new Error(`line has ${fields.length} fields, header ${columns.length}: ${line}`);
    const row: Record<string, string | number> = {};
    columns.forEach((column, i) => {
      const field = fields[i];
      if (field !== '') row[column] = NUMERIC_COLUMNS.has(column) ? Number(field) : field;
    });
    return row as unknown as MeasurementRow;
  });
  return { columns, rows };
}

/** A row with only the given columns, keys in that order, absent values left out. */
export function normalised(
  row: MeasurementRow,
  columns: readonly ColumnName[],
): Record<string, string | number> {
  const result: Record<string, string | number> = {};
  for (const column of columns) {
    const value = row[column];
    if (value !== undefined && value !== null) result[column] = value;
  }
  return result;
}

/** The key the contract forbids duplicates of: (client_id, session, phase, measure, site, trial). */
export function measurementKey(row: MeasurementRow): string {
  return [row.client_id, row.session, row.phase ?? 'pre', row.measure, row.site ?? '', row.trial ?? ''].join(
    '|',
  );
}
