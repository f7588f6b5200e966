import { VersionedCache, type Computed } from './versioned-cache.js';

/** A computation the test finishes by hand, to hold requests in flight. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('VersionedCache', () => {
  const value = (text: string, version = 1): Promise<Computed<string>> =>
    Promise.resolve({ value: text, version });

  it('answers the same query at the same version from the cache', async () => {
    const cache = new VersionedCache<string>(10);
    expect(await cache.get(1, 'q', () => value('a'))).toEqual({ value: 'a', version: 1, cache: 'miss' });
    expect(await cache.get(1, 'q', () => value('b'))).toEqual({ value: 'a', version: 1, cache: 'hit' });
  });

  it('computes again for a new data version, and forgets the older ones', async () => {
    const cache = new VersionedCache<string>(10);
    await cache.get(1, 'q', () => value('a'));
    await cache.get(1, 'other', () => value('x'));
    expect(await cache.get(2, 'q', () => value('b', 2))).toMatchObject({ value: 'b', cache: 'miss' });
    expect(cache.size).toBe(1);
    expect(cache.has(1, 'other')).toBe(false);
  });

  it('stores under the version the computation read, when an ingest committed meanwhile', async () => {
    const cache = new VersionedCache<string>(10);
    expect(await cache.get(1, 'q', () => value('new data', 2))).toEqual({
      value: 'new data',
      version: 2,
      cache: 'miss',
    });
    expect(cache.has(2, 'q')).toBe(true);
    expect(cache.has(1, 'q')).toBe(false);
  });

  it('never stores an answer older than one it holds', async () => {
    const cache = new VersionedCache<string>(10);
    await cache.get(2, 'q', () => value('b', 2));
    await cache.get(1, 'q', () => value('a', 1));
    expect(cache.has(1, 'q')).toBe(false);
    expect(cache.has(2, 'q')).toBe(true);
  });

  it('shares one computation between identical queries in flight', async () => {
    const cache = new VersionedCache<string>(10);
    const computation = deferred<Computed<string>>();
    let computations = 0;
    const compute = () => {
      computations++;
      return computation.promise;
    };
    const answers = [cache.get(1, 'q', compute), cache.get(1, 'q', compute), cache.get(1, 'q', compute)];
    computation.resolve({ value: 'a', version: 1 });
    expect(await Promise.all(answers)).toEqual(
      [1, 2, 3].map(() => ({ value: 'a', version: 1, cache: 'miss' })),
    );
    expect(computations).toBe(1);
  });

  it('caches no failure: every waiter gets it, and the next request computes again', async () => {
    const cache = new VersionedCache<string>(10);
    const computation = deferred<Computed<string>>();
    const answers = [
      cache.get(1, 'q', () => computation.promise),
      cache.get(1, 'q', () => computation.promise),
    ];
    computation.reject(new Error('no such group'));
    for (const answer of answers) await expect(answer).rejects.toThrow('no such group');
    expect(await cache.get(1, 'q', () => value('a'))).toMatchObject({ value: 'a', cache: 'miss' });
  });

  it('keeps at most its capacity, dropping the least recently used', async () => {
    const cache = new VersionedCache<string>(2);
    await cache.get(1, 'a', () => value('A'));
    await cache.get(1, 'b', () => value('B'));
    await cache.get(1, 'a', () => value('A again')); // a is now the most recently used
    await cache.get(1, 'c', () => value('C'));
    expect([cache.has(1, 'a'), cache.has(1, 'b'), cache.has(1, 'c')]).toEqual([true, false, true]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new VersionedCache<string>(0)).toThrow(RangeError);
  });
});
