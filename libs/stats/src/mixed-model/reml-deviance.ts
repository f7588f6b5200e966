/**
 * The REML criterion of `value ~ time * group + (1 + time | client)` and its gradient, from
 * per-pattern sufficient statistics (patterns.ts), at a cost of O(patterns) per evaluation.
 *
 * Notation (all relative to the residual variance σ²): Z_i = [1, t] = Q_i R_i, q_i = Q_i'y_i,
 * X_i = Z_i E_g (fixed-effects-design.ts), V_i = I + Z_i Λ Λ' Z_i' (so Var(y_i) = σ² V_i). Per client
 * (client-woodbury.ts): Z_i'V_i⁻¹Z_i = W_i, Z_i'V_i⁻¹y_i = H_i q_i, y_i'V_i⁻¹y_i = e_i + q_i'J_i q_i and
 * log det V_i = log det M_i. Summing gives A = X'V⁻¹X = Σ E_g' W_i E_g, X'V⁻¹y = Σ E_g' H_i q_i and
 * y'V⁻¹y; then β̂ = A⁻¹ X'V⁻¹y, r² = y'V⁻¹y - β̂'X'V⁻¹y (the penalised residual sum of squares), and
 * with ν = N - p lme4's profiled REML criterion is
 *   d(θ) = log|V| + log|A| + ν (1 + log(2π r² / ν)),    logLik_REML = -d(θ̂) / 2.
 */
import {
  addGroupBlock,
  addGroupVector,
  type FixedEffectsDesign,
  groupBlock,
  groupCoefficients,
} from './fixed-effects-design.js';
import { clientWoodbury } from './client-woodbury.js';
import type { CrossProductPattern } from './patterns.js';
import {
  covarianceDerivatives,
  factorFromTheta,
  type RandomStructure,
  type RelativeCovarianceFactor,
} from './relative-covariance.js';
import {
  choleskyFactor,
  choleskyInverse,
  choleskyLogDeterminant,
  choleskySolve,
  type Matrix,
  zeroMatrix,
} from './small-matrix.js';
import { addScaled, sandwich, type Symmetric2, traceOfProduct, ZERO2 } from './symmetric2.js';

/** The data and design of one fit: everything except θ. */
export interface RemlModel {
  readonly structure: RandomStructure;
  readonly design: FixedEffectsDesign;
  readonly groupCount: number;
  readonly patterns: readonly CrossProductPattern[];
  /** N, the number of measurements. */
  readonly nObs: number;
}

/** Σ y², from the patterns: Σ (e_i + q_i'q_i). */
export function sumOfSquaredValues(patterns: readonly CrossProductPattern[]): number {
  return patterns.reduce(
    (sum, pattern) => sum + pattern.sumResidualSS + pattern.sumQ0Q0 + pattern.sumQ1Q1,
    0,
  );
}

/** The REML quantities at one θ. */
export interface RemlEvaluation {
  readonly theta: readonly number[];
  readonly factor: RelativeCovarianceFactor;
  /** log|V| = Σ log det M_i. */
  readonly logDetV: number;
  /** A = X'V⁻¹X and its Cholesky factor. */
  readonly xtVinvX: Matrix;
  readonly xtVinvXFactor: Matrix;
  readonly logDetXtVinvX: number;
  /** β̂(θ), the generalised least-squares estimate. */
  readonly beta: number[];
  /** r² = y'V⁻¹y - β̂'X'V⁻¹y. */
  readonly penalizedRss: number;
  /** Per pattern k: W_k at [3k .. 3k+2] as (m00, m01, m11). */
  readonly patternW: Float64Array;
  /** Per pattern k: H_k = R_k'J_k at [4k .. 4k+3] as (h00, h01, h10, h11). */
  readonly patternH: Float64Array;
}

function patternWAt(patternW: Float64Array, index: number): Symmetric2 {
  return { m00: patternW[3 * index], m01: patternW[3 * index + 1], m11: patternW[3 * index + 2] };
}

/** ν = N - p, the residual degrees of freedom of REML. */
export function residualDegreesOfFreedom(model: RemlModel): number {
  return model.nObs - model.design.p;
}

/**
 * Evaluates the REML quantities at θ, or returns null where they do not exist numerically
 * (X'V⁻¹X not positive definite, or a zero residual sum of squares: a perfect fit).
 */
