/**
 * Wilson score interval for a binomial proportion without continuity correction (Wilson 1927), as
 * R's `prop.test(count, n, correct = FALSE)$conf.int`, written the way R writes it:
 *   z = qnorm((1 + level)/2),  z22n = z²/(2n),  p̂ = count/n,
 *   bound = (p̂ + z22n ∓ z·√(p̂(1 - p̂)/n + z22n/(2n))) / (1 + 2·z22n),
 * with the lower bound exactly 0 when count = 0 and the upper exactly 1 when count = n.
 */
import {
  DEFAULT_CONFIDENCE_LEVEL,
  twoSidedUpperProbability,
  type ConfidenceInterval,
} from '../distributions/confidence-level.js';
import { normalQuantile } from '../distributions/normal.js';

/**
 * Interval for `count` successes out of `n`; null bounds when n = 0. Throws a RangeError unless
 * count and n are integers with 0 <= count <= n and 0 < level < 1.
 */
export function wilsonInterval(
  count: number,
  n: number,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): ConfidenceInterval {
  if (!Number.isInteger(count) || !Number.isInteger(n) || count < 0 || count > n) {
    throw new RangeError(`wilsonInterval: need integers 0 <= count <= n, got count ${count}, n ${n}`);
  }
  // R writes the probability as (1 + level)/2; it is the same number, to the last bit or so.
  const z = normalQuantile(twoSidedUpperProbability(level));
  if (n === 0 || z === null) return { ciLow: null, ciHigh: null };
  const estimate = count / n;
  const z22n = (z * z) / (2 * n);
  const spread = z * Math.sqrt((estimate * (1 - estimate)) / n + z22n / (2 * n));
  const ciLow = count === 0 ? 0 : (estimate + z22n - spread) / (1 + 2 * z22n);
  const ciHigh = count === n ? 1 : (estimate + z22n + spread) / (1 + 2 * z22n);
  return { ciLow: Math.max(ciLow, 0), ciHigh: Math.min(ciHigh, 1) };
}
