import { MTCARS_MPG, SLEEP_DRUG_1, TREES_GIRTH } from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import { medianOf } from './median.js';

// Expected values: libs/stats/test-fixtures/descriptive.R (R 4.2.2, median).
describe('medianOf', () => {
  it('averages the two middle values of an even count, as R', () => {
    expectClose(medianOf(SLEEP_DRUG_1), 0.34999999999999998); // median(sleep$extra[1:10])
    expectClose(medianOf(MTCARS_MPG), 19.199999999999999); // median(mtcars$mpg)
    expectClose(medianOf([4.2, 7.9]), 6.0500000000000007); // median(c(4.2, 7.9))
  });

  it('takes the middle value of an odd count', () => {
    expect(medianOf(TREES_GIRTH)).toBe(12.9); // median(trees$Girth)
    expect(medianOf([3, 1, 2])).toBe(2);
  });

  it('is the value itself for one value and null for none', () => {
    expect(medianOf([42])).toBe(42);
    expect(medianOf([])).toBeNull();
  });

  it('takes a Float64Array as a number[] of the same values', () => {
    expect(medianOf(Float64Array.from(SLEEP_DRUG_1))).toBe(medianOf(SLEEP_DRUG_1));
    expect(medianOf(Float64Array.from(MTCARS_MPG))).toBe(medianOf(MTCARS_MPG));
    expect(medianOf(Float64Array.from(TREES_GIRTH))).toBe(12.9);
    const values = Float64Array.from([3, 1, 2, 5, 4]);
    expect(medianOf(values)).toBe(3);
    expect(Array.from(values)).toEqual([3, 1, 2, 5, 4]);
    expect(medianOf(new Float64Array(0))).toBeNull();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2, 5, 4];
    medianOf(values);
    expect(values).toEqual([3, 1, 2, 5, 4]);
  });
});
