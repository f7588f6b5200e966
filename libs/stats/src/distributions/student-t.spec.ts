import { expectClose } from '../testing/expect-close.js';
import { studentTQuantile, studentTTwoSidedP } from './student-t.js';

// Expected values: libs/stats/test-fixtures/distributions.R (R 4.2.2), call given beside each.
describe('studentTTwoSidedP', () => {
  it('matches R for ordinary statistics, whatever the sign of t', () => {
    expectClose(studentTTwoSidedP(2.5, 9), 0.033861827682985707); // 2 * pt(-abs(2.5), 9)
    expectClose(studentTTwoSidedP(-2.5, 9), 0.033861827682985707);
    expectClose(studentTTwoSidedP(-0.3, 4.5), 0.77753354703943134); // 2 * pt(-abs(-0.3), 4.5)
  });

  it('keeps a tiny positive p for a huge |t| instead of rounding to 0', () => {
    expectClose(studentTTwoSidedP(40, 30), 1.3726045194406362e-27); // 2 * pt(-40, 30)
    expectClose(studentTTwoSidedP(1e4, 3), 2.2053155022958127e-12); // 2 * pt(-1e4, 3)
    expectClose(studentTTwoSidedP(-200, 100), 5.548393562549476e-132); // 2 * pt(-200, 100)
  });

  it('is exactly 1 at t = 0', () => {
    expect(studentTTwoSidedP(0, 5)).toBe(1);
  });

  it('is null for a non-finite t or an impossible df', () => {
    expect(studentTTwoSidedP(Number.POSITIVE_INFINITY, 5)).toBeNull();
    expect(studentTTwoSidedP(Number.NaN, 5)).toBeNull();
    expect(studentTTwoSidedP(1, 0)).toBeNull();
    expect(studentTTwoSidedP(1, -1)).toBeNull();
    expect(studentTTwoSidedP(1, Number.NaN)).toBeNull();
  });
});

describe('studentTQuantile', () => {
  it('matches R qt, including a fractional (Welch) df', () => {
    expectClose(studentTQuantile(0.975, 9), 2.2621571627982049); // qt(0.975, 9)
    expectClose(studentTQuantile(0.025, 9), -2.2621571627982049); // qt(0.025, 9)
    expectClose(studentTQuantile(0.975, 23.1568375219), 2.0678826204152654); // qt(0.975, 23.1568375219)
    expectClose(studentTQuantile(0.995, 2), 9.9248432009182892); // qt(0.995, 2)
  });

  it('is null at p = 0 or 1 (infinite), outside [0, 1], or for an impossible df', () => {
    expect(studentTQuantile(0, 9)).toBeNull();
    expect(studentTQuantile(1, 9)).toBeNull();
    expect(studentTQuantile(1.5, 9)).toBeNull();
    expect(studentTQuantile(0.975, 0)).toBeNull();
  });
});
