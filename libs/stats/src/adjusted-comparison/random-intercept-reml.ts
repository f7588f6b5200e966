/**
 * The REML criterion of y = Xβ + b_unit + ε, b ~ N(0, σ²θ²), ε ~ N(0, σ²), and its derivatives, from
 * the unit sums (unit-sums.ts), in the notation of ../mixed-model/reml-deviance.ts (lme4's):
 *   A = X'V⁻¹X = W_xx + Σ c_j x̄_j x̄_j',  X'V⁻¹y = W_xy + Σ c_j x̄_j ȳ_j,  c_j = n_j / (1 + n_j θ²),
 *   β̂ = A⁻¹ X'V⁻¹y,  r² = y'V⁻¹y - β̂'X'V⁻¹y,  log|V| = Σ log(1 + n_j θ²),
 *   d(θ) = log|V| + log|A| + ν (1 + log(2π r² / ν)),  ν = N - p,  logLik_REML = -d(θ̂) / 2,
 * and lmerTest's deviance in (θ, σ), dev(θ, σ) = log|V| + log|A| + r²/σ² + ν log(2π σ²).
 *
 * Derivatives in θ, with ∂c_j = -2θ n_j² / (1 + n_j θ²)² and residuals e_j = ȳ_j - x̄_j'β̂ of the
 * unit means: ∂log|V| = Σ 2θ n_j / (1 + n_j θ²), ∂A = Σ ∂c_j x̄_j x̄_j' (so ∂log|A| = Σ ∂c_j x̄_j'A⁻¹x̄_j)
 * and ∂r² = Σ ∂c_j e_j² (β̂ minimises r², so its own change does not count).
 */
import {
  choleskyFactor,
  choleskyInverse,
  choleskyLogDeterminant,
  choleskySolve,
  type Matrix,
} from '../mixed-model/small-matrix.js';
import type { UnitSums } from './unit-sums.js';

export interface RandomInterceptEvaluation {
  readonly theta: number;
  readonly logDetV: number;
  readonly xtVinvX: Matrix;
  readonly xtVinvXInverse: Matrix;
  readonly logDetXtVinvX: number;
  readonly beta: number[];
  readonly penalizedRss: number;
  /** ∂log|V|/∂θ + ∂log|A|/∂θ. */
  readonly dLogDeterminants: number;
  /** ∂r²/∂θ. */
  readonly dPenalizedRss: number;
}

export function residualDegreesOfFreedom(sums: UnitSums): number {
  return sums.nObs - sums.p;
}

/** The REML quantities at θ, or null where they do not exist (A singular, or a perfect fit). */
export function evaluateRandomIntercept(sums: UnitSums, theta: number): RandomInterceptEvaluation | null {
  const { p, n, xMean, yMean } = sums;
  const theta2 = theta * theta;
  const xtVinvX = sums.wxx.map((row) => [...row]);
  const xtVinvY = [...sums.wxy];
  let ytVinvY = sums.wyy;
  let logDetV = 0;
  for (let j = 0; j < n.length; j++) {
    const nj = n[j];
    if (nj === 0) continue;
    const c = nj / (1 + nj * theta2);
    logDetV += Math.log1p(nj * theta2);
    const offset = j * p;
    for (let a = 0; a < p; a++) {
      const cxa = c * xMean[offset + a];
      const row = xtVinvX[a];
      for (let b = 0; b <= a; b++) row[b] += cxa * xMean[offset + b];
      xtVinvY[a] += cxa * yMean[j];
    }
    ytVinvY += c * yMean[j] * yMean[j];
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtVinvX[b][a] = xtVinvX[a][b];

  const factor = choleskyFactor(xtVinvX);
  if (factor === null) return null;
  const beta = choleskySolve(factor, xtVinvY);
  const penalizedRss = ytVinvY - beta.reduce((sum, value, k) => sum + value * xtVinvY[k], 0);
  if (!(penalizedRss > 0)) return null;
  const xtVinvXInverse = choleskyInverse(factor);

  let dLogDeterminants = 0;
  let dPenalizedRss = 0;
  for (let j = 0; j < n.length; j++) {
    const nj = n[j];
    if (nj === 0) continue;
    const denominator = 1 + nj * theta2;
    const dc = (-2 * theta * nj * nj) / (denominator * denominator);
    const offset = j * p;
    let quadratic = 0;
    let fitted = 0;
    for (let a = 0; a < p; a++) {
      const xa = xMean[offset + a];
      fitted += xa * beta[a];
      let inner = 0;
      for (let b = 0; b < p; b++) inner += xtVinvXInverse[a][b] * xMean[offset + b];
      quadratic += xa * inner;
    }
    const residual = yMean[j] - fitted;
    dLogDeterminants += (2 * theta * nj) / denominator + dc * quadratic;
    dPenalizedRss += dc * residual * residual;
  }

  return {
    theta,
    logDetV,
    xtVinvX,
    xtVinvXInverse,
    logDetXtVinvX: choleskyLogDeterminant(factor),
    beta,
    penalizedRss,
    dLogDeterminants,
    dPenalizedRss,
  };
}

/** lme4's profiled REML criterion d(θ) (σ² and β profiled out). */
export function profiledDeviance(sums: UnitSums, evaluation: RandomInterceptEvaluation): number {
  const nu = residualDegreesOfFreedom(sums);
  return (
    evaluation.logDetV +
    evaluation.logDetXtVinvX +
    nu * (1 + Math.log((2 * Math.PI * evaluation.penalizedRss) / nu))
  );
}

/** ∂d/∂θ. */
export function profiledDevianceGradient(sums: UnitSums, evaluation: RandomInterceptEvaluation): number {
  const nu = residualDegreesOfFreedom(sums);
  return evaluation.dLogDeterminants + (nu * evaluation.dPenalizedRss) / evaluation.penalizedRss;
}

/**
 * The rounding error in d(θ), as ../mixed-model/reml-deviance.ts estimates it: r² is a difference of
 * sums as large as y'V⁻¹y, so ν log r² carries ν ε y'V⁻¹y / r².
 */
export function profiledDevianceRounding(sums: UnitSums, evaluation: RandomInterceptEvaluation): number {
  const nu = residualDegreesOfFreedom(sums);
  const scale = sums.wyy + sums.yMean.reduce((sum, mean, j) => sum + sums.n[j] * mean * mean, 0);
  return (
    1e-15 *
    (Math.abs(evaluation.logDetV) +
      Math.abs(evaluation.logDetXtVinvX) +
      nu * (1 + scale / evaluation.penalizedRss))
  );
}

/** Gradient of dev(θ, σ) in (θ, σ). */
export function devianceAtSigmaGradient(
  sums: UnitSums,
  evaluation: RandomInterceptEvaluation,
  sigma: number,
): [number, number] {
  const nu = residualDegreesOfFreedom(sums);
  const sigma2 = sigma * sigma;
  return [
    evaluation.dLogDeterminants + evaluation.dPenalizedRss / sigma2,
    (-2 * evaluation.penalizedRss) / (sigma2 * sigma) + (2 * nu) / sigma,
  ];
}

/** ∂A/∂θ = Σ ∂c_j x̄_j x̄_j'. */
export function xtVinvXDerivative(sums: UnitSums, theta: number): Matrix {
  const { p, n, xMean } = sums;
  const derivative: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < n.length; j++) {
    const nj = n[j];
    if (nj === 0) continue;
    const denominator = 1 + nj * theta * theta;
    const dc = (-2 * theta * nj * nj) / (denominator * denominator);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) derivative[a][b] += dc * xMean[j * p + a] * xMean[j * p + b];
    }
  }
  return derivative;
}
