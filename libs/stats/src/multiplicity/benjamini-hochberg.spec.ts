import { expectAllClose } from '../testing/expect-close.js';
import { benjaminiHochbergAdjust } from './benjamini-hochberg.js';

// Expected values: libs/stats/test-fixtures/multiplicity.R, p.adjust(p, "BH") (R 4.2.2).
describe('benjaminiHochbergAdjust', () => {
  it('matches R with ties, a missing value and unsorted input', () => {
    const p = [0.01, 0.04, 0.03, 0.04, 0.2, null, 0.5, 0.001];
    expectAllClose(benjaminiHochbergAdjust(p), [
      0.035000000000000003,
      0.055999999999999994,
      0.055999999999999994,
      0.055999999999999994,
      0.23333333333333336,
      null,
      0.5,
      0.0070000000000000001,
    ]);
  });

  it('matches R on the Welch p-values of the three cylinder-count pairs of mtcars', () => {
    const p = [0.00040484953417022773, 1.6413477331303981e-6, 4.5403546151771044e-5];
    expectAllClose(
      benjaminiHochbergAdjust(p),
      [0.00040484953417022773, 4.924043199391194e-6, 6.8105319227656569e-5],
    );
  });

  it('carries the running minimum down from the largest p', () => {
    // p.adjust(c(0.8, 0.9, 0.95, 0.7), "BH") is 0.95 four times.
    expectAllClose(benjaminiHochbergAdjust([0.8, 0.9, 0.95, 0.7]), [0.95, 0.95, 0.95, 0.95]);
  });

  it('never exceeds 1 and is never below the raw p-value', () => {
    const p = [0.6, 0.99, 1, 0.3];
    const adjusted = benjaminiHochbergAdjust(p) as number[];
    adjusted.forEach((q, i) => {
      expect(q).toBeLessThanOrEqual(1);
      expect(q).toBeGreaterThanOrEqual(p[i]);
    });
  });

  it('leaves a single p-value as it is, and handles empty and all-null input', () => {
    expect(benjaminiHochbergAdjust([0.03])).toEqual([0.03]);
    expect(benjaminiHochbergAdjust([])).toEqual([]);
    expect(benjaminiHochbergAdjust([null, null])).toEqual([null, null]);
  });
});
