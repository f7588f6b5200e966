import { expectClose } from '../testing/expect-close.js';
import { fUpperTail } from './f.js';
import { studentTTwoSidedP } from './student-t.js';

// Expected values: libs/stats/test-fixtures/distributions.R (R 4.2.2).
describe('fUpperTail', () => {
  it('matches R pf(lower.tail = FALSE)', () => {
    expectClose(fUpperTail(3.2, 2, 27), 0.056602226408500836); // pf(3.2, 2, 27, lower.tail = FALSE)
    expectClose(fUpperTail(0.5, 4, 10), 0.73677554869684481); // pf(0.5, 4, 10, lower.tail = FALSE)
  });

  it('keeps tiny upper tails that 1 - cdf would round to 0', () => {
    expectClose(fUpperTail(400, 3, 60), 1.3169252561881279e-39, 1e-12); // pf(400, 3, 60, lower.tail = FALSE)
    expectClose(fUpperTail(5000, 1, 100), 3.3617120379729122e-87, 1e-12); // pf(5000, 1, 100, lower.tail = FALSE)
  });

  it('agrees with the two-sided t p-value when d1 = 1 (F = t^2)', () => {
    expectClose(fUpperTail(2.5 ** 2, 1, 9), studentTTwoSidedP(2.5, 9), 1e-12);
  });

  it('is 1 at or below 0, 0 at infinity, and null for impossible arguments', () => {
    expect(fUpperTail(0, 2, 3)).toBe(1);
    expect(fUpperTail(-1, 2, 3)).toBe(1);
    expect(fUpperTail(Number.POSITIVE_INFINITY, 2, 3)).toBe(0);
    expect(fUpperTail(Number.NaN, 2, 3)).toBeNull();
    expect(fUpperTail(1, 0, 3)).toBeNull();
    expect(fUpperTail(1, 2, Number.POSITIVE_INFINITY)).toBeNull();
  });
});
