import { isEssentiallyConstant } from './essentially-constant.js';

describe('isEssentiallyConstant', () => {
  it('treats a zero standard error as constant, except around a mean of exactly 0 (as R)', () => {
    expect(isEssentiallyConstant(0, 1.5)).toBe(true);
    expect(isEssentiallyConstant(0, 0)).toBe(false); // R's test is strict: 0 < 0 is false
  });

  it('treats a standard error at the rounding level of the mean as constant', () => {
    expect(isEssentiallyConstant(Number.EPSILON * 0.1, 0.1)).toBe(true);
    expect(isEssentiallyConstant(9 * Number.EPSILON * 1e6, 1e6)).toBe(true);
  });

  it('does not flag real variation', () => {
    expect(isEssentiallyConstant(1e-6, 1)).toBe(false);
    expect(isEssentiallyConstant(11 * Number.EPSILON, 1)).toBe(false);
  });
});
