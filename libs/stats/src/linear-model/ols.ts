/**
 * Ordinary least squares y = Xβ + ε: coefficients, their covariance σ²(XᵀX)⁻¹ and standard
 * errors, and the residual df and variance, as R's `lm` (coef, vcov, df.residual, sigma²).
 */
import { qrLeastSquares } from './householder-qr.js';

export interface OlsFit {
  coefficients: number[];
  /** n - p. */
  residualDf: number;
  /** Residual sum of squares / (n - p): σ̂²; null when n = p (no residual df). */
  residualVariance: number | null;
  /** σ̂²(XᵀX)⁻¹, p × p; null when n = p. */
  covariance: number[][] | null;
  /** Square roots of the covariance diagonal; null when n = p. */
  standardErrors: number[] | null;
}

/**
 * Fits y on the design matrix given as rows (include a column of 1s for an intercept). Returns null
 * when the design does not have full column rank (R's `lm` would report NA coefficients). Throws a
 * RangeError for inconsistent dimensions, fewer rows than columns, or non-finite values.
 */
export function fitOls(design: readonly (readonly number[])[], y: readonly number[]): OlsFit | null {
  const n = design.length;
  const p = n === 0 ? 0 : design[0].length;
  if (n !== y.length) throw new RangeError(`fitOls: ${n} design rows but ${y.length} responses`);
  if (p === 0 || n < p)
    throw new RangeError(`fitOls: need at least as many rows as columns (>= 1), got ${n} × ${p}`);
  if (!design.every((row) => row.length === p && row.every(Number.isFinite)) || !y.every(Number.isFinite)) {
    throw new RangeError('fitOls: every row needs the same number of finite values, and y finite values');
  }

  const solution = qrLeastSquares(design, y);
  if (solution === null) return null;
  const { coefficients, rInverse } = solution;
  const residualDf = n - p;
  if (residualDf === 0) {
    return { coefficients, residualDf, residualVariance: null, covariance: null, standardErrors: null };
  }

  // The residual sum of squares from the residuals themselves, not from ||Qᵀy||² differences.
  let rss = 0;
  design.forEach((row, i) => {
    let fitted = 0;
    for (let j = 0; j < p; j++) fitted += row[j] * coefficients[j];
    rss += (y[i] - fitted) ** 2;
  });
  const residualVariance = rss / residualDf;
  // (XᵀX)⁻¹ = R⁻¹R⁻ᵀ: entry (i, k) is the dot product of rows i and k of R⁻¹.
  const covariance = rInverse.map((rowI) =>
    rInverse.map((rowK) => residualVariance * rowI.reduce((sum, value, j) => sum + value * rowK[j], 0)),
  );
  const standardErrors = covariance.map((row, i) => Math.sqrt(row[i]));
  return { coefficients, residualDf, residualVariance, covariance, standardErrors };
}
