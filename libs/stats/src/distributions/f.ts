/** Fisher's F distribution, through @stdlib/stats-base-dists-f. */
import f from '@stdlib/stats-base-dists-f';
import { finiteOrNull } from '../numeric/finite-or-null.js';

/**
 * Upper tail P(F >= x) for F ~ F(d1, d2), as R's `pf(x, d1, d2, lower.tail = FALSE)`: the p-value of
 * an F test.
 *
 * stdlib has no upper-tail function, and 1 - cdf would round a tiny p to 0. Since 1/F ~ F(d2, d1),
 * P(F(d1, d2) >= x) = P(F(d2, d1) <= 1/x), a lower tail that stdlib evaluates directly by the
 * incomplete beta function, so tiny p-values keep their precision.
 *
 * 1 for x <= 0; null for NaN or when a df is not a positive finite number.
 */
export function fUpperTail(x: number, d1: number, d2: number): number | null {
  if (Number.isNaN(x) || !(d1 > 0 && d2 > 0) || !Number.isFinite(d1) || !Number.isFinite(d2)) return null;
  if (x <= 0) return 1;
  return finiteOrNull(f.cdf(1 / x, d2, d1));
}
