import { expectAllClose } from '../testing/expect-close.js';
import { holmAdjust } from './holm.js';

// Expected values: libs/stats/test-fixtures/multiplicity.R, p.adjust(p, "holm") (R 4.2.2).
describe('holmAdjust', () => {
  it('matches R with ties, a missing value, capping and unsorted input', () => {
    const p = [0.01, 0.04, 0.03, 0.04, 0.2, null, 0.5, 0.001];
    expectAllClose(holmAdjust(p), [
      0.059999999999999998,
      0.16,
      0.14999999999999999,
      0.16,
      0.40000000000000002,
      null,
      0.5,
      0.0070000000000000001,
    ]);
  });

  it('matches R on the Welch p-values of the three cylinder-count pairs of mtcars', () => {
    const p = [0.00040484953417022773, 1.6413477331303981e-6, 4.5403546151771044e-5];
    expectAllClose(holmAdjust(p), [0.00040484953417022773, 4.924043199391194e-6, 9.0807092303542088e-5]);
  });

  it('caps at 1 (p.adjust(c(0.8, 0.9, 0.95, 0.7), "holm") is all 1)', () => {
    expect(holmAdjust([0.8, 0.9, 0.95, 0.7])).toEqual([1, 1, 1, 1]);
  });

  it('gives tied p-values the same adjusted value', () => {
    const adjusted = holmAdjust([0.02, 0.01, 0.02]);
    expect(adjusted[0]).toBe(adjusted[2]);
  });

  it('never lets a larger p get a smaller adjusted p', () => {
    const p = [0.011, 0.012, 0.013, 0.5, 0.0001];
    const adjusted = holmAdjust(p) as number[];
    const order = p.map((_, i) => i).sort((i, j) => p[i] - p[j]);
    for (let k = 1; k < order.length; k++) {
      expect(adjusted[order[k]]).toBeGreaterThanOrEqual(adjusted[order[k - 1]]);
    }
  });

  it('leaves a single p-value as it is, and handles empty and all-null input', () => {
    expect(holmAdjust([0.03])).toEqual([0.03]);
    expect(holmAdjust([null, 0.03])).toEqual([null, 0.03]);
    expect(holmAdjust([])).toEqual([]);
    expect(holmAdjust([null])).toEqual([null]);
  });
});
