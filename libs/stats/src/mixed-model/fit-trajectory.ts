/**
 * The `trajectory` of report-contract.md section 2: `value ~ time * group + (1 + time | client)`
 * fitted by REML, with lmerTest's Satterthwaite degrees of freedom, from per-client sufficient
 * statistics (cross-products.ts). Matches lme4 1.1-31 + lmerTest 3.1-3 (see the fixtures in
 * libs/stats/test-fixtures/mixed-model/).
 *
 * Steps: choose the random part from the number of distinct sessions; drop fixed-effect columns the
 * data cannot estimate (as lme4); group clients into patterns, with the values about the mean of the
 * clients' means (fitOrigin: only the intercept depends on it, and the sums of squares then hold the
 * spread of the values, not their level); minimise lme4's profiled REML
 * criterion over θ by Newton's method (reml-deviance.ts, newton-optimizer.ts); then σ², β̂ and
 * their covariance at the optimum, Satterthwaite df (satterthwaite.ts) and the contract's numbers.
 */
import { studentTTwoSidedP } from '../distributions/student-t.js';
import type { FixedEffect, RandomEffects, TrajectoryReport } from '../report/report-types.js';
import { type ConditionalMode, conditionalModes } from './conditional-modes.js';
import { CLIENT_SUMS, clientAt, type ClientColumns, clientColumnsOf, type ClientCrossProducts } from './cross-products.js';
import { type FixedEffectsDesign, fullDesign, withoutAliasedColumns } from './fixed-effects-design.js';
import { DEFAULT_NEWTON_OPTIONS, minimizeByNewton, type ValueAndGradient } from './newton-optimizer.js';
import { groupIntoPatterns } from './patterns.js';
import {
  canonicalTheta,
  initialTheta,
  isSingularTheta,
  type RandomStructure,
  relativeCovariance,
  type RelativeCovarianceFactor,
} from './relative-covariance.js';
import {
  evaluateReml,
  profiledRemlDeviance,
  profiledRemlDevianceRounding,
  profiledRemlGradient,
  type RemlModel,
  residualDegreesOfFreedom,
  sumOfSquaredValues,
} from './reml-deviance.js';
import { satterthwaite } from './satterthwaite.js';
import type { Matrix } from './small-matrix.js';
import type { Symmetric2 } from './symmetric2.js';

export interface TrajectoryInput {
  /** Group names, the reference first; a client's group indexes this array. */
  readonly groups: readonly string[];
  /** The clients: objects, or columns (a network report's million clients). */
  readonly clients: readonly ClientCrossProducts[] | ClientColumns;
  /** Number of distinct sessions (time values) among all the measurements. */
  readonly distinctTimes: number;
  /**
   * Cap on Newton iterations (default 200). The fixtures take 3 to 9; a fit converging onto a
   * boundary along which the deviance is nearly flat (a singular fit) can take a few dozen.
   */
  readonly maxIterations?: number;
}

export interface OptimizerInfo {
  readonly method: 'newton (finite-difference Hessian of the analytic REML gradient)';
  /** Profiled-deviance evaluations (each with its gradient), including those for Hessians. */
  readonly evaluations: number;
  /** g'H⁻¹g at the reported θ: twice the deviance decrease still available to a Newton step. */
  readonly newtonDecrement: number;
  /** Number of (group, n, Σt, Σt²) patterns: the cost of one evaluation. */
  readonly patterns: number;
  readonly message: string;
}

/** The contract's trajectory plus what the fit itself says about its quality. */
export interface TrajectoryFit extends TrajectoryReport {
  /** lme4's θ: the lower-triangular Λ by columns with Cov(b_i) = σ² Λ Λ'; diagonal non-negative. */
  readonly theta: number[];
  /** Gradient of the profiled REML criterion with respect to θ at `theta`. */
  readonly gradient: number[];
  /** Euclidean norm of `gradient`. */
  readonly gradientNorm: number;
  readonly optimizer: OptimizerInfo;
  /** Non-convergence, and lmerTest's warnings about the Hessian of the variance parameters. */
  readonly warnings: string[];
  /** Conditional modes (BLUPs) and conditional variances, aligned with the input clients. */
  conditionalModes(): ConditionalMode[];
}