export function evaluateReml(model: RemlModel, theta: readonly number[]): RemlEvaluation | null {
  const factor = factorFromTheta(model.structure, theta);
  const { patterns, design, groupCount } = model;
  const patternW = new Float64Array(patterns.length * 3);
  const patternH = new Float64Array(patterns.length * 4);
  const groupW = new Float64Array(groupCount * 3);
  const groupZtVinvY = new Float64Array(groupCount * 2);
  let logDetV = 0;
  let ytVinvY = 0;

  for (let index = 0; index < patterns.length; index++) {
    const pattern = patterns[index];
    const { detM, h00, h01, h10, h11, w, j } = clientWoodbury(pattern.r, factor);
    patternW[3 * index] = w.m00;
    patternW[3 * index + 1] = w.m01;
    patternW[3 * index + 2] = w.m11;
    patternH[4 * index] = h00;
    patternH[4 * index + 1] = h01;
    patternH[4 * index + 2] = h10;
    patternH[4 * index + 3] = h11;

    const m = pattern.count;
    logDetV += m * Math.log(detM);
    ytVinvY +=
      pattern.sumResidualSS +
      (j.m00 * pattern.sumQ0Q0 + 2 * j.m01 * pattern.sumQ0Q1 + j.m11 * pattern.sumQ1Q1);
    const g = pattern.group;
    groupW[3 * g] += m * w.m00;
    groupW[3 * g + 1] += m * w.m01;
    groupW[3 * g + 2] += m * w.m11;
    groupZtVinvY[2 * g] += h00 * pattern.sumQ0 + h01 * pattern.sumQ1;
    groupZtVinvY[2 * g + 1] += h10 * pattern.sumQ0 + h11 * pattern.sumQ1;
  }

  const xtVinvX = zeroMatrix(design.p);
  const xtVinvY = new Array<number>(design.p).fill(0);
  for (let g = 0; g < groupCount; g++) {
    addGroupBlock(xtVinvX, design, g, { m00: groupW[3 * g], m01: groupW[3 * g + 1], m11: groupW[3 * g + 2] });
    addGroupVector(xtVinvY, design, g, groupZtVinvY[2 * g], groupZtVinvY[2 * g + 1]);
  }
  const xtVinvXFactor = choleskyFactor(xtVinvX);
  if (xtVinvXFactor === null) return null;
  const beta = choleskySolve(xtVinvXFactor, xtVinvY);
  const penalizedRss = ytVinvY - beta.reduce((sum, b, j) => sum + b * xtVinvY[j], 0);
  if (!(penalizedRss > 0)) return null;

  return {
    theta,
    factor,
    logDetV,
    xtVinvX,
    xtVinvXFactor,
    logDetXtVinvX: choleskyLogDeterminant(xtVinvXFactor),
    beta,
    penalizedRss,
    patternW,
    patternH,
  };
}

/** lme4's profiled REML criterion d(θ) (σ² and β profiled out). */
export function profiledRemlDeviance(model: RemlModel, evaluation: RemlEvaluation): number {
  const nu = residualDegreesOfFreedom(model);
  const { logDetV, logDetXtVinvX, penalizedRss } = evaluation;
  return logDetV + logDetXtVinvX + nu * (1 + Math.log((2 * Math.PI * penalizedRss) / nu));
}

/**
 * An estimate of the rounding error in d(θ): r² is a difference of sums of squares as large as Σy²,
 * so it carries an absolute error of a few ε Σy², which ν log r² turns into ν ε Σy² / r²; the log
 * determinants add a few ε of their size. (4ε ≈ 1e-15.)
 */
export function profiledRemlDevianceRounding(
  model: RemlModel,
  evaluation: RemlEvaluation,
  sumOfSquares: number,
): number {
  const nu = residualDegreesOfFreedom(model);
  const { logDetV, logDetXtVinvX, penalizedRss } = evaluation;
  return 1e-15 * (Math.abs(logDetV) + Math.abs(logDetXtVinvX) + nu * (1 + sumOfSquares / penalizedRss));
}

/**
 * The REML deviance as a function of (θ, σ) with only β profiled out, as lmerTest's `devfun_vp`:
 *   dev(θ, σ) = log|V| + log|A| + r²/σ² + ν log(2π σ²).
 * Minimising over σ gives σ² = r²/ν and d(θ) back.
 */
export function remlDevianceAtSigma(model: RemlModel, evaluation: RemlEvaluation, sigma: number): number {
  const nu = residualDegreesOfFreedom(model);
  const sigma2 = sigma * sigma;
  const { logDetV, logDetXtVinvX, penalizedRss } = evaluation;
  return logDetV + logDetXtVinvX + penalizedRss / sigma2 + nu * Math.log(2 * Math.PI * sigma2);
}

/**
 * The two 2 × 2 sums from which every θ-derivative of the deviance follows. With
 * u_i = Z_i'V_i⁻¹(y_i - X_iβ̂) = H_i (q_i - R_i β_g) (β_g = E_g β̂, the group's intercept and slope)
 * and dV_i = Z_i (∂ΛΛ') Z_i':
 *   ∂log|V|  = Σ tr(W_i ∂ΛΛ'),
 *   ∂log|A|  = -Σ tr(W_i E_g A⁻¹ E_g' W_i ∂ΛΛ'),
 *   ∂r²      = -Σ u_i' ∂ΛΛ' u_i          (β̂ minimises r², so its own change does not count),
 * so ∂dev = tr(G ∂ΛΛ') with G = fixedPart - residualPart / σ², where
 *   fixedPart = Σ (W_i - W_i E_g A⁻¹ E_g' W_i)   and   residualPart = Σ u_i u_i'.
 * Per pattern, Σ u_i u_i' = H D H' with D = Σ (q_i - v)(q_i - v)' = Σq q' - (Σq) v' - v (Σq)' + m v v',
 * v = R β_g.
 */
