/**
 * REML fit of y = Xβ + b_unit + ε with one random intercept per unit, as lme4's `lmer(y ~ X + (1 |
 * unit))` with lmerTest's Satterthwaite df and `ranef(fit, condVar = TRUE)`, from unit sums
 * (unit-sums.ts). The machinery is the trajectory's (../mixed-model): the same profiled REML
 * criterion, minimised over the one variance ratio θ (σ² profiled out) by the same Newton method, and
 * the same Satterthwaite construction (Richardson Hessian of the analytic gradient of dev(θ, σ),
 * lmerTest's handling of its eigenvalues).
 */
import { studentTTwoSidedP } from '../distributions/student-t.js';
import { isSingularTheta } from '../mixed-model/relative-covariance.js';
import {
  DEFAULT_NEWTON_OPTIONS,
  minimizeByNewton,
  type ValueAndGradient,
} from '../mixed-model/newton-optimizer.js';
import { richardsonJacobian } from '../mixed-model/richardson.js';
import { varparCovarianceFromHessian } from '../mixed-model/satterthwaite.js';
import {
  choleskyFactor,
  type Matrix,
  multiply,
  quadraticForm,
  symmetrize,
} from '../mixed-model/small-matrix.js';
import type { FixedEffect } from '../report/report-types.js';
import {
  devianceAtSigmaGradient,
  evaluateRandomIntercept,
  profiledDeviance,
  profiledDevianceGradient,
  profiledDevianceRounding,
  type RandomInterceptEvaluation,
  residualDegreesOfFreedom,
  xtVinvXDerivative,
} from './random-intercept-reml.js';
import { crossProductOfDesign, selectColumns, type UnitRows, unitSums, type UnitSums } from './unit-sums.js';

/** Per unit: its conditional mode (BLUP) and what the report derives from it. */
export interface UnitEffect {
  readonly nClients: number;
  /** Mean of y over the unit's clients. */
  readonly observedMean: number;
  /** Mean of the fixed part x'β̂ over the unit's clients. */
  readonly expectedMean: number;
  /** The conditional mode of the unit's intercept. */
  readonly effect: number;
  /** Its conditional SD: sqrt(σ² θ² / (1 + n θ²)). */
  readonly effectSd: number;
}

export interface RandomInterceptFit {
  /** One row per term; a term the data cannot estimate (an aliased column, as lme4 drops) has nulls. */
  readonly fixedEffects: FixedEffect[];
  readonly unitVar: number;
  readonly residualVar: number;
  readonly theta: number;
  readonly singular: boolean;
  readonly logLikREML: number;
  readonly converged: boolean;
  readonly warnings: string[];
  readonly units: UnitEffect[];
}

/**
 * lme4's rank check (`chkRank.drop.cols`, QR with tolerance 1e-7), as ../mixed-model drops columns:
 * a column whose part orthogonal to the kept columns before it is shorter than 1e-7 of itself.
 */
const ALIASING_TOLERANCE = 1e-7;

function estimableColumns(xtx: Matrix): number[] {
  const kept: number[] = [];
  for (let column = 0; column < xtx.length; column++) {
    const candidate = [...kept, column];
    const factor = choleskyFactor(candidate.map((i) => candidate.map((j) => xtx[i][j])));
    const last = candidate.length - 1;
    const pivot = factor === null ? 0 : factor[last][last] ** 2;
    if (pivot > ALIASING_TOLERANCE ** 2 * xtx[column][column]) kept.push(column);
  }
  return kept;
}

/**
 * Fits the model, or returns null when it cannot be fitted: no more clients than units (lme4
 * refuses: the unit effects and the residual cannot be told apart), no residual degrees of freedom,
 * or a perfect fit. `terms` names the p columns of the rows' design, the intercept first.
 */
