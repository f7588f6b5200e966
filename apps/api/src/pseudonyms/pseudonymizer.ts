/**
 * Keyed hashes of the keys a clinic sends (design.md principle 4): HMAC-SHA-256 under a
 * deployment secret (THRESHOLD_PSEUDONYM_KEY), so that the database alone cannot be linked back to
 * a clinic's records, while the same client_id always maps to the same stored key. The kind of key
 * is part of the message, so a client and a therapist with the same id get unrelated keys.
 *
 * Stored keys are the first 128 bits in hex: collisions are negligible (2^-64 at 2^32 keys) and
 * the keys stay short enough to read in a chart.
 */
import { createHmac } from 'node:crypto';

export type KeyKind = 'client' | 'therapist' | 'clinic';

export const STORED_KEY_PATTERN = /^[0-9a-f]{32}$/;

/** Bytes of a stored key (128 bits, written as 32 hex digits). */
export const STORED_KEY_BYTES = 16;

export class Pseudonymizer {
  /**
   * Stored keys by the sender's id, one map per kind: looked up for every reading's clinic and
   * therapist, so the lookup takes the id as the reader hands it over (a pooled string whose hash
   * V8 keeps) rather than a new `kind\0id` string to hash for every row.
   */
  private readonly cache: Record<KeyKind, Map<string, string>> = { client: new Map(), therapist: new Map(), clinic: new Map() };

  constructor(
    private readonly secret: string,
    /** Distinct ids remembered per kind; a batch of 100,000 clients hashes each once. */
    private readonly cacheLimit = 200_000,
  ) {
    if (secret.length < 16) throw new Error('the pseudonym key must have at least 16 characters');
  }

  key(kind: KeyKind, id: string): string {
    const cache = this.cache[kind];
    let key = cache.get(id);
    if (key === undefined) {
      // Hex of the first 16 bytes: a flat string of its own (a slice of the whole digest's hex
      // would keep all 64 characters alive in every remembered key).
      key = this.hmac(kind, id).toString('hex', 0, STORED_KEY_BYTES);
      if (cache.size >= this.cacheLimit) cache.clear();
      cache.set(id, key);
    }
    return key;
  }

  /**
   * The stored key as its 16 bytes (its hex is `key`), computed every time, not remembered: for a
   * caller that keeps many keys itself, compactly (BatchClients, one per client of a batch).
   */
  keyBytes(kind: KeyKind, id: string): Uint8Array {
    return this.hmac(kind, id).subarray(0, STORED_KEY_BYTES);
  }

  /** The kind is part of the message, so a client and a therapist with the same id get unrelated keys. */
  private hmac(kind: KeyKind, id: string): Buffer {
    return createHmac('sha256', this.secret).update(`${kind}\u0000${id}`, 'utf8').digest();
  }

  /**
   * This pseudonymizer for rows whose clinic and therapist ids are stored keys already (the session
   * form's, taken from the signed-in user's account, which holds keys only): those are kept as they
   * are, after checking that they are keys; client ids are hashed as ever.
   */
  keepingPlaceKeys(): Pseudonymizer {
    const hashing = this;
    const view = Object.create(this) as Pseudonymizer;
    view.key = (kind: KeyKind, id: string): string => {
      if (kind === 'client') return hashing.key(kind, id);
      if (!STORED_KEY_PATTERN.test(id)) throw new Error(`a ${kind} key must be a stored key (32 hex digits)`);
      return id;
    };
    return view;
  }

  /**
   * A filter value as a stored key: a stored key (32 hex digits, as reports show them) is kept,
   * anything else is taken as the clinic's own id and hashed.
   */
  keyForFilter(kind: KeyKind, value: string): string {
    return STORED_KEY_PATTERN.test(value) ? value : this.key(kind, value);
  }
}