/** The contract's random part for this many distinct sessions, or null: no trajectory. */
export function randomStructureFor(distinctTimes: number): RandomStructure | null {
  if (distinctTimes >= 3) return 'intercept+slope';
  if (distinctTimes === 2) return 'intercept';
  return null;
}

/**
 * Fits the trajectory, or returns null when there is none to fit:
 * - fewer than 2 distinct sessions (the contract);
 * - fewer than 2 clients with measurements, or no more measurements than random effects
 *   (N <= 2 × clients for intercept and slope, N <= clients for intercept only): lme4 refuses
 *   these fits, since the random effects and the residual variance cannot be told apart;
 * - no residual degrees of freedom, or a perfect fit (zero residual variance).
 * A fit that stops before converging is returned with `converged: false` and a warning.
 */
export function fitTrajectory(input: TrajectoryInput): TrajectoryFit | null {
  let clients: ClientColumns;
  if (Array.isArray(input.clients)) {
    const objects = input.clients as readonly ClientCrossProducts[];
    validate(input.groups, objects);
    clients = clientColumnsOf(objects);
  } else {
    clients = input.clients as ClientColumns;
  }
  validateColumns(input.groups, clients);
  const structure = randomStructureFor(input.distinctTimes);
  if (structure === null) return null;

  // Added up in place over the columns: a network report has a million clients.
  const { groups: clientGroups, sums, origins } = clients;
  const groupZtZ = input.groups.map<{ -readonly [K in keyof Symmetric2]: number }>(() => ({ m00: 0, m01: 0, m11: 0 }));
  let measured = 0;
  let nObs = 0;
  let sumOfMeans = 0;
  for (let i = 0, at = 0; i < clientGroups.length; i++, at += CLIENT_SUMS) {
    const n = sums[at];
    if (n === 0) continue;
    measured += 1;
    nObs += n;
    const sum = groupZtZ[clientGroups[i]];
    sum.m00 += n;
    sum.m01 += sums[at + 1];
    sum.m11 += sums[at + 2];
    // (sum + origin) + mean, in this order: the fit's origin to the bit, as it was over objects.
    sumOfMeans = sumOfMeans + (origins === null ? 0 : origins[i]) + sums[at + 3] / n;
  }
  const randomEffectsPerClient = structure === 'intercept+slope' ? 2 : 1;
  if (measured < 2 || nObs <= randomEffectsPerClient * measured) return null;
  const design = withoutAliasedColumns(fullDesign(input.groups), groupZtZ);
  const fitOrigin = sumOfMeans / measured;
  const patterns = groupIntoPatterns(clients, fitOrigin);
  const model: RemlModel = { structure, design, groupCount: input.groups.length, patterns, nObs };
  if (residualDegreesOfFreedom(model) <= 0) return null;

  const sumOfSquares = sumOfSquaredValues(patterns);
  const objective = (theta: readonly number[]): ValueAndGradient | null => {
    const evaluation = evaluateReml(model, theta);
    return evaluation === null
      ? null
      : {
          value: profiledRemlDeviance(model, evaluation),
          gradient: profiledRemlGradient(model, evaluation),
          rounding: profiledRemlDevianceRounding(model, evaluation, sumOfSquares),
        };
  };
  const search = minimizeByNewton(objective, initialTheta(structure), {
    ...DEFAULT_NEWTON_OPTIONS,
    maxIterations: input.maxIterations ?? DEFAULT_NEWTON_OPTIONS.maxIterations,
  });
  const theta = canonicalTheta(structure, search.x);
  const optimum = evaluateReml(model, theta);
  if (optimum === null) return null;

  const nu = residualDegreesOfFreedom(model);
  const residualVar = optimum.penalizedRss / nu;
  const sigma = Math.sqrt(residualVar);
  const { covariance, df, warnings: hessianWarnings } = satterthwaite(model, optimum, sigma);

  const gradient = profiledRemlGradient(model, optimum);
  const warnings = [
    ...(search.converged ? [] : [`REML optimisation did not converge: ${search.message}`]),
    ...hessianWarnings,
  ];

  return {
    fixedEffects: fixedEffectTable(design, optimum.beta, covariance, df, fitOrigin),
    randomEffects: varianceComponents(structure, optimum.factor, residualVar),
    logLikREML: -profiledRemlDeviance(model, optimum) / 2,
    nObs,
    nClients: measured,
    singular: isSingularTheta(structure, theta),
    converged: search.converged,
    iterations: search.iterations,
    theta,
    gradient,
    gradientNorm: Math.hypot(...gradient),
    optimizer: {
      method: 'newton (finite-difference Hessian of the analytic REML gradient)',
      evaluations: search.evaluations,
      newtonDecrement: search.newtonDecrement,
      patterns: patterns.length,
      message: search.message,
    },
    warnings,
    conditionalModes: () =>
      conditionalModes(Array.from({ length: clientGroups.length }, (_, i) => clientAt(clients, i)), {
        structure,
        design,
        factor: optimum.factor,
        beta: optimum.beta,
        residualVar,
        fitOrigin,
      }),
  };
}

