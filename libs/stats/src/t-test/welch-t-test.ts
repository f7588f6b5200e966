/**
 * Welch's two-sample t-test of report-contract.md section 2 (`comparisons`), from the moments of
 * the two groups: diff = mean(b) - mean(a), se = √(var(a)/nA + var(b)/nB), df by Welch-Satterthwaite
 * df = se⁴ / ((var(a)/nA)²/(nA - 1) + (var(b)/nB)²/(nB - 1)). It equals R's `t.test(b, a)`: note the
 * order, b first, so that a positive diff means b has the larger mean.
 */
import { DEFAULT_CONFIDENCE_LEVEL, twoSidedUpperProbability } from '../distributions/confidence-level.js';
import { studentTQuantile, studentTTwoSidedP } from '../distributions/student-t.js';
import { sampleVariance, type Moments } from '../descriptive/moments.js';
import { isEssentiallyConstant } from './essentially-constant.js';

export interface WelchTTestResult {
  /** mean(b) - mean(a); null when either group is empty. */
  diff: number | null;
  /** Confidence interval of diff; null unless both groups have 2 or more values and some variance. */
  ciLow: number | null;
  ciHigh: number | null;
  /** diff / se; null when the interval is, and when the data are (essentially) constant. */
  t: number | null;
  /** Welch-Satterthwaite df; null when the interval is. */
  df: number | null;
  /** Two-sided p; null whenever t is. */
  p: number | null;
}

/** Compares the mean of group b with the mean of group a (the reference). */
export function welchTTest(
  a: Moments,
  b: Moments,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): WelchTTestResult {
  const upper = twoSidedUpperProbability(level);
  const diff = a.n > 0 && b.n > 0 ? b.mean - a.mean : null;
  const noInference = { diff, ciLow: null, ciHigh: null, t: null, df: null, p: null };
  const varianceA = sampleVariance(a);
  const varianceB = sampleVariance(b);
  if (diff === null || varianceA === null || varianceB === null) return noInference;

  const squaredSeA = varianceA / a.n;
  const squaredSeB = varianceB / b.n;
  const standardError = Math.sqrt(squaredSeA + squaredSeB);
  if (standardError === 0) return noInference;
  const df = standardError ** 4 / (squaredSeA ** 2 / (a.n - 1) + squaredSeB ** 2 / (b.n - 1));
  const quantile = studentTQuantile(upper, df);
  if (quantile === null) return noInference;
  const ciLow = diff - quantile * standardError;
  const ciHigh = diff + quantile * standardError;

  if (isEssentiallyConstant(standardError, Math.max(Math.abs(a.mean), Math.abs(b.mean)))) {
    return { diff, ciLow, ciHigh, t: null, df, p: null };
  }
  const t = diff / standardError;
  return { diff, ciLow, ciHigh, t, df, p: studentTTwoSidedP(t, df) };
}
