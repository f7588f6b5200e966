/**
 * Student's t distribution, through @stdlib/stats-base-dists-t (no hand-written special functions).
 */
import t from '@stdlib/stats-base-dists-t';
import { finiteOrNull } from '../numeric/finite-or-null.js';

/**
 * Two-sided p-value P(|T| >= |t|) for T ~ t(df), as R's `2 * pt(-abs(t), df)`.
 *
 * It is computed from the lower tail at -|t| rather than as 1 - cdf(|t|): the lower tail is
 * evaluated directly by the incomplete beta function, so a huge |t| gives a tiny positive p
 * (2 * pt(-40, 30) = 1.37e-27) where 1 - cdf would round to 0.
 *
 * Null when t is not finite or df is not a positive finite number.
 */
export function studentTTwoSidedP(tStatistic: number, df: number): number | null {
  if (!Number.isFinite(tStatistic) || !(df > 0) || !Number.isFinite(df)) return null;
  return finiteOrNull(2 * t.cdf(-Math.abs(tStatistic), df));
}

/**
 * Quantile (inverse cdf) of t(df) at probability p, as R's `qt(p, df)`. Null when p is not in
 * (0, 1) (the quantile would be infinite or undefined) or df is not a positive finite number.
 */
export function studentTQuantile(p: number, df: number): number | null {
  if (!(p > 0 && p < 1) || !(df > 0) || !Number.isFinite(df)) return null;
  return finiteOrNull(t.quantile(p, df));
}
