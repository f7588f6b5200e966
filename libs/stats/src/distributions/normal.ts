/** The standard normal distribution, through @stdlib/stats-base-dists-normal. */
import normal from '@stdlib/stats-base-dists-normal';
import { finiteOrNull } from '../numeric/finite-or-null.js';

/** Quantile of N(0, 1) at probability p, as R's `qnorm(p)`; null unless 0 < p < 1. */
export function normalQuantile(p: number): number | null {
  if (!(p > 0 && p < 1)) return null;
  return finiteOrNull(normal.quantile(p, 0, 1));
}
