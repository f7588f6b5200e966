/**
 * Mergeable first and second moments of a sample: the sufficient statistics of every mean, SD,
 * confidence interval and t-test in the report.
 *
 * `m2` is the sum of squared deviations from the mean, Σ(x - mean)², not the raw sum of squares: the
 * raw form Σx² - n·mean² cancels catastrophically when the mean is large relative to the SD
 * (pressure-pain thresholds of ~300 kPa that differ by a few kPa). This is the representation of
 * Welford (1962) and Youngs & Cramer (1971); Chan, Golub & LeVeque (1979) give the exact merge of
 * two such summaries, so partial results from chunks of rows, or from SQL, combine into the moments
 * of the whole sample. In PostgreSQL, a group's moments are
 * `count(x), avg(x), coalesce(var_samp(x) * (count(x) - 1), 0)` (or `regr_sxx(x, x)`).
 */
import { mean, sumNthPowerDeviations } from 'simple-statistics';

export interface Moments {
  /** Number of values. */
  readonly n: number;
  /** Their mean; 0 when n = 0 (a placeholder that keeps EMPTY_MOMENTS the identity of the merge). */
  readonly mean: number;
  /** Σ(x - mean)²; 0 when n <= 1. */
  readonly m2: number;
}

/** The moments of no values: mergeMoments(EMPTY_MOMENTS, m) is m. */
export const EMPTY_MOMENTS: Moments = Object.freeze({ n: 0, mean: 0, m2: 0 });

/**
 * The moments of `values`, by two passes (mean, then squared deviations from it): the most
 * accurate method for values in memory, and what R's `mean` and `var` do. Throws a RangeError for
 * a value that is not a finite number (a caller's mistake that would otherwise surface as NaN).
 */
export function momentsOf(values: readonly number[]): Moments {
  if (!values.every(Number.isFinite)) throw new RangeError('momentsOf: every value must be a finite number');
  if (values.length === 0) return EMPTY_MOMENTS;
  return { n: values.length, mean: mean(values), m2: sumNthPowerDeviations(values, 2) };
}

/**
 * The moments of the union of two samples (Chan, Golub & LeVeque 1979):
 *   n = nA + nB,  mean = meanA + δ·nB/n,  m2 = m2A + m2B + δ²·nA·nB/n,  with δ = meanB - meanA.
 * Merging a single value (n = 1, m2 = 0) into a running summary is exactly Welford's update.
 */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return {
    n,
    mean: a.mean + (delta * b.n) / n,
    m2: a.m2 + b.m2 + ((delta * delta * a.n) / n) * b.n,
  };
}

/** Sample variance m2 / (n - 1), as R's `var`; null for fewer than 2 values. */
export function sampleVariance(moments: Moments): number | null {
  return moments.n >= 2 ? moments.m2 / (moments.n - 1) : null;
}

/** Sample standard deviation sqrt(m2 / (n - 1)), as R's `sd`; null for fewer than 2 values. */
export function sampleSd(moments: Moments): number | null {
  const variance = sampleVariance(moments);
  return variance === null ? null : Math.sqrt(variance);
}
