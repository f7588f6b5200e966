/**
 * The pattern-level REML criterion (Woodbury, per-client sums) against a direct computation on the
 * observations: V_i = I + Z_i Λ Λ' Z_i' built and factorised as n_i × n_i matrices.
 */
import { expectAllClose } from '../testing/expect-close.js';
import { conditionalModes } from './conditional-modes.js';
import { accumulateClient, clientColumnsOf } from './cross-products.js';
import { type FixedEffectsDesign, fullDesign } from './fixed-effects-design.js';
import { groupIntoPatterns } from './patterns.js';
import { factorFromTheta, type RandomStructure } from './relative-covariance.js';
import {
  evaluateReml,
  profiledRemlDeviance,
  profiledRemlGradient,
  type RemlEvaluation,
  type RemlModel,
  remlDevianceAtSigma,
  remlGradientAtSigma,
  xtVinvXDerivatives,
} from './reml-deviance.js';
import { richardsonJacobian } from './richardson.js';
import {
  choleskyFactor,
  choleskyInverse,
  choleskyLogDeterminant,
  choleskySolve,
  type Matrix,
  multiply,
  zeroMatrix,
} from './small-matrix.js';

const GROUPS = ['a', 'b', 'c'];

/** Irregular clients: repeated and fractional times, one measurement, two clients with one pattern. */
const CLIENTS: { group: number; times: number[]; values: number[] }[] = [
  { group: 0, times: [0, 1, 2, 3], values: [210, 214, 219, 226] },
  { group: 0, times: [0, 1, 2, 3], values: [190, 205, 203, 216] },
  { group: 0, times: [0, 2.5, 7], values: [250, 262, 240] },
  { group: 1, times: [0], values: [181] },
  { group: 1, times: [0, 1, 1, 5], values: [222, 219, 231, 260] },
  { group: 1, times: [1, 4, 9, 11], values: [205, 230, 244, 251] },
  { group: 2, times: [0, 11], values: [199, 270] },
  { group: 2, times: [0, 3, 6, 9], values: [230, 228, 251, 249] },
  { group: 2, times: [2, 3], values: [240, 236] },
];

function modelFor(structure: RandomStructure): RemlModel {
  const clients = CLIENTS.map((client) => accumulateClient(client.group, client.times, client.values));
  return {
    structure,
    design: fullDesign(GROUPS),
    groupCount: GROUPS.length,
    patterns: groupIntoPatterns(clientColumnsOf(clients)),
    nObs: CLIENTS.reduce((sum, client) => sum + client.times.length, 0),
  };
}

function evaluated(model: RemlModel, theta: readonly number[]): RemlEvaluation {
  const evaluation = evaluateReml(model, theta);
  if (evaluation === null) throw new Error('REML evaluation failed');
  return evaluation;
}

/** Row r of client's X: the columns of E_g filled with 1 or t. */
function designRow(design: FixedEffectsDesign, group: number, t: number): number[] {
  const row = new Array<number>(design.p).fill(0);
  for (const column of design.interceptColumns[group]) row[column] = 1;
  for (const column of design.slopeColumns[group]) row[column] = t;
  return row;
}

/** The REML quantities computed observation by observation, with no sufficient statistics. */
function denseReml(model: RemlModel, theta: readonly number[]) {
  const { l00, l10, l11 } = factorFromTheta(model.structure, theta);
  const lambda = [
    [l00, 0],
    [l10, l11],
  ];
  const p = model.design.p;
  const xtVinvX = zeroMatrix(p);
  const xtVinvY = new Array<number>(p).fill(0);
  let ytVinvY = 0;
  let logDetV = 0;
  const perClient = CLIENTS.map((client) => {
    const z = client.times.map((t) => [1, t]);
    const zLambda = multiply(z, lambda);
    const v = multiply(zLambda, zLambda.map((_, i) => zLambda.map((row) => row[i])).slice(0, 2));
    const vFull = client.times.map((_, i) => client.times.map((__, j) => (i === j ? 1 : 0) + v[i][j]));
    const factor = choleskyFactor(vFull);
    if (factor === null) throw new Error('V not positive definite');
    logDetV += choleskyLogDeterminant(factor);
    const vInverse = choleskyInverse(factor);
    const x = client.times.map((t) => designRow(model.design, client.group, t));
    const vInverseX = multiply(vInverse, x);
    const vInverseY = vInverse.map((row) => row.reduce((sum, value, j) => sum + value * client.values[j], 0));
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++)
        xtVinvX[a][b] += x.reduce((sum, row, i) => sum + row[a] * vInverseX[i][b], 0);
      xtVinvY[a] += x.reduce((sum, row, i) => sum + row[a] * vInverseY[i], 0);
    }
    ytVinvY += client.values.reduce((sum, y, i) => sum + y * vInverseY[i], 0);
    return { z, x, vInverse };
  });
  const factor = choleskyFactor(xtVinvX);
  if (factor === null) throw new Error("X'V⁻¹X not positive definite");
  const beta = choleskySolve(factor, xtVinvY);
  const penalizedRss = ytVinvY - beta.reduce((sum, b, j) => sum + b * xtVinvY[j], 0);
  const nu = model.nObs - p;
  const deviance =
    logDetV + choleskyLogDeterminant(factor) + nu * (1 + Math.log((2 * Math.PI * penalizedRss) / nu));
  // Conditional modes: Cov(b_i, y_i) V_i⁻¹ (y_i - X_i β̂) = ΛΛ' Z_i' V_i⁻¹ (y_i - X_i β̂).
  const lambdaLambdaT: Matrix = multiply(lambda, [
    [l00, l10],
    [0, l11],
  ]);
  const modes = CLIENTS.map((client, c) => {
    const { z, x, vInverse } = perClient[c];
    const residual = client.values.map(
      (y, i) => y - x[i].reduce((sum, value, j) => sum + value * beta[j], 0),
    );
    const vInverseResidual = vInverse.map((row) =>
      row.reduce((sum, value, j) => sum + value * residual[j], 0),
    );
    const ztVinvResidual = [0, 1].map((r) =>
      z.reduce((sum, row, i) => sum + row[r] * vInverseResidual[i], 0),
    );
    return lambdaLambdaT.map((row) => row[0] * ztVinvResidual[0] + row[1] * ztVinvResidual[1]);
  });
  return { logDetV, xtVinvX, beta, penalizedRss, deviance, modes };
}

