/**
 * Arrow IPC file format (the random-access "Feather v2" layout that `tableFromIPC` and pyarrow's
 * `ipc.open_file` read), written as record batches of `batchSize` rows so that memory is bounded by
 * one batch, whatever the number of rows. Text columns are Utf8 (session_date too, as the ISO text
 * the CSV holds, so every format carries the same values); session and trial are Int32, value is
 * Float64. Optional columns are nullable and hold null where a row has no value.
 */
import type { Writable } from 'node:stream';
import { HandOverFileWriter } from '@threshold/ingest';
import {
  Field,
  Float64,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Utf8,
  makeData,
  type Data,
  type DataType,
} from 'apache-arrow';
import type { ColumnName, MeasurementRow } from '../rows.js';
import { forEachRow, type RowSource } from './row-source.js';
import { writeWithBackpressure } from './sink.js';

export const DEFAULT_ARROW_BATCH_SIZE = 65_536;

const REQUIRED_COLUMNS: ReadonlySet<ColumnName> = new Set<ColumnName>([
  'client_id',
  'session',
  'measure',
  'value',
  'unit',
]);

function arrowType(column: ColumnName): DataType {
  if (column === 'session' || column === 'trial') return new Int32();
  if (column === 'value') return new Float64();
  return new Utf8();
}

/** The Arrow schema of a data set with these columns. */
export function arrowSchema(columns: readonly ColumnName[]): Schema {
  return new Schema(
    columns.map((column) => new Field(column, arrowType(column), !REQUIRED_COLUMNS.has(column))),
  );
}

/**
 * Builds one column of a batch. These fill typed arrays directly instead of using apache-arrow's
 * builders: its Utf8 builder allocates per string and made writing 10x slower and memory-hungry.
 */
interface ColumnBuilder {
  readonly column: ColumnName;
  append(value: string | number | undefined): void;
  /** The values appended since the last flush, as Arrow data; the builder starts afresh. */
  flush(): Data;
}

/** Validity bitmap (bit set = value present), or undefined when nothing is null. */
function validityBitmap(isNull: readonly boolean[], nullCount: number): Uint8Array | undefined {
  if (nullCount === 0) return undefined;
  const bitmap = new Uint8Array(Math.ceil(isNull.length / 8));
  for (let i = 0; i < isNull.length; i++) if (!isNull[i]) bitmap[i >> 3] |= 1 << (i & 7);
  return bitmap;
}

class Utf8Column implements ColumnBuilder {
  private values: (string | undefined)[] = [];
  private readonly encoder = new TextEncoder();

  constructor(readonly column: ColumnName) {}

  append(value: string | number | undefined): void {
    this.values.push(value === undefined ? undefined : String(value));
  }

  flush(): Data {
    const values = this.values;
    this.values = [];
    const length = values.length;
    const offsets = new Int32Array(length + 1);
    const isNull: boolean[] = new Array<boolean>(length);
    let nullCount = 0;
    let bytes = new Uint8Array(Math.max(1024, length * 16));
    let position = 0;
    for (let i = 0; i < length; i++) {
      const text = values[i];
      isNull[i] = text === undefined;
      if (text === undefined) {
        nullCount++;
      } else {
        if (position + text.length * 3 > bytes.length) {
          const grown = new Uint8Array(Math.max(bytes.length * 2, position + text.length * 3));
          grown.set(bytes.subarray(0, position));
          bytes = grown;
        }
        position = this.writeText(text, bytes, position);
      }
      offsets[i + 1] = position;
    }
    return makeData({
      type: new Utf8(),
      length,
      nullCount,
      nullBitmap: validityBitmap(isNull, nullCount),
      valueOffsets: offsets,
      data: bytes.subarray(0, position),
    });
  }

  /** UTF-8 bytes of `text` at `position`; a plain copy for ASCII, which is all the generators write. */
  private writeText(text: string, bytes: Uint8Array, position: number): number {
    for (let j = 0; j < text.length; j++) {
      const code = text.charCodeAt(j);
      if (code >= 0x80) return position + this.encoder.encodeInto(text, bytes.subarray(position)).written;
      bytes[position + j] = code;
    }
    return position + text.length;
  }
}

class NumberColumn implements ColumnBuilder {
  private values: (number | undefined)[] = [];

  constructor(
    readonly column: ColumnName,
    private readonly type: Int32 | Float64,
  ) {}

  append(value: string | number | undefined): void {
    this.values.push(value === undefined ? undefined : Number(value));
  }

  flush(): Data {
    const values = this.values;
    this.values = [];
    const length = values.length;
    const numbers = this.type instanceof Int32 ? new Int32Array(length) : new Float64Array(length);
    const isNull: boolean[] = new Array<boolean>(length);
    let nullCount = 0;
    for (let i = 0; i < length; i++) {
      const value = values[i];
      isNull[i] = value === undefined;
      if (value === undefined) nullCount++;
      else numbers[i] = value;
    }
    const nullBitmap = validityBitmap(isNull, nullCount);
    return this.type instanceof Int32
      ? makeData({ type: this.type, length, nullCount, nullBitmap, data: numbers })
      : makeData({ type: this.type, length, nullCount, nullBitmap, data: numbers });
  }
}

function columnBuilder(field: Field): ColumnBuilder {
  const column = field.name as ColumnName;
  if (field.type instanceof Int32 || field.type instanceof Float64)
    return new NumberColumn(column, field.type);
  return new Utf8Column(column);
}

/** Gathers rows into record batches, column by column. */
class BatchBuilder {
  private readonly columns: ColumnBuilder[];
  length = 0;

  constructor(private readonly schema: Schema) {
    this.columns = schema.fields.map(columnBuilder);
  }

  append(row: MeasurementRow): void {
    for (const builder of this.columns) builder.append(row[builder.column]);
    this.length++;
  }

  /** The rows appended since the last flush, as a record batch. */
  flush(): RecordBatch {
    const children = this.columns.map((builder) => builder.flush());
    const data = makeData({
      type: new Struct(this.schema.fields),
      length: this.length,
      nullCount: 0,
      children,
    });
    this.length = 0;
    return new RecordBatch(this.schema, data);
  }
}


export async function writeArrow(
  rows: RowSource,
  columns: readonly ColumnName[],
  out: Writable,
  batchSize = DEFAULT_ARROW_BATCH_SIZE,
): Promise<void> {
  const schema = arrowSchema(columns);
  const builder = new BatchBuilder(schema);
  const writer = new HandOverFileWriter();

  const handOver = async () => {
    for (const bytes of writer.takeBytes()) await writeWithBackpressure(out, bytes);
  };
  const writeBatch = async () => {
    writer.write(builder.flush());
    await handOver();
  };

  let rowCount = 0;
  await forEachRow(rows, (row: MeasurementRow) => {
    builder.append(row);
    rowCount++;
    return builder.length >= batchSize ? writeBatch() : undefined;
  });
  // A file without rows still carries the schema, in one empty batch.
  if (builder.length > 0 || rowCount === 0) await writeBatch();
  writer.finish(); // writes the footer (schema and batch offsets) and the closing magic bytes
  await handOver();
}
