import {
  accumulateClient,
  mergeClientCrossProducts,
  rebaseClientCrossProducts,
  trajectoryDataFromRows,
} from './cross-products.js';

describe('per-client cross-products', () => {
  it('sums n, Σt, Σt², Σy, Σty and Σy² with y = value - origin (the first value by default)', () => {
    expect(accumulateClient(1, [0, 1, 3], [10, 12, 15], 0)).toEqual({
      group: 1,
      n: 3,
      st: 4,
      stt: 10,
      sy: 37,
      sty: 57,
      syy: 469,
      origin: 0,
    });
    // y = 0, 2, 5.
    expect(accumulateClient(1, [0, 1, 3], [10, 12, 15])).toEqual({
      group: 1,
      n: 3,
      st: 4,
      stt: 10,
      sy: 7,
      sty: 17,
      syy: 29,
      origin: 10,
    });
  });

  it('keeps the spread of values near 2000 that differ by 1e-4 (raw Σy² would round it away)', () => {
    const values = [1999.9999, 2000, 2000.0001];
    const sums = accumulateClient(0, [0, 1, 2], values);
    const sumOfSquaresAboutMean = sums.syy - (sums.sy * sums.sy) / sums.n;
    expect(Math.abs(sumOfSquaresAboutMean / 2e-8 - 1)).toBeLessThan(1e-9);
    const raw = accumulateClient(0, [0, 1, 2], values, 0);
    expect(Math.abs((raw.syy - (raw.sy * raw.sy) / raw.n) / 2e-8 - 1)).toBeGreaterThan(1e-3);
  });

  it('rebases sums onto another origin', () => {
    expect(rebaseClientCrossProducts(accumulateClient(1, [0, 1, 3], [10, 12, 15]), 0)).toEqual(
      accumulateClient(1, [0, 1, 3], [10, 12, 15], 0),
    );
  });

  it('merges partial sums of one client into the sums of all its measurements', () => {
    const whole = accumulateClient(0, [0, 1, 2, 5], [200, 210, 205, 230]);
    const merged = mergeClientCrossProducts(
      accumulateClient(0, [0, 5], [200, 230]),
      accumulateClient(0, [1, 2], [210, 205]),
    );
    expect(merged).toEqual(whole);
    expect(mergeClientCrossProducts(accumulateClient(0, [], []), whole)).toEqual(whole);
  });

  it('refuses mismatched arrays and a client in two groups', () => {
    expect(() => accumulateClient(0, [0, 1], [1])).toThrow(RangeError);
    expect(() =>
      mergeClientCrossProducts(accumulateClient(0, [0], [1]), accumulateClient(1, [1], [2])),
    ).toThrow(RangeError);
  });

  it('accumulates rows per client with time = session - 1 and counts distinct sessions', () => {
    const data = trajectoryDataFromRows(
      [
        { clientId: 'b', group: 'y', session: 1, value: 5 },
        { clientId: 'a', group: 'x', session: 3, value: 7 },
        { clientId: 'b', group: 'y', session: 12, value: 9 },
      ],
      ['x', 'y'],
    );
    expect(data.clientIds).toEqual(['b', 'a']);
    expect(data.clients).toEqual([accumulateClient(1, [0, 11], [5, 9]), accumulateClient(0, [2], [7])]);
    expect(data.distinctTimes).toBe(3);
    expect(() =>
      trajectoryDataFromRows([{ clientId: 'a', group: 'z', session: 1, value: 1 }], ['x']),
    ).toThrow(RangeError);
  });
});
