import { MTCARS_MPG } from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import { meanConfidenceInterval } from './mean-confidence-interval.js';
import { EMPTY_MOMENTS, momentsOf } from './moments.js';

// Expected values: libs/stats/test-fixtures/descriptive.R (R 4.2.2, t.test(x)$conf.int).
describe('meanConfidenceInterval', () => {
  it('matches R t.test(x)$conf.int at 95% (the default) and 90%', () => {
    const moments = momentsOf(MTCARS_MPG);
    const ci95 = meanConfidenceInterval(moments);
    expectClose(ci95.ciLow, 17.917678508746242); // t.test(mtcars$mpg)$conf.int[1]
    expectClose(ci95.ciHigh, 22.263571491253757); // t.test(mtcars$mpg)$conf.int[2]
    const ci90 = meanConfidenceInterval(moments, 0.9);
    expectClose(ci90.ciLow, 18.28417866550901); // t.test(mtcars$mpg, conf.level = 0.9)$conf.int[1]
    expectClose(ci90.ciHigh, 21.897071334490988);
  });

  it('matches R for n = 2 (1 df, a very wide interval)', () => {
    const ci = meanConfidenceInterval(momentsOf([4.2, 7.9]));
    expectClose(ci.ciLow, -17.456478761923186); // t.test(c(4.2, 7.9))$conf.int[1]
    expectClose(ci.ciHigh, 29.556478761923184);
  });

  it('is null for n = 0 and n = 1', () => {
    expect(meanConfidenceInterval(EMPTY_MOMENTS)).toEqual({ ciLow: null, ciHigh: null });
    expect(meanConfidenceInterval(momentsOf([5]))).toEqual({ ciLow: null, ciHigh: null });
  });

  it('is the single point [mean, mean] when every value is the same', () => {
    expect(meanConfidenceInterval(momentsOf([2.5, 2.5, 2.5]))).toEqual({ ciLow: 2.5, ciHigh: 2.5 });
  });

  it('refuses a confidence level outside (0, 1)', () => {
    expect(() => meanConfidenceInterval(momentsOf(MTCARS_MPG), 95)).toThrow(RangeError);
  });
});
