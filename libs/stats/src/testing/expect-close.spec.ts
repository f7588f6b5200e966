import { expectAllClose, expectClose } from './expect-close.js';

describe('expectClose', () => {
  it('accepts values within the relative tolerance', () => {
    expect(() => expectClose(1 + 5e-10, 1, 1e-9)).not.toThrow();
    expect(() => expectClose(-2e-30 * (1 + 5e-10), -2e-30, 1e-9)).not.toThrow();
  });

  it('rejects values outside it, naming the value and the relative error', () => {
    expect(() => expectClose(1 + 2e-9, 1, 1e-9, 'mean')).toThrow(
      /mean: expected 1 .*\(relative error 2\.00e-9\)/,
    );
  });

  it('uses an absolute tolerance when the expected value is 0', () => {
    expect(() => expectClose(1e-10, 0, 1e-9)).not.toThrow();
    expect(() => expectClose(1e-8, 0, 1e-9)).toThrow();
  });

  it('requires null for an expected null, and a finite number otherwise', () => {
    expect(() => expectClose(null, null)).not.toThrow();
    expect(() => expectClose(0, null)).toThrow(/expected null/);
    expect(() => expectClose(null, 0)).toThrow();
    expect(() => expectClose(undefined, 1)).toThrow();
    expect(() => expectClose(Number.NaN, 1)).toThrow();
  });

  it('compares vectors element by element', () => {
    expect(() => expectAllClose([1, null, 3], [1, null, 3])).not.toThrow();
    expect(() => expectAllClose([1, 2], [1, 2.1], 1e-9, 'p')).toThrow(/p\[1\]/);
    expect(() => expectAllClose([1], [1, 2])).toThrow(/length/);
  });
});
