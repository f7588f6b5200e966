import { finiteOrNull } from './finite-or-null.js';

describe('finiteOrNull', () => {
  it('passes finite numbers through, including 0 and negative numbers', () => {
    expect(finiteOrNull(0)).toBe(0);
    expect(finiteOrNull(-2.5)).toBe(-2.5);
    expect(finiteOrNull(Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
  });

  it('turns NaN and both infinities into null', () => {
    expect(finiteOrNull(Number.NaN)).toBeNull();
    expect(finiteOrNull(Number.POSITIVE_INFINITY)).toBeNull();
    expect(finiteOrNull(Number.NEGATIVE_INFINITY)).toBeNull();
  });
});
