/**
 * Arrow IPC stream of exported readings: the schema, then one record batch per page of rows, so
 * memory holds one page whatever the size of the export. Text columns are Utf8, session and trial
 * Int32, value Float64; columns that can be absent are nullable.
 */
import { HandOverStreamWriter } from '@threshold/ingest';
import {
  Field,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Utf8,
  type Data,
  type DataType,
} from 'apache-arrow';
import { EXPORT_COLUMNS, type ExportRow } from './export-row.js';

export const ARROW_STREAM_CONTENT_TYPE = 'application/vnd.apache.arrow.stream';

const NULLABLE: ReadonlySet<keyof ExportRow> = new Set([
  'clinic_key',
  'therapist_key',
  'session_date',
  'condition',
  'site',
  'trial',
]);

function arrowType(column: keyof ExportRow): DataType {
  if (column === 'session' || column === 'trial') return new Int32();
  if (column === 'value') return new Float64();
  return new Utf8();
}

export const EXPORT_SCHEMA = new Schema(
  EXPORT_COLUMNS.map((column) => new Field(column, arrowType(column), NULLABLE.has(column))),
);

/*
 * Columns are built from typed arrays directly: apache-arrow's vectorFromArray allocates per
 * value and made the export half as fast.
 */

/** Validity bitmap (bit set = value present), or undefined when nothing is null. */
function validity(values: readonly unknown[]): { nullCount: number; nullBitmap?: Uint8Array } {
  let nullCount = 0;
  for (const value of values) if (value === null) nullCount++;
  if (nullCount === 0) return { nullCount };
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((value, i) => {
    if (value !== null) nullBitmap[i >> 3] |= 1 << (i & 7);
  });
  return { nullCount, nullBitmap };
}

function utf8Data(values: readonly (string | null)[]): Data<Utf8> {
  const encoder = new TextEncoder();
  const encoded = values.map((value) => (value === null ? null : encoder.encode(value)));
  const valueOffsets = new Int32Array(values.length + 1);
  let length = 0;
  encoded.forEach((bytes, i) => {
    length += bytes?.length ?? 0;
    valueOffsets[i + 1] = length;
  });
  const data = new Uint8Array(length);
  encoded.forEach((bytes, i) => {
    if (bytes !== null) data.set(bytes, valueOffsets[i]);
  });
  return makeData({ type: new Utf8(), length: values.length, ...validity(values), valueOffsets, data });
}

function numberData(type: Int32 | Float64, values: readonly (number | null)[]): Data<Int32 | Float64> {
  const numbers = type instanceof Int32 ? new Int32Array(values.length) : new Float64Array(values.length);
  values.forEach((value, i) => {
    if (value !== null) numbers[i] = value;
  });
  return type instanceof Int32
    ? makeData({ type, length: values.length, ...validity(values), data: numbers as Int32Array })
    : makeData({ type, length: values.length, ...validity(values), data: numbers as Float64Array });
}

export class ArrowStreamFormat {
  private readonly writer = new HandOverStreamWriter();
  private batches = 0;

  /** The bytes of a record batch of these rows (the first call also carries the schema). */
  batch(rows: readonly ExportRow[]): Uint8Array[] {
    const children = EXPORT_SCHEMA.fields.map((field) => {
      const values = rows.map((row) => row[field.name as keyof ExportRow]);
      return field.type instanceof Utf8
        ? utf8Data(values as (string | null)[])
        : numberData(field.type as Int32 | Float64, values as (number | null)[]);
    });
    const data = makeData({
      type: new Struct(EXPORT_SCHEMA.fields),
      length: rows.length,
      nullCount: 0,
      children,
    });
    this.writer.write(new RecordBatch(EXPORT_SCHEMA, data));
    this.batches++;
    return this.writer.takeBytes();
  }

  /** The end-of-stream marker; a stream without rows still carries the schema, in one empty batch. */
  finish(): Uint8Array[] {
    const empty = this.batches === 0 ? this.batch([]) : [];
    this.writer.finish();
    return [...empty, ...this.writer.takeBytes()];
  }
}
