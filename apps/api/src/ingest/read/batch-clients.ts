/**
 * The clients of one batch, numbered in order of first appearance and pseudonymised once each.
 *
 * Staged readings carry only the client's number (its ordinal); the clients are staged apart, one
 * row each, when the file has been read. That keeps a 32-character key and a keyed hash out of
 * every reading, and lets the store join millions of readings to their clients on an integer.
 */
import type { MeasurementRow } from '@threshold/ingest';
import { STORED_KEY_BYTES, type Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';

export class BatchClients {
  /** The sender's client id -> ordinal (1-based). The reader hands over flat strings (see StringPool). */
  private readonly ordinals = new Map<string, number>();
  /**
   * The clients' stored keys, 16 bytes each at (ordinal - 1) * 16: a million clients' keys in 16 MB,
   * where as strings they would take seven times that.
   */
  private keys = new Uint8Array(STORED_KEY_BYTES * 1024);
  private count = 0;
  /** Clinic keys and earliest sessions, at index ordinal - 1. */
  private readonly clinicKeys: (string | null)[] = [];
  private readonly earliestSessions: number[] = [];
  /** Rows come grouped by client: the last client found answers most lookups without hashing. */
  private lastId: string | null = null;
  private lastOrdinal = 0;

  constructor(private readonly pseudonyms: Pseudonymizer) {}

  get size(): number {
    return this.count;
  }

  /**
   * The ordinal of the row's client. A client's clinic is the one named on its earliest session
   * in the file (on the first such line if several), whatever the order of the lines.
   */
  add(row: MeasurementRow, clinicKey: string | null): number {
    let ordinal: number | undefined = row.clientId === this.lastId ? this.lastOrdinal : this.ordinals.get(row.clientId);
    if (ordinal === undefined) {
      this.appendKey(this.pseudonyms.keyBytes('client', row.clientId));
      this.clinicKeys.push(clinicKey);
      this.earliestSessions.push(row.session);
      ordinal = this.count;
      this.ordinals.set(row.clientId, ordinal);
    } else if (row.session < this.earliestSessions[ordinal - 1]) {
      this.earliestSessions[ordinal - 1] = row.session;
      this.clinicKeys[ordinal - 1] = clinicKey;
    }
    this.lastId = row.clientId;
    this.lastOrdinal = ordinal;
    return ordinal;
  }

  /** One row per client from ordinal `from` on, in ordinal order, with its stored key in hex. */
  *rows(from = 1): Generator<{ ordinal: number; key: string; clinicKey: string | null }> {
    const keys = Buffer.from(this.keys.buffer, this.keys.byteOffset, this.count * STORED_KEY_BYTES);
    for (let i = from - 1; i < this.count; i++) {
      yield { ordinal: i + 1, key: keys.toString('hex', i * STORED_KEY_BYTES, (i + 1) * STORED_KEY_BYTES), clinicKey: this.clinicKeys[i] };
    }
  }

  private appendKey(key: Uint8Array): void {
    if ((this.count + 1) * STORED_KEY_BYTES > this.keys.length) {
      const larger = new Uint8Array(this.keys.length * 2);
      larger.set(this.keys);
      this.keys = larger;
    }
    this.keys.set(key, this.count * STORED_KEY_BYTES);
    this.count++;
  }
}
