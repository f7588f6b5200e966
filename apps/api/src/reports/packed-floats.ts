/**
 * Numbers the report statement sends packed instead of as JSON (report-inputs.sql.ts): each value
 * as its 8 bytes of IEEE 754 double in network order (PostgreSQL's float8send), concatenated into
 * one bytea and sent as base64 text (a third fewer characters than bytea's hex output, and decoded
 * natively). A part of a network report sends a million values for its medians and six sums per
 * client for the trajectory; printed as JSON numbers (and parsed again here) they took about a
 * fifth of the report's time. Exact: the bytes are the double itself. They stay packed, in a
 * Float64Array, until they are used: a number[] per client cost more than the statement's scan.
 */

const BYTES_PER_FLOAT = 8;

/**
 * The doubles of `base64` (float8send's bytes, concatenated; PostgreSQL's encode() breaks the text
 * into lines, which decoding skips); empty for null, which string_agg gives when it had nothing.
 */
export function unpackFloats(base64: string | null): Float64Array {
  if (base64 === null) return new Float64Array(0);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % BYTES_PER_FLOAT !== 0) {
    throw new Error(`packed floats: ${bytes.length} bytes is not a whole number of doubles`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(bytes.length / BYTES_PER_FLOAT);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * BYTES_PER_FLOAT, false);
  return values;
}

/** `arrays` one after the other in one Float64Array. */
export function concatFloats(arrays: readonly Float64Array[]): Float64Array {
  let length = 0;
  for (const array of arrays) length += array.length;
  const joined = new Float64Array(length);
  let offset = 0;
  for (const array of arrays) {
    joined.set(array, offset);
    offset += array.length;
  }
  return joined;
}
