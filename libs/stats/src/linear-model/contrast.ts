/**
 * A linear contrast wᵀβ of a least-squares fit, with se = √(wᵀ·Cov(β)·w), t = estimate / se on the
 * residual df, its t-based confidence interval and two-sided p. For treatment-coded groups, the
 * difference between groups b and a is w = +1 at b's column and -1 at a's (the reference group has
 * no column).
 */
import { DEFAULT_CONFIDENCE_LEVEL, twoSidedUpperProbability } from '../distributions/confidence-level.js';
import { studentTQuantile, studentTTwoSidedP } from '../distributions/student-t.js';
import type { OlsFit } from './ols.js';

export interface ContrastResult {
  estimate: number;
  /** Null when the fit has no residual df. */
  se: number | null;
  df: number;
  /** Null when se is null or 0. */
  t: number | null;
  /** Null when se is null; the point [estimate, estimate] when se is 0. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Null whenever t is. */
  p: number | null;
}

/** Throws a RangeError when `weights` does not have one entry per coefficient. */
export function olsContrast(
  fit: OlsFit,
  weights: readonly number[],
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): ContrastResult {
  if (weights.length !== fit.coefficients.length) {
    throw new RangeError(
      `olsContrast: ${weights.length} weights for ${fit.coefficients.length} coefficients`,
    );
  }
  const estimate = weights.reduce((sum, w, j) => sum + w * fit.coefficients[j], 0);
  const df = fit.residualDf;
  if (fit.covariance === null) return { estimate, se: null, df, t: null, ciLow: null, ciHigh: null, p: null };
  const covariance = fit.covariance;
  const variance = weights.reduce(
    (sum, wi, i) => sum + wi * weights.reduce((inner, wk, k) => inner + covariance[i][k] * wk, 0),
    0,
  );
  return tInference(estimate, Math.sqrt(Math.max(variance, 0)), df, level);
}

/**
 * t-based inference for an estimate with standard error `se` on `df` degrees of freedom (df > 0),
 * shared by the contrast of a fitted model and the closed-form ANCOVA.
 */
export function tInference(
  estimate: number,
  se: number,
  df: number,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): ContrastResult {
  const quantile = studentTQuantile(twoSidedUpperProbability(level), df);
  const ciLow = quantile === null ? null : estimate - quantile * se;
  const ciHigh = quantile === null ? null : estimate + quantile * se;
  if (se === 0) return { estimate, se, df, t: null, ciLow, ciHigh, p: null };
  const t = estimate / se;
  return { estimate, se, df, t, ciLow, ciHigh, p: studentTTwoSidedP(t, df) };
}
