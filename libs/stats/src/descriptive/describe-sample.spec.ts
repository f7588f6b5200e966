import { SLEEP_DRUG_1, TREES_GIRTH } from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import { describeMoments, describeSample } from './describe-sample.js';
import { mergeMoments, momentsOf } from './moments.js';

// Expected values: libs/stats/test-fixtures/descriptive.R (R 4.2.2: mean, sd, t.test()$conf.int, median).
describe('describeSample', () => {
  it('matches R on sleep$extra[1:10] (even n)', () => {
    const d = describeSample(SLEEP_DRUG_1);
    expect(d.n).toBe(10);
    expectClose(d.mean, 0.75); // mean(sleep$extra[1:10])
    expectClose(d.sd, 1.7890096577591625); // sd(sleep$extra[1:10])
    expectClose(d.ciLow, -0.52978041352623217); // t.test(sleep$extra[1:10])$conf.int
    expectClose(d.ciHigh, 2.0297804135262321);
    expectClose(d.median, 0.34999999999999998); // median(sleep$extra[1:10])
  });

  it('matches R on trees$Girth (odd n)', () => {
    const d = describeSample(TREES_GIRTH);
    expect(d.n).toBe(31);
    expectClose(d.mean, 13.248387096774193);
    expectClose(d.sd, 3.1381386168387504);
    expectClose(d.ciLow, 12.097308559038185);
    expectClose(d.ciHigh, 14.399465634510204);
    expect(d.median).toBe(12.9);
  });

  it('gives nulls, never NaN, for n = 0 and n = 1', () => {
    expect(describeSample([])).toEqual({
      n: 0,
      mean: null,
      sd: null,
      ciLow: null,
      ciHigh: null,
      median: null,
    });
    expect(describeSample([4])).toEqual({ n: 1, mean: 4, sd: null, ciLow: null, ciHigh: null, median: 4 });
  });

  it('gives an SD of 0 and a point interval for constant values', () => {
    expect(describeSample([9, 9])).toEqual({ n: 2, mean: 9, sd: 0, ciLow: 9, ciHigh: 9, median: 9 });
  });
});

describe('describeMoments', () => {
  it('gives the same description from merged partial moments and a median computed elsewhere', () => {
    const merged = mergeMoments(momentsOf(TREES_GIRTH.slice(0, 12)), momentsOf(TREES_GIRTH.slice(12)));
    const fromMoments = describeMoments(merged, 12.9);
    const fromValues = describeSample(TREES_GIRTH);
    expect(fromMoments.n).toBe(fromValues.n);
    expect(fromMoments.median).toBe(fromValues.median);
    for (const key of ['mean', 'sd', 'ciLow', 'ciHigh'] as const) {
      expectClose(fromMoments[key], fromValues[key], 1e-12, key);
    }
  });

  it('passes the level through to the interval', () => {
    const d = describeMoments(momentsOf(TREES_GIRTH), 12.9, 0.99);
    const d95 = describeMoments(momentsOf(TREES_GIRTH), 12.9);
    expect((d.ciHigh ?? 0) - (d.ciLow ?? 0)).toBeGreaterThan((d95.ciHigh ?? 0) - (d95.ciLow ?? 0));
  });

  it('ignores a median given for an empty sample', () => {
    expect(describeMoments({ n: 0, mean: 0, m2: 0 }, 3).median).toBeNull();
  });
});