interface DevianceGradientParts {
  readonly fixedPart: Symmetric2;
  readonly residualPart: Symmetric2;
}

function devianceGradientParts(model: RemlModel, evaluation: RemlEvaluation): DevianceGradientParts {
  const { design, patterns, groupCount } = model;
  const { patternW, patternH } = evaluation;
  const xtVinvXInverse = choleskyInverse(evaluation.xtVinvXFactor);
  const groupCovariance = Array.from({ length: groupCount }, (_, g) => groupBlock(xtVinvXInverse, design, g));
  const groupBeta = Array.from({ length: groupCount }, (_, g) =>
    groupCoefficients(evaluation.beta, design, g),
  );

  let fixed00 = 0;
  let fixed01 = 0;
  let fixed11 = 0;
  let residual00 = 0;
  let residual01 = 0;
  let residual11 = 0;
  for (let index = 0; index < patterns.length; index++) {
    const pattern = patterns[index];
    const m = pattern.count;
    const w = patternWAt(patternW, index);
    const wCovW = sandwich(w, groupCovariance[pattern.group]);
    fixed00 += m * (w.m00 - wCovW.m00);
    fixed01 += m * (w.m01 - wCovW.m01);
    fixed11 += m * (w.m11 - wCovW.m11);

    const { r00, r01, r11 } = pattern.r;
    const [beta0, beta1] = groupBeta[pattern.group];
    const v0 = r00 * beta0 + r01 * beta1;
    const v1 = r11 * beta1;
    const d00 = pattern.sumQ0Q0 - 2 * pattern.sumQ0 * v0 + m * v0 * v0;
    const d01 = pattern.sumQ0Q1 - (pattern.sumQ0 * v1 + v0 * pattern.sumQ1) + m * v0 * v1;
    const d11 = pattern.sumQ1Q1 - 2 * pattern.sumQ1 * v1 + m * v1 * v1;
    const h00 = patternH[4 * index];
    const h01 = patternH[4 * index + 1];
    const h10 = patternH[4 * index + 2];
    const h11 = patternH[4 * index + 3];
    // H D H', with HD = [[e00, e01], [e10, e11]].
    const e00 = h00 * d00 + h01 * d01;
    const e01 = h00 * d01 + h01 * d11;
    const e10 = h10 * d00 + h11 * d01;
    const e11 = h10 * d01 + h11 * d11;
    residual00 += e00 * h00 + e01 * h01;
    residual01 += e00 * h10 + e01 * h11;
    residual11 += e10 * h10 + e11 * h11;
  }
  return {
    fixedPart: { m00: fixed00, m01: fixed01, m11: fixed11 },
    residualPart: { m00: residual00, m01: residual01, m11: residual11 },
  };
}

function thetaGradient(model: RemlModel, evaluation: RemlEvaluation, sigma2: number): number[] {
  const { fixedPart, residualPart } = devianceGradientParts(model, evaluation);
  const g = addScaled(fixedPart, -1 / sigma2, residualPart);
  return covarianceDerivatives(model.structure, evaluation.factor).map((d) => traceOfProduct(g, d));
}

/** ∂d/∂θ of the profiled criterion: the derivative at σ² = r²/ν (∂d/∂σ vanishes there). */
export function profiledRemlGradient(model: RemlModel, evaluation: RemlEvaluation): number[] {
  return thetaGradient(model, evaluation, evaluation.penalizedRss / residualDegreesOfFreedom(model));
}

/** Gradient of {@link remlDevianceAtSigma} in (θ..., σ). */
export function remlGradientAtSigma(model: RemlModel, evaluation: RemlEvaluation, sigma: number): number[] {
  const nu = residualDegreesOfFreedom(model);
  const dSigma = (-2 * evaluation.penalizedRss) / sigma ** 3 + (2 * nu) / sigma;
  return [...thetaGradient(model, evaluation, sigma * sigma), dSigma];
}

/**
 * ∂A/∂θ_j for A = X'V⁻¹X: since ∂V_i⁻¹ = -V_i⁻¹ Z_i ∂ΛΛ' Z_i' V_i⁻¹,
 *   ∂A/∂θ_j = -Σ E_g' W_i (∂ΛΛ'/∂θ_j) W_i E_g.
 */
export function xtVinvXDerivatives(model: RemlModel, evaluation: RemlEvaluation): Matrix[] {
  const { design, patterns, groupCount } = model;
  const { patternW } = evaluation;
  return covarianceDerivatives(model.structure, evaluation.factor).map((d) => {
    const perGroup: Symmetric2[] = new Array<Symmetric2>(groupCount).fill(ZERO2);
    patterns.forEach((pattern, index) => {
      perGroup[pattern.group] = addScaled(
        perGroup[pattern.group],
        -pattern.count,
        sandwich(patternWAt(patternW, index), d),
      );
    });
    const derivative = zeroMatrix(design.p);
    perGroup.forEach((block, g) => addGroupBlock(derivative, design, g, block));
    return derivative;
  });
}
