/**
 * The fixed-effects design of `value ~ time * group` (treatment coding, R's column order):
 * (Intercept), time, group[B]..., time:group[B]... for each non-reference group B.
 *
 * A client in group g has X_i = Z_i E_g with Z_i = [1, t]: E_g is a 2 × p matrix of zeros and ones
 * whose first row marks the columns that are 1 on every row of the client ((Intercept) and
 * group[g]) and whose second row marks the columns equal to t (time and time:group[g]). So every
 * p × p or p-vector quantity of the model is a sum over groups of a 2 × 2 block or 2-vector placed
 * by E_g: X'V⁻¹X = Σ_g E_g' (Σ_{i in g} Z_i'V_i⁻¹Z_i) E_g. This module owns E_g.
 */
import { choleskyFactor, type Matrix, zeroMatrix } from './small-matrix.js';
import type { Symmetric2 } from './symmetric2.js';

export interface FixedEffectsDesign {
  /** Every term of the model, in R's order, including terms that cannot be estimated. */
  readonly allTerms: readonly string[];
  /** allTerms[keptTerms[k]] is the term of column k of the estimated model. */
  readonly keptTerms: readonly number[];
  /** Number of estimated columns, p. */
  readonly p: number;
  /** interceptColumns[g]: the estimated columns equal to 1 for a client of group g (row 0 of E_g). */
  readonly interceptColumns: readonly (readonly number[])[];
  /** slopeColumns[g]: the estimated columns equal to t for a client of group g (row 1 of E_g). */
  readonly slopeColumns: readonly (readonly number[])[];
}

/** The full design for these groups (reference first); with one group, (Intercept) and time only. */
export function fullDesign(groups: readonly string[]): FixedEffectsDesign {
  const others = groups.slice(1);
  const allTerms = [
    '(Intercept)',
    'time',
    ...others.map((name) => `group[${name}]`),
    ...others.map((name) => `time:group[${name}]`),
  ];
  const interceptColumns = groups.map((_, g) => (g === 0 ? [0] : [0, 1 + g]));
  const slopeColumns = groups.map((_, g) => (g === 0 ? [1] : [1, 1 + others.length + g]));
  return {
    allTerms,
    keptTerms: allTerms.map((_, k) => k),
    p: allTerms.length,
    interceptColumns,
    slopeColumns,
  };
}

/** Adds E_g' B E_g to the p × p matrix `target`. */
export function addGroupBlock(
  target: Matrix,
  design: FixedEffectsDesign,
  group: number,
  block: Symmetric2,
): void {
  const rows = [design.interceptColumns[group], design.slopeColumns[group]];
  const entries = [
    [block.m00, block.m01],
    [block.m01, block.m11],
  ];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      for (const i of rows[r]) for (const j of rows[c]) target[i][j] += entries[r][c];
    }
  }
}

/** Adds E_g' v to the p-vector `target`, for v = (intercept part, slope part). */
export function addGroupVector(
  target: number[],
  design: FixedEffectsDesign,
  group: number,
  v0: number,
  v1: number,
): void {
  for (const i of design.interceptColumns[group]) target[i] += v0;
  for (const i of design.slopeColumns[group]) target[i] += v1;
}

/** E_g A E_g' for a p × p matrix A: e.g. the covariance of group g's own intercept and slope. */
export function groupBlock(a: Matrix, design: FixedEffectsDesign, group: number): Symmetric2 {
  const sum = (rows: readonly number[], columns: readonly number[]): number => {
    let total = 0;
    for (const i of rows) for (const j of columns) total += a[i][j];
    return total;
  };
  const intercept = design.interceptColumns[group];
  const slope = design.slopeColumns[group];
  return { m00: sum(intercept, intercept), m01: sum(intercept, slope), m11: sum(slope, slope) };
}

/** E_g β: group g's own intercept and slope. */
export function groupCoefficients(
  beta: readonly number[],
  design: FixedEffectsDesign,
  group: number,
): [number, number] {
  let intercept = 0;
  let slope = 0;
  for (const i of design.interceptColumns[group]) intercept += beta[i];
  for (const i of design.slopeColumns[group]) slope += beta[i];
  return [intercept, slope];
}

/**
 * Relative tolerance for a column to count as a linear combination of the columns before it, as in
 * lme4 (`chkRank.drop.cols`, R's `qr(X, tol = 1e-7)`): the part of the column orthogonal to the
 * earlier kept columns is shorter than 1e-7 of the column itself.
 */
const ALIASING_TOLERANCE = 1e-7;

/**
 * The design without the columns that the data cannot estimate (e.g. time:group[B] when every
 * client of B was measured once, or both columns of a group without clients), dropped in order as
 * lme4 does: a Cholesky factorisation of X'X that skips a column whose pivot (its squared residual
 * length after the kept columns before it) is below ALIASING_TOLERANCE² of its squared length.
 * `groupZtZ[g]` is Σ Z_i'Z_i over the clients of group g, i.e. [[Σn, Σst], [Σst, Σstt]].
 */
export function withoutAliasedColumns(
  design: FixedEffectsDesign,
  groupZtZ: readonly Symmetric2[],
): FixedEffectsDesign {
  const xtx = zeroMatrix(design.p);
  groupZtZ.forEach((ztz, g) => addGroupBlock(xtx, design, g, ztz));

  const kept: number[] = [];
  for (let column = 0; column < design.p; column++) {
    const candidate = [...kept, column];
    const factor = choleskyFactor(candidate.map((i) => candidate.map((j) => xtx[i][j])));
    const last = candidate.length - 1;
    const pivot = factor === null ? 0 : factor[last][last] ** 2;
    if (pivot > ALIASING_TOLERANCE ** 2 * xtx[column][column]) kept.push(column);
  }
  if (kept.length === design.p) return design;

  const position = new Map(kept.map((column, k) => [column, k]));
  const keep = (columns: readonly number[]): number[] =>
    columns.flatMap((column) => {
      const k = position.get(column);
      return k === undefined ? [] : [k];
    });
  return {
    allTerms: design.allTerms,
    keptTerms: kept.map((column) => design.keptTerms[column]),
    p: kept.length,
    interceptColumns: design.interceptColumns.map(keep),
    slopeColumns: design.slopeColumns.map(keep),
  };
}
