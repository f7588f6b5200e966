import { MTCARS_HP, MTCARS_MPG, MTCARS_WT } from '../testing/r-datasets.js';
import { expectAllClose, expectClose } from '../testing/expect-close.js';
import { fitOls } from './ols.js';

const design = MTCARS_WT.map((wt, i) => [1, wt, MTCARS_HP[i]]);

// Expected values: libs/stats/test-fixtures/linear-model.R, lm(mpg ~ wt + hp, data = mtcars) (R 4.2.2).
describe('fitOls', () => {
  it('matches R lm: coefficients, standard errors, covariance, residual df and variance', () => {
    const fit = fitOls(design, MTCARS_MPG);
    if (fit === null) throw new Error('expected a fit');
    expectAllClose(fit.coefficients, [37.227270116447201, -3.8778307424046821, -0.031772946982161002]); // coef(fit)
    expectAllClose(
      fit.standardErrors ?? [],
      [1.5987875379993941, 0.63273349437739534, 0.0090297096758557224],
    );
    expectAllClose(
      (fit.covariance ?? []).flat(),
      [
        2.5561215916621642, -0.73594514641847553, 0.0001484700526508522, -0.73594514641847553,
        0.40035167490702928, -0.0037636900190961358, 0.0001484700526508522, -0.0037636900190961358,
        8.153565683024247e-5,
      ],
    ); // vcov(fit)
    expect(fit.residualDf).toBe(29); // df.residual(fit)
    expectClose(fit.residualVariance, 6.72578464625746); // sigma(fit)^2
  });

  it('fits exactly, without covariance, when there are as many rows as columns', () => {
    const fit = fitOls(
      [
        [1, 0],
        [1, 2],
      ],
      [3, 7],
    );
    expect(fit).not.toBeNull();
    expectAllClose(fit?.coefficients ?? [], [3, 2], 1e-14);
    expect(fit?.residualDf).toBe(0);
    expect(fit?.residualVariance).toBeNull();
    expect(fit?.covariance).toBeNull();
    expect(fit?.standardErrors).toBeNull();
  });

  it('returns null when a column is a multiple of another (R: NA coefficient)', () => {
    const aliased = MTCARS_WT.map((wt) => [1, wt, 2 * wt]);
    expect(fitOls(aliased, MTCARS_MPG)).toBeNull();
  });

  it('refuses inconsistent or non-finite input', () => {
    expect(() => fitOls([[1, 2]], [1, 2])).toThrow(RangeError);
    expect(() => fitOls([[1, 2]], [1])).toThrow(RangeError); // fewer rows than columns
    expect(() => fitOls([[1], [1, 2]], [1, 2])).toThrow(RangeError);
    expect(() => fitOls([[1], [Number.NaN]], [1, 2])).toThrow(RangeError);
    expect(() => fitOls([], [])).toThrow(RangeError);
  });
});