const THETAS: [RandomStructure, number[]][] = [
  ['intercept+slope', [1, 0, 1]],
  ['intercept+slope', [2.3, -0.4, 0.7]],
  ['intercept+slope', [0.05, 0.3, 0]],
  ['intercept+slope', [-1.1, 0.2, -0.5]],
  ['intercept', [1.7]],
  ['intercept', [0]],
];

describe('REML criterion from per-client sums', () => {
  it('groups the two clients with the same (group, n, Σt, Σt²) into one pattern', () => {
    expect(modelFor('intercept+slope').patterns).toHaveLength(CLIENTS.length - 1);
  });

  it.each(THETAS)('equals the observation-level computation (%s, θ = %j)', (structure, theta) => {
    const model = modelFor(structure);
    const evaluation = evaluated(model, theta);
    const dense = denseReml(model, theta);
    expect(evaluation.logDetV).toBeCloseTo(dense.logDetV, 10);
    evaluation.xtVinvX.forEach((row, i) =>
      row.forEach((value, j) => expect(value).toBeCloseTo(dense.xtVinvX[i][j], 9)),
    );
    evaluation.beta.forEach((value, j) => expect(value).toBeCloseTo(dense.beta[j], 8));
    expect(evaluation.penalizedRss / dense.penalizedRss).toBeCloseTo(1, 10);
    expect(profiledRemlDeviance(model, evaluation)).toBeCloseTo(dense.deviance, 9);
  });

  it.each(THETAS)("has conditional modes equal to ΛΛ'Z'V⁻¹(y - Xβ̂) (%s, θ = %j)", (structure, theta) => {
    const model = modelFor(structure);
    const evaluation = evaluated(model, theta);
    const dense = denseReml(model, theta);
    const clients = CLIENTS.map((client) => accumulateClient(client.group, client.times, client.values));
    const modes = conditionalModes(clients, {
      structure,
      design: model.design,
      factor: evaluation.factor,
      beta: evaluation.beta,
      residualVar: 1,
    });
    modes.forEach((mode, c) => {
      expect(mode.intercept).toBeCloseTo(dense.modes[c][0], 8);
      if (structure === 'intercept+slope') expect(mode.slope).toBeCloseTo(dense.modes[c][1], 8);
      else expect(mode.slope).toBeNull();
    });
  });

  it.each(THETAS)(
    'has an analytic θ-gradient equal to numerical differentiation (%s, θ = %j)',
    (structure, theta) => {
      const model = modelFor(structure);
      const numerical = richardsonJacobian(
        (point) => [profiledRemlDeviance(model, evaluated(model, point))],
        theta,
      )[0];
      const analytic = profiledRemlGradient(model, evaluated(model, theta));
      expectAllClose(analytic, numerical, 1e-6, 'gradient');
    },
  );

  it.each(THETAS)(
    'has an analytic (θ, σ)-gradient equal to numerical differentiation (%s, θ = %j)',
    (structure, theta) => {
      const model = modelFor(structure);
      const varpar = [...theta, 9.5];
      const deviance = (point: readonly number[]): number[] => [
        remlDevianceAtSigma(model, evaluated(model, point.slice(0, -1)), point[point.length - 1]),
      ];
      const numerical = richardsonJacobian(deviance, varpar)[0];
      const analytic = remlGradientAtSigma(model, evaluated(model, theta), 9.5);
      expectAllClose(analytic, numerical, 1e-6, 'gradient');
    },
  );

  it('gives d(θ) back from dev(θ, σ) at σ² = r²/ν', () => {
    const model = modelFor('intercept+slope');
    const evaluation = evaluated(model, [2.3, -0.4, 0.7]);
    const sigma = Math.sqrt(evaluation.penalizedRss / (model.nObs - model.design.p));
    expect(remlDevianceAtSigma(model, evaluation, sigma)).toBeCloseTo(
      profiledRemlDeviance(model, evaluation),
      10,
    );
  });

  it.each(THETAS)(
    "has analytic derivatives of X'V⁻¹X equal to numerical ones (%s, θ = %j)",
    (structure, theta) => {
      const model = modelFor(structure);
      const p = model.design.p;
      const flatten = (point: readonly number[]): number[] => evaluated(model, point).xtVinvX.flat();
      const numerical = richardsonJacobian(flatten, theta);
      xtVinvXDerivatives(model, evaluated(model, theta)).forEach((derivative, j) => {
        for (let a = 0; a < p; a++) {
          for (let b = 0; b < p; b++) expect(derivative[a][b]).toBeCloseTo(numerical[a * p + b][j], 6);
        }
      });
    },
  );
});