/**
 * One row per term of the model; a term the data cannot estimate has nulls. `beta` was fitted to the
 * values minus fitOrigin: the intercept (column 0, always estimable) gets it back.
 */
function fixedEffectTable(
  design: FixedEffectsDesign,
  beta: readonly number[],
  covariance: Matrix,
  df: readonly (number | null)[],
  fitOrigin: number,
): FixedEffect[] {
  return design.allTerms.map((term, termIndex) => {
    const column = design.keptTerms.indexOf(termIndex);
    if (column < 0) return { term, estimate: null, se: null, df: null, t: null, p: null };
    const estimate = beta[column] + (column === 0 ? fitOrigin : 0);
    const se = Math.sqrt(covariance[column][column]);
    const t = estimate / se;
    const termDf = df[column];
    return {
      term,
      estimate,
      se,
      df: termDf,
      t: Number.isFinite(t) ? t : null,
      p: termDf === null ? null : studentTTwoSidedP(t, termDf),
    };
  });
}

/** σ² Λ Λ' and σ², as lme4's VarCorr. */
function varianceComponents(
  structure: RandomStructure,
  factor: RelativeCovarianceFactor,
  residualVar: number,
): RandomEffects {
  const relative = relativeCovariance(factor);
  const withSlope = structure === 'intercept+slope';
  return {
    structure,
    interceptVar: residualVar * relative.m00,
    slopeVar: withSlope ? residualVar * relative.m11 : null,
    interceptSlopeCov: withSlope ? residualVar * relative.m01 : null,
    residualVar,
  };
}

/** Clients given as objects: each group an index of `groups` (columns cannot hold another). */
function validate(groups: readonly string[], clients: readonly ClientCrossProducts[]): void {
  clients.forEach((client, index) => {
    if (!Number.isInteger(client.group) || client.group < 0 || client.group >= groups.length) {
      throw new RangeError(`fitTrajectory: client ${index} has group ${client.group}, not an index of groups`);
    }
  });
}

function validateColumns(groupNames: readonly string[], clients: ClientColumns): void {
  const { groups, sums } = clients;
  if (sums.length !== groups.length * CLIENT_SUMS)
    throw new RangeError(`fitTrajectory: ${sums.length} sums for ${groups.length} clients`);
  for (let index = 0, at = 0; index < groups.length; index++, at += CLIENT_SUMS) {
    if (groups[index] >= groupNames.length) {
      throw new RangeError(`fitTrajectory: client ${index} has group ${groups[index]}, not an index of groups`);
    }
    const n = sums[at];
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`fitTrajectory: client ${index} has n = ${n}`);
    }
    for (let k = 1; k < CLIENT_SUMS; k++) {
      if (!Number.isFinite(sums[at + k])) throw new RangeError(`fitTrajectory: client ${index} has a non-finite sum`);
    }
  }
}
