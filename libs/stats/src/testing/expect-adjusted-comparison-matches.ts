/**
 * Test helper: asserts that an adjusted comparison (report-contract.md section 6, by therapist or
 * by clinic) matches R's (libs/stats/test-fixtures/adjusted-comparison/expected-adjusted.R) number
 * by number. Tolerances, relative, as the trajectory's: 1e-6 for estimates and for the mean changes
 * that follow from them, 1e-4 for standard errors, variances and conditional SDs (and t), 1e-3 for
 * df, 1e-4 for p. The effects are differences from the intercept: within 1e-4 of themselves or of
 * their conditional SD. A number that is 0 in theory (the unit variance of a singular fit, which lme4
 * leaves at ~1e-16, and the effects and SDs that follow from it) is compared absolutely, against
 * 1e-8 of the residual variance (1e-6 of the residual SD for effects). Throws a plain Error (no
 * dependency on the test runner).
 */
import type { FixedEffect } from '../report/report-types.js';
import { expectClose } from './expect-close.js';

export const ADJUSTED_TOLERANCES = {
  estimate: 1e-6,
  se: 1e-4,
  variance: 1e-4,
  df: 1e-3,
  p: 1e-4,
  logLik: 1e-6,
};

interface UnitEntry {
  therapist?: string;
  clinic?: string;
  nClients: number;
  observedMeanChange: number;
  expectedMeanChange: number;
  effect: number;
  effectSd: number;
  ciLow: number;
  ciHigh: number;
  adjustedMeanChange: number;
  signal: string;
}

/** One grouping of NAME.expected.json: R's report object, θ and REML log-likelihood. */
export interface ExpectedAdjustedFit {
  report: Record<string, unknown> & {
    fixedEffects: FixedEffect[];
    residualVar: number;
    icc: number;
    singular: boolean;
    nClients: number;
  };
  theta: number;
  logLikREML: number;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function closeOrZero(actual: unknown, expected: number, relTol: number, zero: number, label: string): void {
  if (Math.abs(expected) < zero) {
    check(
      typeof actual === 'number' && Math.abs(actual) < zero,
      `${label}: expected |x| < ${zero}, got ${String(actual)}`,
    );
  } else {
    expectClose(actual as number, expected, relTol, label);
  }
}

export function expectAdjustedComparisonMatches(
  actual: Record<string, unknown>,
  expected: ExpectedAdjustedFit,
  by: 'therapist' | 'clinic',
): void {
  const report = expected.report;
  const T = ADJUSTED_TOLERANCES;
  const countKey = by === 'therapist' ? 'nTherapists' : 'nClinics';
  check(
    actual.nClients === report.nClients,
    `nClients: expected ${report.nClients}, got ${String(actual.nClients)}`,
  );
  check(
    actual[countKey] === report[countKey],
    `${countKey}: expected ${String(report[countKey])}, got ${String(actual[countKey])}`,
  );
  check(
    actual.singular === report.singular,
    `singular: expected ${report.singular}, got ${String(actual.singular)}`,
  );
  const terms = actual.fixedEffects as FixedEffect[];
  check(
    JSON.stringify(terms.map((term) => term.term)) ===
      JSON.stringify(report.fixedEffects.map((term) => term.term)),
    `terms: expected ${report.fixedEffects.map((term) => term.term).join(', ')}, got ${terms.map((term) => term.term).join(', ')}`,
  );
  terms.forEach((term, k) => {
    const r = report.fixedEffects[k];
    expectClose(term.estimate, r.estimate, T.estimate, `${r.term} estimate`);
    expectClose(term.se, r.se, T.se, `${r.term} se`);
    expectClose(term.df, r.df, T.df, `${r.term} df`);
    expectClose(term.t, r.t, T.se, `${r.term} t`);
    expectClose(term.p, r.p, T.p, `${r.term} p`);
  });
  const residualVar = report.residualVar;
  const zeroVariance = 1e-8 * residualVar;
  const zeroEffect = 1e-6 * Math.sqrt(residualVar);
  expectClose(actual.residualVar as number, residualVar, T.variance, 'residualVar');
  closeOrZero(actual[`${by}Var`], report[`${by}Var`] as number, T.variance, zeroVariance, `${by}Var`);
  closeOrZero(actual.icc, report.icc, T.variance, 1e-8, 'icc');
  if ('logLikREML' in actual)
    expectClose(actual.logLikREML as number, expected.logLikREML, T.logLik, 'logLikREML');

  const entries = actual[`${by}s`] as UnitEntry[];
  const wanted = report[`${by}s`] as UnitEntry[];
  check(
    JSON.stringify(entries.map((entry) => entry[by])) === JSON.stringify(wanted.map((entry) => entry[by])),
    `${by}s: not R's list in R's order`,
  );
  entries.forEach((entry, j) => {
    const r = wanted[j];
    const label = (what: string): string => `${r[by]} ${what}`;
    check(
      entry.nClients === r.nClients,
      `${label('nClients')}: expected ${r.nClients}, got ${entry.nClients}`,
    );
    expectClose(entry.observedMeanChange, r.observedMeanChange, 1e-9, label('observedMeanChange'));
    expectClose(entry.expectedMeanChange, r.expectedMeanChange, T.estimate, label('expectedMeanChange'));
    expectClose(entry.adjustedMeanChange, r.adjustedMeanChange, T.estimate, label('adjustedMeanChange'));
    const allowed = Math.max(T.se * Math.abs(r.effect), T.se * r.effectSd, zeroEffect);
    check(
      Math.abs(entry.effect - r.effect) <= allowed,
      `${label('effect')}: expected ${r.effect} within ${allowed}, got ${entry.effect}`,
    );
    closeOrZero(entry.effectSd, r.effectSd, T.variance, zeroEffect, label('effectSd'));
    const intervalAllowed = allowed + T.variance * 2 * r.effectSd;
    check(
      Math.abs(entry.ciLow - r.ciLow) <= intervalAllowed,
      `${label('ciLow')}: expected ${r.ciLow}, got ${entry.ciLow}`,
    );
    check(
      Math.abs(entry.ciHigh - r.ciHigh) <= intervalAllowed,
      `${label('ciHigh')}: expected ${r.ciHigh}, got ${entry.ciHigh}`,
    );
    check(entry.signal === r.signal, `${label('signal')}: expected ${r.signal}, got ${entry.signal}`);
  });
}