export function fitRandomIntercept(rows: UnitRows, terms: readonly string[]): RandomInterceptFit | null {
  const occupied = new Set(rows.unit).size;
  if (rows.y.length <= occupied) return null;
  const allSums = unitSums(rows);
  const kept = estimableColumns(crossProductOfDesign(allSums));
  const sums = kept.length === rows.p ? allSums : selectColumns(allSums, kept);
  if (residualDegreesOfFreedom(sums) <= 0) return null;

  const objective = (x: readonly number[]): ValueAndGradient | null => {
    const evaluation = evaluateRandomIntercept(sums, x[0]);
    return evaluation === null
      ? null
      : {
          value: profiledDeviance(sums, evaluation),
          gradient: [profiledDevianceGradient(sums, evaluation)],
          rounding: profiledDevianceRounding(sums, evaluation),
        };
  };
  const search = minimizeByNewton(objective, [1], DEFAULT_NEWTON_OPTIONS);
  // The criterion depends on θ², so the sign is lme4's convention (θ >= 0).
  const theta = Math.abs(search.x[0]);
  const optimum = evaluateRandomIntercept(sums, theta);
  if (optimum === null) return null;

  const residualVar = optimum.penalizedRss / residualDegreesOfFreedom(sums);
  const sigma = Math.sqrt(residualVar);
  const { covariance, df, warnings: hessianWarnings } = satterthwaite(sums, optimum, sigma);

  const beta = optimum.beta.map((value, k) => value + (k === 0 ? sums.yOrigin : 0));
  const fixedEffects = terms.map<FixedEffect>((term, column) => {
    const k = kept.indexOf(column);
    if (k < 0) return { term, estimate: null, se: null, df: null, t: null, p: null };
    const se = Math.sqrt(covariance[k][k]);
    const t = beta[k] / se;
    const termDf = df[k];
    return {
      term,
      estimate: beta[k],
      se,
      df: termDf,
      t: Number.isFinite(t) ? t : null,
      p: termDf === null ? null : studentTTwoSidedP(t, termDf),
    };
  });

  return {
    fixedEffects,
    unitVar: residualVar * theta * theta,
    residualVar,
    theta,
    singular: isSingularTheta('intercept', [theta]),
    logLikREML: -profiledDeviance(sums, optimum) / 2,
    converged: search.converged,
    warnings: [
      ...(search.converged ? [] : [`REML optimisation did not converge: ${search.message}`]),
      ...hessianWarnings,
    ],
    units: unitEffects(sums, optimum, residualVar),
  };
}

/**
 * b̃_j = θ² c_j (ȳ_j - x̄_j'β̂) and Var(b_j | y) = σ² θ² / (1 + n_j θ²), as lme4's ranef(condVar = TRUE)
 * (σ² Λ (Λ'Z'ZΛ + I)⁻¹ Λ' for one intercept per unit).
 */
function unitEffects(sums: UnitSums, optimum: RandomInterceptEvaluation, residualVar: number): UnitEffect[] {
  const { p, n, xMean, yMean, yOrigin } = sums;
  const theta2 = optimum.theta * optimum.theta;
  return Array.from(n, (nj, j) => {
    let fitted = 0;
    for (let a = 0; a < p; a++) fitted += xMean[j * p + a] * optimum.beta[a];
    const shrinkage = (theta2 * nj) / (1 + nj * theta2);
    return {
      nClients: nj,
      observedMean: yMean[j] + yOrigin,
      expectedMean: fitted + yOrigin,
      effect: shrinkage * (yMean[j] - fitted),
      effectSd: Math.sqrt((residualVar * theta2) / (1 + nj * theta2)),
    };
  });
}

/**
 * lmerTest's Satterthwaite df for each coefficient (see ../mixed-model/satterthwaite.ts): varpar =
 * (θ, σ), A = 2 H⁺ from the Hessian H of dev(θ, σ), C = σ² (X'V⁻¹X)⁻¹ with ∂C/∂θ = -σ² A⁻¹ ∂A A⁻¹
 * and ∂C/∂σ = 2σ A⁻¹; df_k = 2 C_kk² / (g_k' A g_k), g_k = (∂C_kk/∂θ, ∂C_kk/∂σ).
 */
function satterthwaite(
  sums: UnitSums,
  optimum: RandomInterceptEvaluation,
  sigma: number,
): { covariance: Matrix; df: (number | null)[]; warnings: string[] } {
  const gradientAt = (point: readonly number[]): number[] => {
    const evaluation = evaluateRandomIntercept(sums, point[0]);
    return evaluation === null
      ? [Number.NaN, Number.NaN]
      : devianceAtSigmaGradient(sums, evaluation, point[1]);
  };
  const hessian = symmetrize(richardsonJacobian(gradientAt, [optimum.theta, sigma]));
  const { covariance: varparCovariance, warnings } = varparCovarianceFromHessian(hessian);

  const sigma2 = sigma * sigma;
  const inverse = optimum.xtVinvXInverse;
  const covariance = inverse.map((row) => row.map((value) => sigma2 * value));
  const dTheta = multiply(multiply(inverse, xtVinvXDerivative(sums, optimum.theta)), inverse).map((row) =>
    row.map((value) => -sigma2 * value),
  );
  const df = covariance.map((row, k) => {
    const variance = row[k];
    const gradient = [dTheta[k][k], 2 * sigma * inverse[k][k]];
    const value = (2 * variance * variance) / quadraticForm(gradient, varparCovariance);
    return Number.isFinite(value) && value > 0 ? value : null;
  });
  return { covariance, df, warnings };
}
