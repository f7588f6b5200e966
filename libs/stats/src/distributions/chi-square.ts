/**
 * The chi-square distribution, through @stdlib/stats-base-dists-chisquare (and, for one degree of
 * freedom, the standard normal of @stdlib/stats-base-dists-normal).
 */
import chisquare from '@stdlib/stats-base-dists-chisquare';
import normal from '@stdlib/stats-base-dists-normal';
import { finiteOrNull } from '../numeric/finite-or-null.js';

/**
 * Upper tail P(X >= x) for X ~ chi-square(df), as R's `pchisq(x, df, lower.tail = FALSE)`: the
 * p-value of a log-rank test.
 *
 * stdlib has no upper-tail function. With one degree of freedom (two groups compared, the usual
 * case) X = Z² for a standard normal Z, so P(X >= x) = 2 Φ(-√x), a lower tail that stdlib evaluates
 * directly and that keeps tiny p-values to full relative precision. With more degrees of freedom it
 * is 1 - cdf, exact to about 1e-16 in absolute terms (a p of 1e-10 keeps 6 significant digits).
 *
 * 1 for x <= 0; null for NaN or when df is not a positive finite number.
 */
export function chiSquareUpperTail(x: number, df: number): number | null {
  if (Number.isNaN(x) || !(df > 0) || !Number.isFinite(df)) return null;
  if (x <= 0) return 1;
  if (df === 1) return finiteOrNull(2 * normal.cdf(-Math.sqrt(x), 0, 1));
  return finiteOrNull(Math.max(0, 1 - chisquare.cdf(x, df)));
}
