import {
  DEFAULT_CONFIDENCE_LEVEL,
  twoSidedUpperProbability,
  type ConfidenceInterval,
} from '../distributions/confidence-level.js';
import { studentTQuantile } from '../distributions/student-t.js';
import { sampleSd, type Moments } from './moments.js';

/**
 * Confidence interval of a mean from Student's t with n - 1 df: mean ± t(1 - α/2, n - 1)·sd/√n, as
 * R's `t.test(x, conf.level = level)$conf.int`. Null bounds for fewer than 2 values (no SD). With
 * an SD of 0 the interval is the single point [mean, mean].
 */
export function meanConfidenceInterval(
  moments: Moments,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): ConfidenceInterval {
  const upper = twoSidedUpperProbability(level);
  const sd = sampleSd(moments);
  const quantile = studentTQuantile(upper, moments.n - 1);
  if (sd === null || quantile === null) return { ciLow: null, ciHigh: null };
  const halfWidth = (quantile * sd) / Math.sqrt(moments.n);
  return { ciLow: moments.mean - halfWidth, ciHigh: moments.mean + halfWidth };
}
