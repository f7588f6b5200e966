/**
 * Answers cached per data version (see data-version.repository.ts): the key is the version and the
 * normalised query, so an ingest that stores rows makes every older answer unreachable, and they
 * are dropped as soon as an answer for a newer version is stored. The cache is bounded: beyond
 * `capacity` answers the least recently used goes.
 *
 * Identical requests that miss at the same time share one computation (one promise), so that a
 * dashboard opened by ten people after an ingest runs each report once. A computation can be made
 * to start only after other work (`beforeCompute`: the planner's statistics of the latest ingest,
 * see DataChanges), so that its query is planned from statistics that know the new data, and made to
 * wait for its turn (`admit`: the line of uncached work, admission/), once for all the identical
 * requests that share it.
 */

export interface Computed<T> {
  value: T;
  /** The data version the value was computed from, read in the same snapshot as its data. */
  version: number;
}

export interface CacheAnswer<T> extends Computed<T> {
  cache: 'hit' | 'miss';
}

interface Entry<T> {
  version: number;
  value: T;
}

/** Runs a computation in its turn (admission/compute-admission.ts); by default at once. */
export type Admit = <R>(work: () => Promise<R>) => Promise<R>;

export class VersionedCache<T> {
  /** Map iteration follows insertion order: re-inserting on each hit keeps the least recent first. */
  private readonly entries = new Map<string, Entry<T>>();
  private readonly running = new Map<string, Promise<Computed<T>>>();
  private newestVersion = -1;

  constructor(
    private readonly capacity: number,
    private readonly beforeCompute: () => Promise<void> = () => Promise.resolve(),
    private readonly admit: Admit = (work) => work(),
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`cache capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The answer to `query` at `version`: cached, or being computed for another caller, or computed
   * now by `compute`. The value is stored under the version `compute` reports, which differs from
   * `version` only when an ingest committed in between, and then is the newer one.
   */
  async get(version: number, query: string, compute: () => Promise<Computed<T>>): Promise<CacheAnswer<T>> {
    const key = cacheKey(version, query);
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      return { value: entry.value, version: entry.version, cache: 'hit' };
    }
    let computation = this.running.get(key);
    if (computation === undefined) {
      computation = this.beforeCompute()
        .then(() => this.admit(compute))
        .then((computed) => {
          this.store(query, computed);
          return computed;
        })
        .finally(() => this.running.delete(key));
      this.running.set(key, computation);
    }
    const computed = await computation;
    return { ...computed, cache: 'miss' };
  }

  /** Whether an answer is cached (for the scheduled job, which computes only what is missing). */
  has(version: number, query: string): boolean {
    return this.entries.has(cacheKey(version, query));
  }

  private store(query: string, computed: Computed<T>): void {
    if (computed.version < this.newestVersion) return; // computed from data already superseded
    if (computed.version > this.newestVersion) {
      this.newestVersion = computed.version;
      for (const [key, entry] of this.entries) if (entry.version < computed.version) this.entries.delete(key);
    }
    this.entries.set(cacheKey(computed.version, query), { version: computed.version, value: computed.value });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

function cacheKey(version: number, query: string): string {
  return `${version}\u0000${query}`;
}
