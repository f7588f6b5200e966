import { expectClose } from '../testing/expect-close.js';
import { wilsonInterval } from './wilson-interval.js';

// Expected values: libs/stats/test-fixtures/proportion.R, prop.test(count, n, correct = FALSE)$conf.int (R 4.2.2).
const CASES: readonly [count: number, n: number, ciLow: number, ciHigh: number][] = [
  [9, 11, 0.52301943803915607, 0.94863231025391503],
  [14, 16, 0.63977172734241317, 0.9650225122567595],
  [37, 100, 0.28182360534324535, 0.46779470419057084],
  [1, 2, 0.094531205734230739, 0.90546879426576921],
  [0, 10, 0, 0.27753279986288915],
  [10, 10, 0.72246720013711085, 1],
  [1, 1, 0.2065493143772375, 1],
  [0, 1, 0, 0.79345068562276255],
];

describe('wilsonInterval', () => {
  it.each(CASES)('matches R prop.test(%i, %i, correct = FALSE)$conf.int', (count, n, ciLow, ciHigh) => {
    const interval = wilsonInterval(count, n);
    expectClose(interval.ciLow, ciLow, 1e-9, 'ciLow');
    expectClose(interval.ciHigh, ciHigh, 1e-9, 'ciHigh');
  });

  it('gives exactly 0 and 1 at the edges, as R', () => {
    expect(wilsonInterval(0, 10).ciLow).toBe(0);
    expect(wilsonInterval(10, 10).ciHigh).toBe(1);
  });

  it('matches R at another confidence level', () => {
    const interval = wilsonInterval(37, 100, 0.9); // prop.test(37, 100, correct = FALSE, conf.level = 0.9)
    expectClose(interval.ciLow, 0.2949884919533125);
    expectClose(interval.ciHigh, 0.45186061545031281);
  });

  it('is null for n = 0', () => {
    expect(wilsonInterval(0, 0)).toEqual({ ciLow: null, ciHigh: null });
  });

  it('refuses counts that are not a count out of n, and impossible levels', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(RangeError);
  });
});
