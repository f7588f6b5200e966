/**
 * Satterthwaite degrees of freedom for the fixed effects, as lmerTest 3.1-3 computes them
 * (`as_lmerModLT`, `contest1D`), for each coefficient β_k (L = e_k):
 *
 *   varpar = (θ, σ), the variance parameters, with σ the residual standard deviation;
 *   C(varpar) = σ² (X'V⁻¹X)⁻¹, the covariance of β̂;
 *   H = Hessian of dev(θ, σ) (reml-deviance.ts `remlDevianceAtSigma`) at the optimum;
 *   A = 2 H⁺, the asymptotic covariance of varpar, where H⁺ inverts H on its eigenvectors with
 *       eigenvalue > 1e-8 only (lmerTest's handling of a Hessian that is not positive definite:
 *       it warns about negative and near-zero eigenvalues and drops them);
 *   g_j = ∂C_kk/∂varpar_j;   df = 2 C_kk² / (g' A g).
 *
 * lmerTest takes H with numDeriv::hessian on deviance values. Here H is the Richardson-extrapolated
 * Jacobian (same steps as numDeriv) of the analytic gradient, which is the same quantity with less
 * rounding error. The Jacobian of C is analytic: ∂C/∂θ_j = -σ² A⁻¹ (∂A/∂θ_j) A⁻¹ with ∂A/∂θ_j from
 * reml-deviance.ts, and ∂C/∂σ = 2σ A⁻¹.
 */
import {
  evaluateReml,
  type RemlEvaluation,
  type RemlModel,
  remlGradientAtSigma,
  xtVinvXDerivatives,
} from './reml-deviance.js';
import { richardsonJacobian } from './richardson.js';
import {
  choleskyInverse,
  type Matrix,
  multiply,
  quadraticForm,
  symmetricEigen,
  symmetrize,
  zeroMatrix,
} from './small-matrix.js';

/** lmerTest's threshold for a Hessian eigenvalue to count as zero. */
const EIGENVALUE_TOLERANCE = 1e-8;

export interface SatterthwaiteResult {
  /** Cov(β̂) = σ² (X'V⁻¹X)⁻¹ over the estimated columns. */
  readonly covariance: Matrix;
  /** Satterthwaite df of each estimated coefficient; null when the formula has no finite value. */
  readonly df: (number | null)[];
  /** lmerTest's warnings about the Hessian of dev(θ, σ), with the same wording. */
  readonly warnings: string[];
}

export function satterthwaite(model: RemlModel, optimum: RemlEvaluation, sigma: number): SatterthwaiteResult {
  const varpar = [...optimum.theta, sigma];
  const gradientAt = (point: readonly number[]): number[] => {
    const evaluation = evaluateReml(model, point.slice(0, -1));
    return evaluation === null
      ? point.map(() => Number.NaN)
      : remlGradientAtSigma(model, evaluation, point[point.length - 1]);
  };
  const hessian = symmetrize(richardsonJacobian(gradientAt, varpar));
  const { covariance: varparCovariance, warnings } = varparCovarianceFromHessian(hessian);

  const sigma2 = sigma * sigma;
  const xtVinvXInverse = choleskyInverse(optimum.xtVinvXFactor);
  const covariance = xtVinvXInverse.map((row) => row.map((value) => sigma2 * value));
  const covarianceJacobian: Matrix[] = [
    ...xtVinvXDerivatives(model, optimum).map((dA) =>
      multiply(multiply(xtVinvXInverse, dA), xtVinvXInverse).map((row) =>
        row.map((value) => -sigma2 * value),
      ),
    ),
    xtVinvXInverse.map((row) => row.map((value) => 2 * sigma * value)),
  ];

  const df = covariance.map((row, k) => {
    const variance = row[k];
    const gradient = covarianceJacobian.map((dC) => dC[k][k]);
    const value = (2 * variance * variance) / quadraticForm(gradient, varparCovariance);
    return Number.isFinite(value) && value > 0 ? value : null;
  });
  return { covariance, df, warnings };
}

export interface VarparCovariance {
  /** A = 2 H⁺. */
  readonly covariance: Matrix;
  /** Eigenvalues of H, decreasing. */
  readonly eigenvalues: number[];
  readonly warnings: string[];
}

/**
 * The asymptotic covariance of the variance parameters from the Hessian H of the deviance, as
 * lmerTest: A = 2 H⁺ with H⁺ = Σ v v' / λ over the eigenpairs with λ > 1e-8, warning (in lmerTest's
 * words) about negative eigenvalues (not a minimum) and eigenvalues close to zero (a flat direction).
 */
export function varparCovarianceFromHessian(hessian: Matrix): VarparCovariance {
  const { values, vectors } = symmetricEigen(hessian);
  const covariance = zeroMatrix(hessian.length);
  values.forEach((value, k) => {
    if (!(value > EIGENVALUE_TOLERANCE)) return;
    vectors[k].forEach((vi, i) =>
      vectors[k].forEach((vj, j) => {
        covariance[i][j] += (2 * vi * vj) / value;
      }),
    );
  });
  return { covariance, eigenvalues: values, warnings: hessianWarnings(values) };
}

function hessianWarnings(eigenvalues: readonly number[]): string[] {
  const noun = (selected: readonly number[]): string => (selected.length > 1 ? 'eigenvalues' : 'eigenvalue');
  const list = (selected: readonly number[]): string => selected.map((v) => v.toExponential(1)).join(' ');
  const negative = eigenvalues.filter((v) => v < -EIGENVALUE_TOLERANCE);
  const nearZero = eigenvalues.filter((v) => Math.abs(v) < EIGENVALUE_TOLERANCE);
  const warnings: string[] = [];
  if (negative.length > 0) {
    warnings.push(
      `Model failed to converge with ${negative.length} negative ${noun(negative)}: ${list(negative)}`,
    );
  }
  if (nearZero.length > 0) {
    warnings.push(
      `Model may not have converged with ${nearZero.length} ${noun(nearZero)} close to zero: ${list(nearZero)}`,
    );
  }
  return warnings;
}
