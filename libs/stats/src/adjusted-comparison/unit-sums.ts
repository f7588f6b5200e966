/**
 * The sufficient statistics of a random-intercept model y = Xβ + b_unit + ε from per-client rows:
 * per unit (a therapist, or a clinic) its size n_j and the means x̄_j, ȳ_j, and over all units the
 * within-unit scatter W = Σ_j Σ_{i in j} (z_i - z̄_j)(z_i - z̄_j)' of z = (x, y).
 *
 * Why these: with V_j = I + θ² 1 1' (relative to σ²), V_j⁻¹ = I - θ²/(1 + n_j θ²) 1 1', so
 *   X_j'V_j⁻¹X_j = W_xx,j + c_j x̄_j x̄_j',   c_j = n_j / (1 + n_j θ²),
 * and likewise for X'V⁻¹y and y'V⁻¹y: every quantity of the likelihood is W (the same for every θ)
 * plus a c_j-weighted sum over units, so one evaluation costs O(units · p²) whatever the number of
 * clients. Both parts are sums of non-negative terms (no raw sums of squares cancel): values near
 * 2000 kPa that vary by 1e-3 keep their digits. y is taken about its mean (yOrigin) for the same
 * reason; only the intercept depends on it.
 */
import type { Matrix } from '../mixed-model/small-matrix.js';
import { zeroMatrix } from '../mixed-model/small-matrix.js';

export interface UnitRows {
  /** The unit's index, per client. */
  readonly unit: Int32Array;
  /** Design rows, client by client: row i is x[i*p .. i*p + p - 1]. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Number of design columns. */
  readonly p: number;
  readonly unitCount: number;
}

export interface UnitSums {
  readonly p: number;
  /** Clients per unit. */
  readonly n: Float64Array;
  /** x̄_j at [j*p .. j*p + p - 1]. */
  readonly xMean: Float64Array;
  /** ȳ_j, with y about yOrigin. */
  readonly yMean: Float64Array;
  /** Within-unit scatter of x (p × p), of x with y (p) and of y. */
  readonly wxx: Matrix;
  readonly wxy: number[];
  readonly wyy: number;
  /** The constant subtracted from every y: the mean of y. */
  readonly yOrigin: number;
  /** N, the number of clients. */
  readonly nObs: number;
}

/** Two passes over the clients: the unit means, then the scatter about them. */
export function unitSums(rows: UnitRows): UnitSums {
  const { unit, x, y, p, unitCount } = rows;
  const nObs = y.length;
  let yOrigin = 0;
  for (let i = 0; i < nObs; i++) yOrigin += y[i];
  yOrigin /= nObs;

  const n = new Float64Array(unitCount);
  const xMean = new Float64Array(unitCount * p);
  const yMean = new Float64Array(unitCount);
  for (let i = 0; i < nObs; i++) {
    const j = unit[i];
    n[j] += 1;
    for (let k = 0; k < p; k++) xMean[j * p + k] += x[i * p + k];
    yMean[j] += y[i] - yOrigin;
  }
  for (let j = 0; j < unitCount; j++) {
    if (n[j] === 0) continue;
    for (let k = 0; k < p; k++) xMean[j * p + k] /= n[j];
    yMean[j] /= n[j];
  }

  const wxx = zeroMatrix(p);
  const wxy = new Array<number>(p).fill(0);
  let wyy = 0;
  const dx = new Float64Array(p);
  for (let i = 0; i < nObs; i++) {
    const j = unit[i];
    for (let k = 0; k < p; k++) dx[k] = x[i * p + k] - xMean[j * p + k];
    const dy = y[i] - yOrigin - yMean[j];
    for (let a = 0; a < p; a++) {
      const row = wxx[a];
      for (let b = 0; b <= a; b++) row[b] += dx[a] * dx[b];
      wxy[a] += dx[a] * dy;
    }
    wyy += dy * dy;
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) wxx[b][a] = wxx[a][b];
  return { p, n, xMean, yMean, wxx, wxy, wyy, yOrigin, nObs };
}

/** The sums restricted to some design columns (those the data can estimate). */
export function selectColumns(sums: UnitSums, columns: readonly number[]): UnitSums {
  const p = columns.length;
  const units = sums.n.length;
  const xMean = new Float64Array(units * p);
  for (let j = 0; j < units; j++) {
    columns.forEach((column, k) => {
      xMean[j * p + k] = sums.xMean[j * sums.p + column];
    });
  }
  return {
    ...sums,
    p,
    xMean,
    wxx: columns.map((a) => columns.map((b) => sums.wxx[a][b])),
    wxy: columns.map((a) => sums.wxy[a]),
  };
}

/** X'X = W_xx + Σ_j n_j x̄_j x̄_j' (the unweighted cross-products, for the aliasing check). */
export function crossProductOfDesign(sums: UnitSums): Matrix {
  const { p, n, xMean } = sums;
  const xtx = sums.wxx.map((row) => [...row]);
  for (let j = 0; j < n.length; j++) {
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) xtx[a][b] += n[j] * xMean[j * p + a] * xMean[j * p + b];
    }
  }
  return xtx;
}
