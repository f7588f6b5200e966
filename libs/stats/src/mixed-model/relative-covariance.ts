/**
 * The random-effects covariance in lme4's parameterisation: Cov(b_i) = σ² Λ Λ' with Λ lower
 * triangular, Λ = [[θ1, 0], [θ2, θ3]] for `(1 + time | client)` and Λ = [[θ1, 0], [0, 0]] for
 * `(1 | client)` (the slope coordinate then carries no variance, so one code path serves both).
 */
import type { Symmetric2 } from './symmetric2.js';

export type RandomStructure = 'intercept+slope' | 'intercept';

/** Λ = [[l00, 0], [l10, l11]]. */
export interface RelativeCovarianceFactor {
  readonly l00: number;
  readonly l10: number;
  readonly l11: number;
}

/** lme4's starting point: Λ = I (random effects as variable as the residual, uncorrelated). */
export function initialTheta(structure: RandomStructure): number[] {
  return structure === 'intercept+slope' ? [1, 0, 1] : [1];
}

export function factorFromTheta(
  structure: RandomStructure,
  theta: readonly number[],
): RelativeCovarianceFactor {
  return structure === 'intercept+slope'
    ? { l00: theta[0], l10: theta[1], l11: theta[2] }
    : { l00: theta[0], l10: 0, l11: 0 };
}

/** Λ Λ': the random-effects covariance relative to the residual variance σ². */
export function relativeCovariance(factor: RelativeCovarianceFactor): Symmetric2 {
  const { l00, l10, l11 } = factor;
  return { m00: l00 * l00, m01: l00 * l10, m11: l10 * l10 + l11 * l11 };
}

/** ∂(Λ Λ')/∂θ_j for each θ_j: the only way θ enters V = I + Z Λ Λ' Z'. */
export function covarianceDerivatives(
  structure: RandomStructure,
  factor: RelativeCovarianceFactor,
): Symmetric2[] {
  const { l00, l10, l11 } = factor;
  const dTheta1 = { m00: 2 * l00, m01: l10, m11: 0 };
  if (structure === 'intercept') return [dTheta1];
  return [dTheta1, { m00: 0, m01: l00, m11: 2 * l10 }, { m00: 0, m01: 0, m11: 2 * l11 }];
}

/**
 * lme4 constrains the diagonal of Λ to be non-negative. The likelihood depends on θ only through
 * Λ Λ', which does not change when a column of Λ changes sign, so any θ in R^k has a twin with a
 * non-negative diagonal and the same likelihood: the optimiser can search without bounds and this
 * maps its answer to lme4's representative.
 */
export function canonicalTheta(structure: RandomStructure, theta: readonly number[]): number[] {
  if (structure === 'intercept') return [Math.abs(theta[0])];
  const [t1, t2, t3] = theta;
  return t1 < 0 ? [-t1, -t2, Math.abs(t3)] : [t1, t2, Math.abs(t3)];
}

/** lme4's `isSingular` tolerance: a diagonal element of Λ below it is on the boundary. */
const SINGULAR_TOLERANCE = 1e-4;

/** As lme4's `isSingular(fit)`: some diagonal element of Λ (canonical θ) is within 1e-4 of 0. */
export function isSingularTheta(structure: RandomStructure, theta: readonly number[]): boolean {
  const diagonal = structure === 'intercept+slope' ? [theta[0], theta[2]] : [theta[0]];
  return diagonal.some((value) => value < SINGULAR_TOLERANCE);
}
