/**
 * Test helper: asserts that a report matches R's reference report field by field, with the
 * tolerances of the reference README: closed-form statistics to a relative 1e-9; mixed-model fixed
 * effects to 1e-6, their standard errors and the variance components to 1e-4, Satterthwaite df to
 * 1e-3. t and p of the mixed model follow from estimate, se and df, so they get the looser of
 * those (1e-4 for t, 1e-3 for p). The intercept-slope covariance is compared on the scale of the
 * correlation (its error divided by sqrt(interceptVar slopeVar)): a covariance near zero has no
 * meaningful relative error, and the shared orthodont reference comes from lme4's default
 * optimiser, which stopped about 1e-5 short of the optimum in θ (1.4e-4 relative on the
 * covariance, 1.2e-5 on the correlation scale). The log-rank p of `responseComparison` with 2 or more
 * degrees of freedom is 1 - cdf, exact to about 1e-16 absolute, so it is held to 1e-15 absolute where
 * that is looser than the relative tolerance (a p of 3e-10 to 3e-6 relative). Fields the reference does not have are not checked (the contract
 * allows added fields); every field it has must be present, arrays of equal length.
 */
import { expectClose } from './expect-close.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ReportTolerances {
  closedForm: number;
  fixedEffect: number;
  standardError: number;
  varianceComponent: number;
  satterthwaiteDf: number;
  trajectoryT: number;
  trajectoryP: number;
  logLik: number;
}

export const REFERENCE_TOLERANCES: ReportTolerances = {
  closedForm: 1e-9,
  fixedEffect: 1e-6,
  standardError: 1e-4,
  varianceComponent: 1e-4,
  satterthwaiteDf: 1e-3,
  trajectoryT: 1e-4,
  trajectoryP: 1e-3,
  logLik: 1e-6,
};

/** Absolute precision of a chi-square upper tail computed as 1 - cdf (distributions/chi-square.ts). */
const LOG_RANK_P_ABSOLUTE = 1e-15;

export function expectReportMatches(
  actual: unknown,
  expected: unknown,
  tolerances: ReportTolerances = REFERENCE_TOLERANCES,
): void {
  compare(actual as Json, expected as Json, '', tolerances);
}

function toleranceFor(path: string, tolerances: ReportTolerances): number {
  if (!path.startsWith('trajectory')) return tolerances.closedForm;
  if (path.includes('randomEffects')) return tolerances.varianceComponent;
  if (path.endsWith('logLikREML')) return tolerances.logLik;
  if (path.endsWith('.estimate')) return tolerances.fixedEffect;
  if (path.endsWith('.se')) return tolerances.standardError;
  if (path.endsWith('.df')) return tolerances.satterthwaiteDf;
  if (path.endsWith('.t')) return tolerances.trajectoryT;
  if (path.endsWith('.p')) return tolerances.trajectoryP;
  return tolerances.closedForm;
}

function compare(actual: Json | undefined, expected: Json, path: string, tolerances: ReportTolerances): void {
  const where = path === '' ? 'report' : path;
  if (path === 'trajectory.randomEffects' && isObject(expected) && isObject(actual)) {
    compareRandomEffects(actual, expected, tolerances);
  } else if (typeof expected === 'number') {
    const relative = toleranceFor(path, tolerances);
    const tolerance = path === 'responseComparison.p' ? Math.max(relative, LOG_RANK_P_ABSOLUTE / Math.abs(expected)) : relative;
    expectClose(typeof actual === 'number' || actual === null ? actual : undefined, expected, tolerance, where);
  } else if (expected === null || typeof expected !== 'object') {
    if (actual !== expected) throw new Error(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      throw new Error(`${where}: expected an array of ${expected.length}, got ${JSON.stringify(actual)?.slice(0, 200)}`);
    }
    expected.forEach((item, i) => compare(actual[i], item, `${path}[${i}]`, tolerances));
  } else {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      throw new Error(`${where}: expected an object, got ${JSON.stringify(actual)?.slice(0, 200)}`);
    }
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) throw new Error(`${where}: missing field ${key}`);
      const label = /^\w+$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;
      compare(actual[key], value, label, tolerances);
    }
  }
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

function compareRandomEffects(
  actual: { [key: string]: Json },
  expected: { [key: string]: Json },
  tolerances: ReportTolerances,
): void {
  const { interceptSlopeCov, interceptVar, slopeVar, ...rest } = expected;
  for (const [key, value] of Object.entries({ interceptVar, slopeVar, ...rest })) {
    if (value === undefined) continue;
    if (!(key in actual)) throw new Error(`trajectory.randomEffects: missing field ${key}`);
    compare(actual[key], value, `trajectory.randomEffects.${key}`, tolerances);
  }
  if (interceptSlopeCov === undefined) return;
  const where = 'trajectory.randomEffects.interceptSlopeCov';
  if (typeof interceptSlopeCov !== 'number' || typeof interceptVar !== 'number' || typeof slopeVar !== 'number') {
    compare(actual.interceptSlopeCov, interceptSlopeCov, where, tolerances);
    return;
  }
  const got = actual.interceptSlopeCov;
  if (typeof got !== 'number') throw new Error(`${where}: expected ${interceptSlopeCov}, got ${JSON.stringify(got)}`);
  const scale = Math.sqrt(interceptVar * slopeVar);
  const error = Math.abs(got - interceptSlopeCov) / scale;
  if (!(error <= tolerances.varianceComponent)) {
    throw new Error(`${where}: expected ${interceptSlopeCov}, got ${got} (error ${error.toExponential(2)} on the correlation scale)`);
  }
}
