/**
 * Dense linear algebra for the small matrices of the mixed model: the fixed-effects cross-product
 * X'V⁻¹X (p × p with p = 2 × number of groups) and the Hessians of at most 4 variance parameters.
 * Sizes are tiny, so plain arrays of rows and textbook algorithms are clear and fast enough.
 */

/** A dense matrix as an array of rows. */
export type Matrix = number[][];

export function zeroMatrix(rows: number, columns: number = rows): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
}

/**
 * Lower-triangular Cholesky factor L of a symmetric positive-definite matrix (A = L L'), or null
 * when A is not numerically positive definite (a pivot that is not positive).
 */
export function choleskyFactor(a: Matrix): Matrix | null {
  const n = a.length;
  const l = zeroMatrix(n);
  for (let j = 0; j < n; j++) {
    let pivot = a[j][j];
    for (let k = 0; k < j; k++) pivot -= l[j][k] * l[j][k];
    if (!(pivot > 0)) return null;
    const diagonal = Math.sqrt(pivot);
    l[j][j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = sum / diagonal;
    }
  }
  return l;
}

/** log det A from its Cholesky factor: det A = (prod L_jj)². */
export function choleskyLogDeterminant(l: Matrix): number {
  let sum = 0;
  for (let j = 0; j < l.length; j++) sum += Math.log(l[j][j]);
  return 2 * sum;
}

/** Solves A x = b given the Cholesky factor L of A (forward then back substitution). */
export function choleskySolve(l: Matrix, b: readonly number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * y[k];
    y[i] = sum / l[i][i];
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k][i] * x[k];
    x[i] = sum / l[i][i];
  }
  return x;
}

/** A⁻¹ given the Cholesky factor L of A, column by column. */
export function choleskyInverse(l: Matrix): Matrix {
  const n = l.length;
  const inverse = zeroMatrix(n);
  for (let j = 0; j < n; j++) {
    const unit = new Array<number>(n).fill(0);
    unit[j] = 1;
    const column = choleskySolve(l, unit);
    for (let i = 0; i < n; i++) inverse[i][j] = column[i];
  }
  return inverse;
}

/** A B for conformable matrices. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  const result = zeroMatrix(a.length, b[0].length);
  for (let i = 0; i < a.length; i++) {
    for (let k = 0; k < b.length; k++) {
      const aik = a[i][k];
      if (aik === 0) continue;
      for (let j = 0; j < b[0].length; j++) result[i][j] += aik * b[k][j];
    }
  }
  return result;
}

/** x' A x. */
export function quadraticForm(x: readonly number[], a: Matrix): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < x.length; j++) sum += x[i] * a[i][j] * x[j];
  }
  return sum;
}

/** (A + A') / 2: removes the asymmetry that finite differences leave in a Hessian. */
export function symmetrize(a: Matrix): Matrix {
  return a.map((row, i) => row.map((value, j) => (value + a[j][i]) / 2));
}

export interface SymmetricEigen {
  /** Eigenvalues in decreasing order (as R's `eigen(symmetric = TRUE)`). */
  values: number[];
  /** vectors[k] is the unit eigenvector of values[k]. */
  vectors: number[][];
}

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: each rotation zeroes
 * one off-diagonal element; sweeps repeat until the off-diagonal mass is negligible relative to the
 * matrix. Unconditionally stable and accurate to rounding for the 1 × 1 to 4 × 4 Hessians here.
 */
export function symmetricEigen(matrix: Matrix): SymmetricEigen {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v = zeroMatrix(n);
  for (let i = 0; i < n; i++) v[i][i] = 1;
  const scale = Math.max(1e-300, ...a.map((row) => Math.max(...row.map(Math.abs))));

  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) offDiagonal += a[p][q] * a[p][q];
    if (Math.sqrt(offDiagonal) <= 1e-17 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        // Rotation angle that annihilates a[p][q] (Golub and Van Loan, Algorithm 8.4.1).
        const tau = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  return {
    values: order.map((i) => a[i][i]),
    vectors: order.map((i) => v.map((row) => row[i])),
  };
}
