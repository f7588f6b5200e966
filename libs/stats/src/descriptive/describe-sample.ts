/**
 * The `sessions` summary of report-contract.md section 2: n, mean, sample SD, median and the
 * confidence interval of the mean from Student's t with n - 1 df.
 */
import { DEFAULT_CONFIDENCE_LEVEL } from '../distributions/confidence-level.js';
import { meanConfidenceInterval } from './mean-confidence-interval.js';
import { medianOf } from './median.js';
import { momentsOf, sampleSd, type Moments } from './moments.js';

export interface SampleDescription {
  n: number;
  /** Null when n = 0. */
  mean: number | null;
  /** Null when n < 2. */
  sd: number | null;
  /** Null when n < 2. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Null when n = 0. */
  median: number | null;
}

/** Describes values held in memory. */
export function describeSample(
  values: readonly number[],
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): SampleDescription {
  return describeMoments(momentsOf(values), medianOf(values), level);
}

/**
 * Describes a sample from its moments and its median, computed elsewhere: the API gets n, mean and
 * m2 from SQL aggregates, and the median from `percentile_cont(0.5)`, which is R's median.
 */
export function describeMoments(
  moments: Moments,
  median: number | null,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): SampleDescription {
  const { ciLow, ciHigh } = meanConfidenceInterval(moments, level);
  return {
    n: moments.n,
    mean: moments.n > 0 ? moments.mean : null,
    sd: sampleSd(moments),
    ciLow,
    ciHigh,
    median: moments.n > 0 ? median : null,
  };
}
