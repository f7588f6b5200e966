/**
 * Which Arrow column types each column of the format accepts, and how a value is read from them.
 * Strings may be plain, large, view or dictionary-encoded; numbers any integer or float width
 * (64-bit integers arrive as bigint and are converted); session_date may be an Arrow date.
 * A column of type Null is accepted anywhere and reads as absent.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { DataType, Precision, type Data, type Schema, type Utf8, type Vector } from 'apache-arrow';
import { COLUMNS, resolveHeader, type ColumnName, type FieldValue } from '../columns.js';
import { FatalInputError } from '../fatal-input-error.js';
import type { IngestError } from '../types.js';

type ValueKind = 'text' | 'integer' | 'float' | 'date' | 'null';

const KEY: readonly ValueKind[] = ['text', 'integer'];
const NUMBER: readonly ValueKind[] = ['integer', 'float', 'text'];
const CODE: readonly ValueKind[] = ['text'];

const ACCEPTED_KINDS: Readonly<Record<ColumnName, readonly ValueKind[]>> = {
  client_id: KEY,
  session: NUMBER,
  measure: CODE,
  value: NUMBER,
  unit: CODE,
  phase: CODE,
  site: CODE,
  technique: CODE,
  condition: CODE,
  clinic_id: KEY,
  therapist_id: KEY,
  session_date: ['date', 'text'],
  trial: NUMBER,
  clinic_name: CODE,
  therapist_name: CODE,
};

const KIND_NAMES: Readonly<Record<ValueKind, string>> = {
  text: 'string',
  integer: 'integer',
  float: 'floating-point',
  date: 'date',
  null: 'null',
};

/** Reads one value of a record batch's column by row index. */
export type ValueReader = (row: number) => FieldValue;

export interface ArrowColumn {
  /** The field's position in the schema (and in each record batch). */
  readonly fieldIndex: number;
  /** The column of the format it holds (an index of COLUMNS). */
  readonly column: number;
  readonly kind: ValueKind;
}

