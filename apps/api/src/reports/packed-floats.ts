/**
 * Numbers the report statement sends packed instead of as JSON (report-inputs.sql.ts): each value
 * as its 8 bytes of IEEE 754 double in network order (PostgreSQL's float8send), concatenated into
 * one bytea. A part of a network report sends a million values for its medians and six sums per
 * client for the trajectory; printed as JSON numbers (and parsed again here) they took about a
 * fifth of the report's time, as bytea they are copied. Exact: the bytes are the double itself.
 */

const BYTES_PER_FLOAT = 8;

/**
 * The doubles of `bytes` (float8send's, concatenated); [] for null, which string_agg gives when it
 * had nothing. node-postgres hands bytea over as a Buffer, the embedded database as a Uint8Array.
 */
export function unpackFloats(bytes: Uint8Array | null): number[] {
  if (bytes === null) return [];
  if (bytes.length % BYTES_PER_FLOAT !== 0) {
    throw new Error(`packed floats: ${bytes.length} bytes is not a whole number of doubles`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Array<number>(bytes.length / BYTES_PER_FLOAT);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * BYTES_PER_FLOAT, false);
  return values;
}

/** The packed doubles of `bytes` in rows of `width` (the trajectory's six sums per client); null for none. */
export function unpackFloatRows(bytes: Uint8Array | null, width: number): number[][] | null {
  const values = unpackFloats(bytes);
  if (values.length === 0) return null;
  if (values.length % width !== 0) {
    throw new Error(`packed floats: ${values.length} values are not rows of ${width}`);
  }
  const rows: number[][] = [];
  for (let i = 0; i < values.length; i += width) rows.push(values.slice(i, i + width));
  return rows;
}
