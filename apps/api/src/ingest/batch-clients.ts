/**
 * The clients of one batch, numbered in order of first appearance and pseudonymised once each.
 *
 * Staged readings carry only the client's number (its ordinal); the clients are staged apart, one
 * row each, when the file has been read. That keeps a 32-character key and a keyed hash out of
 * every reading, and lets the store join millions of readings to their clients on an integer.
 */
import type { MeasurementRow } from '@threshold/ingest';
import type { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';

export class BatchClients {
  /** The sender's client id -> ordinal (1-based). The reader hands over flat strings (see StringPool). */
  private readonly ordinals = new Map<string, number>();
  /** Stored keys, clinic keys and earliest sessions, at index ordinal - 1. */
  private readonly keys: string[] = [];
  private readonly clinicKeys: (string | null)[] = [];
  private readonly earliestSessions: number[] = [];
  /** Rows come grouped by client: the last client found answers most lookups without hashing. */
  private lastId: string | null = null;
  private lastOrdinal = 0;

  constructor(private readonly pseudonyms: Pseudonymizer) {}

  get size(): number {
    return this.keys.length;
  }

  /**
   * The ordinal of the row's client. A client's clinic is the one named on its earliest session
   * in the file (on the first such line if several), whatever the order of the lines.
   */
  add(row: MeasurementRow, clinicKey: string | null): number {
    let ordinal: number | undefined = row.clientId === this.lastId ? this.lastOrdinal : this.ordinals.get(row.clientId);
    if (ordinal === undefined) {
      this.keys.push(this.pseudonyms.key('client', row.clientId));
      this.clinicKeys.push(clinicKey);
      this.earliestSessions.push(row.session);
      ordinal = this.keys.length;
      this.ordinals.set(row.clientId, ordinal);
    } else if (row.session < this.earliestSessions[ordinal - 1]) {
      this.earliestSessions[ordinal - 1] = row.session;
      this.clinicKeys[ordinal - 1] = clinicKey;
    }
    this.lastId = row.clientId;
    this.lastOrdinal = ordinal;
    return ordinal;
  }

  /** One row per client, in ordinal order. */
  *rows(): Generator<{ ordinal: number; key: string; clinicKey: string | null }> {
    for (let i = 0; i < this.keys.length; i++) yield { ordinal: i + 1, key: this.keys[i], clinicKey: this.clinicKeys[i] };
  }
}
