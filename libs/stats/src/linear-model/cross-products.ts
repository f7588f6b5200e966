/**
 * Mergeable bivariate sufficient statistics of one group, (x, y) pairs: the count, both means and
 * the centred sums of squares and cross-products Sxx = Σ(x - x̄)², Sxy = Σ(x - x̄)(y - ȳ),
 * Syy = Σ(y - ȳ)². They are what the ANCOVA needs from each group, and PostgreSQL computes them
 * directly: `count(*), avg(x), avg(y), regr_sxx(y, x), regr_sxy(y, x), regr_syy(y, x)`.
 */
import { mean } from 'simple-statistics';

export interface CrossProducts {
  readonly n: number;
  /** 0 when n = 0 (placeholders that make EMPTY_CROSS_PRODUCTS the identity of the merge). */
  readonly meanX: number;
  readonly meanY: number;
  readonly sxx: number;
  readonly sxy: number;
  readonly syy: number;
}

export const EMPTY_CROSS_PRODUCTS: CrossProducts = Object.freeze({
  n: 0,
  meanX: 0,
  meanY: 0,
  sxx: 0,
  sxy: 0,
  syy: 0,
});

/**
 * The cross-products of paired values, by two passes (means, then centred sums). Throws a
 * RangeError for arrays of different lengths or values that are not finite numbers.
 */
export function crossProductsOf(x: readonly number[], y: readonly number[]): CrossProducts {
  if (x.length !== y.length)
    throw new RangeError(`crossProductsOf: ${x.length} x values but ${y.length} y values`);
  if (!x.every(Number.isFinite) || !y.every(Number.isFinite)) {
    throw new RangeError('crossProductsOf: every value must be a finite number');
  }
  if (x.length === 0) return EMPTY_CROSS_PRODUCTS;
  const meanX = mean(x);
  const meanY = mean(y);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  return { n: x.length, meanX, meanY, sxx, sxy, syy };
}

/**
 * The cross-products of the union of two samples: Chan, Golub & LeVeque's merge (see
 * mergeMoments) applied to both variables and to their co-moment, Sxy = SxyA + SxyB + δx·δy·nA·nB/n.
 */
export function mergeCrossProducts(a: CrossProducts, b: CrossProducts): CrossProducts {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const dx = b.meanX - a.meanX;
  const dy = b.meanY - a.meanY;
  const weight = (a.n * b.n) / n;
  return {
    n,
    meanX: a.meanX + (dx * b.n) / n,
    meanY: a.meanY + (dy * b.n) / n,
    sxx: a.sxx + b.sxx + dx * dx * weight,
    sxy: a.sxy + b.sxy + dx * dy * weight,
    syy: a.syy + b.syy + dy * dy * weight,
  };
}
