/**
 * Finds rows with the same (client_id, session, phase, measure, site, trial): report-contract.md
 * section 1 forbids them, and the report would silently average or double count them.
 *
 * The index must hold every row of a file of millions of rows, so it keeps no strings: each key is
 * reduced to a 64-bit hash, stored with the line of its first row in an open-addressing table of
 * typed arrays (12 bytes a slot, at most 70% full: about 21 bytes a row at 1.2 million rows, plus
 * the old table while it doubles). The price is that two different keys with the same hash would be
 * reported as duplicates: with n rows the chance of any such collision is about n^2 / 2^65, one in
 * 25 million at 1.2 million rows, and the error names both lines, so it can be checked by eye.
 */
import type { MeasurementRow } from './types.js';

const INITIAL_CAPACITY = 1 << 14;
const MAX_LOAD = 0.7;

export class DuplicateKeyIndex {
  private capacity = INITIAL_CAPACITY;
  /** Two 32-bit halves of each slot's hash, at 2 * slot and 2 * slot + 1. */
  private hashes = new Uint32Array(2 * INITIAL_CAPACITY);
  /** The first line seen with each slot's key; 0 marks an empty slot (data lines start at 2). */
  private lines = new Uint32Array(INITIAL_CAPACITY);
  private size = 0;

  /**
   * Remembers the row's key and returns 0, or returns the line of an earlier row with the same key
   * (and remembers nothing).
   */
  lineOfEarlierRow(row: MeasurementRow): number {
    hashKey(row);
    return this.insert(hashHigh, hashLow, row.line);
  }

  /** Bytes held by the table, to measure its cost. */
  get byteLength(): number {
    return this.hashes.byteLength + this.lines.byteLength;
  }

  private insert(high: number, low: number, line: number): number {
    const mask = this.capacity - 1;
    let slot = low & mask;
    for (;;) {
      const existing = this.lines[slot];
      if (existing === 0) break;
      if (this.hashes[2 * slot] === high && this.hashes[2 * slot + 1] === low) return existing;
      slot = (slot + 1) & mask;
    }
    this.hashes[2 * slot] = high;
    this.hashes[2 * slot + 1] = low;
    this.lines[slot] = line;
    this.size++;
    if (this.size > this.capacity * MAX_LOAD) this.grow();
    return 0;
  }

  private grow(): void {
    const oldHashes = this.hashes;
    const oldLines = this.lines;
    this.capacity *= 2;
    this.hashes = new Uint32Array(2 * this.capacity);
    this.lines = new Uint32Array(this.capacity);
    this.size = 0;
    for (let slot = 0; slot < oldLines.length; slot++) {
      if (oldLines[slot] !== 0) this.insert(oldHashes[2 * slot], oldHashes[2 * slot + 1], oldLines[slot]);
    }
  }
}

/**
 * Looked up once: inside a vm context (Jest runs tests in one) every lookup of a global such as
 * Math goes through a slow interceptor, and the hash multiplies a few dozen times per row.
 */
const { imul } = Math;

// The hash of the last key, in two 32-bit lanes; module-level so that hashing allocates nothing.
let hashHigh = 0;
let hashLow = 0;

/**
 * A 64-bit hash of the row's key in two multiplicative lanes, finalised as in cyrb53. Each text
 * part is followed by its length, so that ('ab', 'c') and ('a', 'bc') differ.
 */
function hashKey(row: MeasurementRow): void {
  hashHigh = 0xdeadbeef;
  hashLow = 0x41c6ce57;
  mixText(row.clientId);
  mixNumber(row.session);
  mixNumber(row.phase === 'pre' ? 1 : row.phase === 'post' ? 2 : 3);
  mixText(row.measure);
  if (row.site === null) mixNumber(0xffffffff);
  else mixText(row.site);
  mixNumber(row.trial ?? 0);
  let high = imul(hashHigh ^ (hashHigh >>> 16), 2246822507);
  high ^= imul(hashLow ^ (hashLow >>> 13), 3266489909);
  let low = imul(hashLow ^ (hashLow >>> 16), 2246822507);
  low ^= imul(high ^ (high >>> 13), 3266489909);
  hashHigh = high >>> 0;
  hashLow = low >>> 0;
}

/** Mixes two UTF-16 code units at a time (half the multiplications), then the length. */
function mixText(text: string): void {
  const length = text.length;
  let i = 0;
  for (; i + 1 < length; i += 2) mixNumber(text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16));
  if (i < length) mixNumber(text.charCodeAt(i));
  mixNumber(length);
}

function mixNumber(value: number): void {
  hashHigh = imul(hashHigh ^ value, 2654435761);
  hashLow = imul(hashLow ^ value, 1597334677);
}
