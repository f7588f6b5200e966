import { MTCARS_MPG } from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import { EMPTY_MOMENTS, mergeMoments, momentsOf, sampleSd, sampleVariance, type Moments } from './moments.js';

// Expected values: libs/stats/test-fixtures/descriptive.R (R 4.2.2, mean / var / sd).
describe('momentsOf, sampleVariance, sampleSd', () => {
  it('match R mean, var and sd of mtcars$mpg', () => {
    const moments = momentsOf(MTCARS_MPG);
    expect(moments.n).toBe(32);
    expectClose(moments.mean, 20.090624999999999); // mean(mtcars$mpg)
    expectClose(sampleVariance(moments), 36.324102822580642); // var(mtcars$mpg)
    expectClose(sampleSd(moments), 6.0269480520891037); // sd(mtcars$mpg)
  });

  it('match R for n = 2', () => {
    const moments = momentsOf([4.2, 7.9]);
    expectClose(moments.mean, 6.0500000000000007); // mean(c(4.2, 7.9))
    expectClose(sampleSd(moments), 2.616295090390226); // sd(c(4.2, 7.9))
  });

  it('have no variance for n = 0 or 1', () => {
    expect(momentsOf([])).toEqual(EMPTY_MOMENTS);
    expect(sampleVariance(EMPTY_MOMENTS)).toBeNull();
    const one = momentsOf([3.5]);
    expect(one).toEqual({ n: 1, mean: 3.5, m2: 0 });
    expect(sampleVariance(one)).toBeNull();
    expect(sampleSd(one)).toBeNull();
  });

  it('give an SD of exactly 0 for constant values', () => {
    const moments = momentsOf([7.25, 7.25, 7.25]);
    expect(moments.m2).toBe(0);
    expect(sampleSd(moments)).toBe(0);
  });

  it('do not cancel catastrophically when the mean is large relative to the SD', () => {
    // The classic example (Wikipedia, "Algorithms for calculating variance"): 1e9 + (4, 7, 13, 16) has variance 30.
    const values = [4, 7, 13, 16].map((x) => 1e9 + x);
    expectClose(sampleVariance(momentsOf(values)), 30, 1e-9);
    const streamed = values.reduce((acc, x) => mergeMoments(acc, momentsOf([x])), EMPTY_MOMENTS);
    expectClose(sampleVariance(streamed), 30, 1e-9);
  });

  it('refuse values that are not finite numbers', () => {
    expect(() => momentsOf([1, Number.NaN])).toThrow(RangeError);
    expect(() => momentsOf([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });

  it('move with a shift of origin and scale with a change of units', () => {
    const base = momentsOf(MTCARS_MPG);
    const shifted = momentsOf(MTCARS_MPG.map((x) => x + 1000));
    expectClose(shifted.mean, base.mean + 1000, 1e-12);
    expectClose(sampleSd(shifted), sampleSd(base), 1e-9);
    const scaled = momentsOf(MTCARS_MPG.map((x) => x * 98.0665));
    expectClose(scaled.mean, base.mean * 98.0665, 1e-12);
    expectClose(sampleSd(scaled), (sampleSd(base) ?? Number.NaN) * 98.0665, 1e-12);
  });
});

describe('mergeMoments', () => {
  const whole = momentsOf(MTCARS_MPG);
  const expectSameMoments = (actual: Moments, expected: Moments): void => {
    expect(actual.n).toBe(expected.n);
    expectClose(actual.mean, expected.mean, 1e-13, 'mean');
    expectClose(actual.m2, expected.m2, 1e-12, 'm2');
  };

  it('combines chunks of any sizes into the moments of the whole sample', () => {
    for (const cuts of [[1], [5, 6], [16], [3, 10, 31]]) {
      const bounds = [0, ...cuts, MTCARS_MPG.length];
      const chunks = bounds.slice(1).map((end, i) => momentsOf(MTCARS_MPG.slice(bounds[i], end)));
      expectSameMoments(chunks.reduce(mergeMoments, EMPTY_MOMENTS), whole);
    }
  });

  it('is Welford’s running update when merging one value at a time', () => {
    const streamed = MTCARS_MPG.reduce((acc, x) => mergeMoments(acc, momentsOf([x])), EMPTY_MOMENTS);
    expectSameMoments(streamed, whole);
  });

  it('is commutative and has EMPTY_MOMENTS as its identity', () => {
    const a = momentsOf(MTCARS_MPG.slice(0, 9));
    const b = momentsOf(MTCARS_MPG.slice(9));
    expectSameMoments(mergeMoments(a, b), mergeMoments(b, a));
    expect(mergeMoments(a, EMPTY_MOMENTS)).toBe(a);
    expect(mergeMoments(EMPTY_MOMENTS, b)).toBe(b);
  });

  it('combines moments as SQL would report them (n, avg, var_samp * (n - 1))', () => {
    const fromSql = (values: readonly number[]): Moments => ({
      n: values.length,
      mean: values.reduce((s, x) => s + x, 0) / values.length,
      m2: (sampleVariance(momentsOf(values)) ?? 0) * (values.length - 1),
    });
    expectSameMoments(mergeMoments(fromSql(MTCARS_MPG.slice(0, 20)), fromSql(MTCARS_MPG.slice(20))), whole);
  });
});
