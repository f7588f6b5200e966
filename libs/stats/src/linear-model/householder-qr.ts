/**
 * Least squares by Householder QR (Golub & Van Loan, Matrix Computations, 4th ed., §5.2 and §5.3):
 * X = QR, then Rβ = Qᵀy by back substitution. QR works on X itself rather than on XᵀX, so it does
 * not square the condition number as the normal equations do; it is what R's `lm` uses (LINPACK
 * dqrdc2, without R's pivoting of rank-deficient columns to the end).
 */

/**
 * A column is taken as linearly dependent on the columns before it when what is left of it after
 * projecting them out has a norm below this fraction of its own norm: R's `lm` tolerance (1e-7).
 */
export const RANK_TOLERANCE = 1e-7;

export interface QrLeastSquares {
  /** β minimising ||y - Xβ||. */
  readonly coefficients: number[];
  /** R⁻¹ (upper triangular, p × p), so that (XᵀX)⁻¹ = R⁻¹R⁻ᵀ. */
  readonly rInverse: number[][];
}

/**
 * Solves min ||y - Xβ|| for a design given as rows (n × p, n >= p). Returns null when X does not
 * have full column rank under {@link RANK_TOLERANCE}.
 */
export function qrLeastSquares(
  rows: readonly (readonly number[])[],
  y: readonly number[],
): QrLeastSquares | null {
  const n = rows.length;
  const p = n === 0 ? 0 : rows[0].length;
  // Work on columns: each Householder reflection updates whole columns.
  const columns = Array.from({ length: p }, (_, j) => rows.map((row) => row[j]));
  const qty = [...y];
  for (let j = 0; j < p; j++) {
    const column = columns[j];
    const originalNorm = Math.sqrt(sumOfSquares(column, 0));
    const norm = Math.sqrt(sumOfSquares(column, j));
    if (!(norm > RANK_TOLERANCE * originalNorm)) return null;
    // Reflect column[j..] onto -sign(column[j])·norm·e_j; the sign avoids cancellation in v[0].
    const alpha = column[j] > 0 ? -norm : norm;
    const v = column.slice(j);
    v[0] -= alpha;
    const vv = sumOfSquares(v, 0);
    for (let k = j; k < p; k++) reflect(columns[k], v, vv, j);
    reflect(qty, v, vv, j);
  }
  const r = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, k) => (k >= i ? columns[k][i] : 0)),
  );
  return { coefficients: backSubstitute(r, qty.slice(0, p)), rInverse: invertUpperTriangular(r) };
}

function sumOfSquares(values: readonly number[], from: number): number {
  let sum = 0;
  for (let i = from; i < values.length; i++) sum += values[i] * values[i];
  return sum;
}

/** target[offset..] -= 2 (v·target[offset..]) / (v·v) · v */
function reflect(target: number[], v: readonly number[], vv: number, offset: number): void {
  let dot = 0;
  for (let i = 0; i < v.length; i++) dot += v[i] * target[offset + i];
  const scale = (2 * dot) / vv;
  for (let i = 0; i < v.length; i++) target[offset + i] -= scale * v[i];
}

/** Solves Rx = b for upper-triangular R. */
function backSubstitute(r: readonly (readonly number[])[], b: readonly number[]): number[] {
  const p = b.length;
  const x = new Array<number>(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < p; k++) sum -= r[i][k] * x[k];
    x[i] = sum / r[i][i];
  }
  return x;
}

/** R⁻¹ of upper-triangular R, one column of the identity at a time. */
function invertUpperTriangular(r: readonly (readonly number[])[]): number[][] {
  const p = r.length;
  const inverseColumns = Array.from({ length: p }, (_, j) =>
    backSubstitute(
      r,
      Array.from({ length: p }, (_, i) => (i === j ? 1 : 0)),
    ),
  );
  return Array.from({ length: p }, (_, i) => inverseColumns.map((column) => column[i]));
}
