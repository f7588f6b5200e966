import { DEFAULT_CONFIDENCE_LEVEL, twoSidedUpperProbability } from './confidence-level.js';

describe('twoSidedUpperProbability', () => {
  it('is 0.975 for the default 95% level and 0.95 for a 90% level', () => {
    expect(DEFAULT_CONFIDENCE_LEVEL).toBe(0.95);
    expect(twoSidedUpperProbability(0.95)).toBeCloseTo(0.975, 15);
    expect(twoSidedUpperProbability(0.9)).toBeCloseTo(0.95, 15);
  });

  it('refuses levels outside (0, 1)', () => {
    for (const level of [0, 1, -0.5, 95, Number.NaN]) {
      expect(() => twoSidedUpperProbability(level)).toThrow(RangeError);
    }
  });
});