/** Checks the schema like a CSV header (on line 1), and each field's type; throws when it is unusable. */
export function arrowColumns(schema: Schema): ArrowColumn[] {
  const names = schema.fields.map((field) => field.name);
  const header = resolveHeader(names, 1);
  const errors: IngestError[] = [...header.errors];
  const columns: ArrowColumn[] = [];
  schema.fields.forEach((field, fieldIndex) => {
    const column = header.columnAt[fieldIndex];
    if (column === -1) return;
    const name = COLUMNS[column];
    const kind = kindOf(field.type);
    const accepted = ACCEPTED_KINDS[name];
    if (kind === 'null' || (kind !== null && accepted.includes(kind))) {
      columns.push({ fieldIndex, column, kind });
    } else {
      const kinds = accepted.map((k) => KIND_NAMES[k]);
      const use = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`;
      errors.push({
        line: 1,
        column: name,
        message: `Arrow type ${field.type} is not accepted here: use a column of type ${use}`,
      });
    }
  });
  if (errors.length > 0) throw new FatalInputError(errors);
  return columns;
}

function kindOf(type: DataType): ValueKind | null {
  if (DataType.isDictionary(type)) return kindOf(type.dictionary);
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) return 'text';
  if (DataType.isInt(type)) return 'integer';
  if (DataType.isFloat(type)) return 'float';
  if (DataType.isDate(type)) return 'date';
  if (DataType.isNull(type)) return 'null';
  return null;
}

/**
 * A reader of the column's values in one record batch. Vector.get() is the general way, but it
 * decodes every string with its own TextDecoder call, which made reading Arrow slower than CSV;
 * the common layouts (ASCII strings, dictionaries of strings, integer and float arrays) are read
 * straight from the batch's buffers instead.
 */
export function valueReader(kind: ValueKind, vector: Vector): ValueReader {
  // A record batch's column is one Data; anything else takes the general path.
  const data = vector.data.length === 1 ? vector.data[0] : null;
  switch (kind) {
    case 'text': {
      const direct = data === null ? null : (asciiStringReader(data) ?? dictionaryStringReader(data));
      return (
        direct ??
        ((row) => {
          const value: unknown = vector.get(row);
          return typeof value === 'string' ? value : null;
        })
      );
    }
    case 'integer':
    case 'float':
      return (
        (data === null ? null : numberArrayReader(data)) ??
        ((row) => {
          const value: unknown = vector.get(row);
          if (typeof value === 'bigint') {
            // Past 2^53 a number would silently change the value: keep the exact digits as text.
            return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER
              ? Number(value)
              : String(value);
          }
          return typeof value === 'number' ? value : null;
        })
      );
    case 'date':
      return (row) => {
        const value: unknown = vector.get(row);
        return typeof value === 'number' ? isoDateFromEpochMilliseconds(value) : null;
      };
    case 'null':
      return () => null;
  }
}

/**
 * The first row of the column (in this record batch) whose text is not valid UTF-8, or null.
 * apache-arrow decodes such bytes to U+FFFD without a word, so two different client ids could
 * become one; a CSV file with such bytes is refused at its line, and so is an Arrow file. Plain
 * and large strings, and dictionaries of them, are checked (a view's strings are decoded as they
 * come); a column that is valid UTF-8 as a whole, the common case, costs one pass over its bytes.
 */
export function firstInvalidUtf8Row(vector: Vector): number | null {
  let batchRow = 0;
  for (const data of vector.data) {
    const row = DataType.isDictionary(data.type) ? firstInvalidDictionaryRow(data) : firstInvalidStringRow(data);
    if (row !== null) return batchRow + row;
    batchRow += data.length;
  }
  return null;
}

/** The first row of a plain or large string Data that is not valid UTF-8, or null. */
function firstInvalidStringRow(data: Data): number | null {
  for (const row of invalidStringRows(data)) return row;
  return null;
}

/** Rows of a plain or large string Data that are not valid UTF-8: the whole byte range first, row by row only if it fails. */
function* invalidStringRows(data: Data): Generator<number> {
  if (!DataType.isUtf8(data.type) && !DataType.isLargeUtf8(data.type)) return;
  const { values, valueOffsets } = data as unknown as { values?: Uint8Array; valueOffsets?: ArrayLike<number | bigint> };
  if (values === undefined || valueOffsets === undefined || valueOffsets.length < data.length + 1) return;
  const offset = (i: number) => Number(valueOffsets[i]);
  if (isUtf8(values.subarray(offset(0), offset(data.length)))) return;
  const isValid = validity(data);
  for (let row = 0; row < data.length; row++) {
    if (isValid(row) && !isUtf8(values.subarray(offset(row), offset(row + 1)))) yield row;
  }
}

/** The first row of a dictionary-encoded Data whose entry is not valid UTF-8, or null. */
function firstInvalidDictionaryRow(data: Data): number | null {
  const { dictionary } = data;
  const indices: unknown = data.values;
  if (dictionary === undefined || !isNumberArray(indices)) return null;
  const invalidEntries = new Set<number>();
  let entries = 0;
  for (const chunk of dictionary.data) {
    for (const row of invalidStringRows(chunk)) invalidEntries.add(entries + row);
    entries += chunk.length;
  }
  if (invalidEntries.size === 0) return null;
  const isValid = validity(data);
  for (let row = 0; row < data.length; row++) {
    if (isValid(row) && invalidEntries.has(indices[row])) return row;
  }
  return null;
}

/**
 * Plain UTF-8 strings whose bytes in this batch are all ASCII: bytes and characters then coincide,
 * so the whole column is decoded once and each value is a slice of it.
 */
function asciiStringReader(data: Data): ValueReader | null {
  if (!DataType.isUtf8(data.type)) return null;
  const { values, valueOffsets } = data as Data<Utf8>;
  if (valueOffsets.length < data.length + 1) return null;
  const start = valueOffsets[0];
  const end = valueOffsets[data.length];
  if (start < 0 || start > end || end > values.length) return null; // corrupt: let apache-arrow report it
  const bytes = values.subarray(start, end);
  if (!isAscii(bytes)) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const isValid = validity(data);
  return (row) =>
    isValid(row) ? text.slice(valueOffsets[row] - start, valueOffsets[row + 1] - start) : null;
}

/** Dictionary entries, decoded once per dictionary (batches usually share theirs). */
const decodedDictionaries = new WeakMap<Vector, readonly unknown[]>();

/** Dictionary-encoded strings: each row is an index into the dictionary. */
function dictionaryStringReader(data: Data): ValueReader | null {
  const { dictionary } = data;
  const indices: unknown = data.values;
  if (!DataType.isDictionary(data.type) || dictionary === undefined || !isNumberArray(indices)) return null;
  let entries = decodedDictionaries.get(dictionary);
  if (entries === undefined) {
    entries = [...dictionary];
    decodedDictionaries.set(dictionary, entries);
  }
  const decoded = entries;
  const isValid = validity(data);
  return (row) => {
    if (!isValid(row)) return null;
    const entry = decoded[indices[row]];
    return typeof entry === 'string' ? entry : null;
  };
}

/** Integers up to 32 bits and 32- or 64-bit floats, read from their typed array (not 64-bit integers, not half floats). */
function numberArrayReader(data: Data): ValueReader | null {
  const values: unknown = data.values;
  const halfFloat = DataType.isFloat(data.type) && data.type.precision === Precision.HALF;
  if (halfFloat || !isNumberArray(values)) return null;
  const isValid = validity(data);
  return (row) => (isValid(row) ? values[row] : null);
}

type NumberArray = Exclude<NodeJS.TypedArray, BigInt64Array | BigUint64Array>;

function isNumberArray(values: unknown): values is NumberArray {
  return (
    ArrayBuffer.isView(values) &&
    !(values instanceof DataView) &&
    !(values instanceof BigInt64Array) &&
    !(values instanceof BigUint64Array)
  );
}

/** Whether each row has a value, from the validity bitmap (Data.getValid does more work per call). */
function validity(data: Data): (row: number) => boolean {
  if (data.nullCount === 0) return () => true;
  const { nullBitmap, offset } = data;
  if (nullBitmap.length === 0) return (row) => data.getValid(row);
  return (row) => (nullBitmap[(offset + row) >> 3] & (1 << ((offset + row) & 7))) !== 0;
}

/** An Arrow date (milliseconds since 1970-01-01 UTC) as yyyy-mm-dd; its text when it is no calendar date. */
function isoDateFromEpochMilliseconds(milliseconds: number): string {
  const date = new Date(milliseconds);
  return Number.isNaN(date.getTime()) ? String(milliseconds) : date.toISOString().slice(0, 10);
}
