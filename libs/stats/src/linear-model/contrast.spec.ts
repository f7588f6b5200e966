import { MTCARS_HP, MTCARS_MPG, MTCARS_WT } from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import { olsContrast, tInference } from './contrast.js';
import { fitOls, type OlsFit } from './ols.js';

function fitMtcars(): OlsFit {
  const fit = fitOls(
    MTCARS_WT.map((wt, i) => [1, wt, MTCARS_HP[i]]),
    MTCARS_MPG,
  );
  if (fit === null) throw new Error('expected a fit');
  return fit;
}

// Expected values: libs/stats/test-fixtures/linear-model.R (R 4.2.2): w = c(0, 1, -0.01) on
// lm(mpg ~ wt + hp, mtcars); sum(w * coef), sqrt(t(w) %*% vcov %*% w), qt(0.975, 29), 2 * pt(-|t|, 29).
describe('olsContrast', () => {
  it('matches R for a linear combination of coefficients', () => {
    const contrast = olsContrast(fitMtcars(), [0, 1, -0.01]);
    expectClose(contrast.estimate, -3.8775130129348603);
    expectClose(contrast.se, 0.63279298104591597);
    expect(contrast.df).toBe(29);
    expectClose(contrast.t, -6.1276169759751253);
    expectClose(contrast.ciLow, -5.1717199751034855);
    expectClose(contrast.ciHigh, -2.5833060507662351);
    expectClose(contrast.p, 1.1229526766528262e-6);
  });

  it('gives a single coefficient’s own standard error', () => {
    const fit = fitMtcars();
    expectClose(olsContrast(fit, [0, 1, 0]).se, fit.standardErrors?.[1] ?? null, 1e-14);
  });

  it('gives null inference without residual df', () => {
    const exact = fitOls(
      [
        [1, 0],
        [1, 2],
      ],
      [3, 7],
    );
    if (exact === null) throw new Error('expected a fit');
    const contrast = olsContrast(exact, [0, 1]);
    expectClose(contrast.estimate, 2, 1e-14);
    expect(contrast).toMatchObject({ se: null, df: 0, t: null, ciLow: null, ciHigh: null, p: null });
  });

  it('refuses a weight vector of the wrong length', () => {
    expect(() => olsContrast(fitMtcars(), [0, 1])).toThrow(RangeError);
  });
});

describe('tInference', () => {
  it('gives a point interval and null t and p for a standard error of 0', () => {
    expect(tInference(1.5, 0, 10)).toEqual({
      estimate: 1.5,
      se: 0,
      df: 10,
      t: null,
      ciLow: 1.5,
      ciHigh: 1.5,
      p: null,
    });
  });
});
