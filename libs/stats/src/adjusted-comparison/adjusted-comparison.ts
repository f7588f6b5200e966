/**
 * Therapists (or clinics) compared fairly, report-contract.md section 6: the REML fit of
 *   change ~ baseline_c + sessions_c + condition + (1 | unit)
 * over the model's clients (model-clients.ts), unit = therapist or clinic, and per unit its
 * case-mix expectation, its shrunken effect with an interval, and a signal. One code path for both
 * groupings: only the names of the fields differ (`therapistVar`, `therapists`, `therapist` or
 * `clinicVar`, `clinics`, `clinic`).
 */
import { compareCodePoints } from '../ordering/compare-code-points.js';
import type { FixedEffect } from '../report/report-types.js';
import { fitRandomIntercept } from './fit-random-intercept.js';
import type { ModelClient } from './model-clients.js';

export type ComparisonUnit = 'therapist' | 'clinic';

/** The contract's minimums: fewer units or clients and the comparison is null. */
export const MIN_UNITS = 3;
export const MIN_CLIENTS = 10;

/** z for a 95% interval, the contract's 1.959964. */
const Z_95 = 1.959964;

export type Signal = 'above' | 'within' | 'below';

interface UnitEntryNumbers {
  nClients: number;
  observedMeanChange: number;
  /** The mean of the fixed part over the unit's clients: what their case mix predicts. */
  expectedMeanChange: number;
  /** The conditional mode of the unit's intercept (R's ranef). */
  effect: number;
  /** Its conditional SD (ranef(fit, condVar = TRUE)). */
  effectSd: number;
  ciLow: number;
  ciHigh: number;
  /** (Intercept) + effect: the unit's expected change for an average client. */
  adjustedMeanChange: number;
  signal: Signal;
}

export type TherapistEntry = { therapist: string } & UnitEntryNumbers;
export type ClinicEntry = { clinic: string } & UnitEntryNumbers;

interface ComparisonNumbers {
  /** Terms `(Intercept)`, `baseline_c`, `sessions_c`, `condition[B]`. */
  fixedEffects: FixedEffect[];
  residualVar: number;
  /** unitVar / (unitVar + residualVar). */
  icc: number;
  singular: boolean;
  nClients: number;
  /** Added to the contract: the fit's REML log-likelihood, convergence and lmerTest's warnings. */
  logLikREML: number;
  converged: boolean;
  warnings: string[];
}

export type TherapistComparison = ComparisonNumbers & {
  therapistVar: number;
  nTherapists: number;
  therapists: TherapistEntry[];
};
export type ClinicComparison = ComparisonNumbers & {
  clinicVar: number;
  nClinics: number;
  clinics: ClinicEntry[];
};
export type AdjustedComparison = TherapistComparison | ClinicComparison;

export function signalOf(ciLow: number, ciHigh: number): Signal {
  if (ciLow > 0) return 'above';
  if (ciHigh < 0) return 'below';
  return 'within';
}

/** `mean(values)` computed about the first value, so that values near 2000 keep their spread. */
function centredMean(values: readonly number[]): number {
  const origin = values[0];
  let sum = 0;
  for (const value of values) sum += value - origin;
  return origin + sum / values.length;
}

export function adjustedComparison(
  clients: readonly ModelClient[],
  by: 'therapist',
): TherapistComparison | null;
export function adjustedComparison(clients: readonly ModelClient[], by: 'clinic'): ClinicComparison | null;
export function adjustedComparison(
  clients: readonly ModelClient[],
  by: ComparisonUnit,
): AdjustedComparison | null;
/**
 * The comparison by therapist or by clinic, or null with fewer than 3 units or 10 clients (or when
 * the model cannot be fitted: no more clients than units, or a perfect fit). The model's clients are
 * those whose session-1 reading names their unit.
 */
export function adjustedComparison(
  clients: readonly ModelClient[],
  by: ComparisonUnit,
): AdjustedComparison | null {
  const members = clients.filter((client) => client[by] !== null);
  const unitNames = [...new Set(members.map((client) => client[by] as string))].sort(compareCodePoints);
  if (unitNames.length < MIN_UNITS || members.length < MIN_CLIENTS) return null;
  const unitIndex = new Map(unitNames.map((name, index) => [name, index]));
  const conditions = [...new Set(members.map((client) => client.condition))].sort(compareCodePoints);
  const conditionIndex = new Map(conditions.map((name, index) => [name, index]));
  const conditionTerms = conditions.slice(1).map((name) => `condition[${name}]`);
  const terms = ['(Intercept)', 'baseline_c', 'sessions_c', ...conditionTerms];
  const p = terms.length;

  const baselineMean = centredMean(members.map((client) => client.baseline));
  const sessionsMean = centredMean(members.map((client) => client.lastSession - 1));
  const n = members.length;
  const unit = new Int32Array(n);
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  members.forEach((client, i) => {
    unit[i] = unitIndex.get(client[by] as string) ?? 0;
    x[i * p] = 1;
    x[i * p + 1] = client.baseline - baselineMean;
    x[i * p + 2] = client.lastSession - 1 - sessionsMean;
    const condition = conditionIndex.get(client.condition) ?? 0;
    if (condition > 0) x[i * p + 2 + condition] = 1;
    y[i] = client.change;
  });

  const fit = fitRandomIntercept({ unit, x, y, p, unitCount: unitNames.length }, terms);
  if (fit === null) return null;
  const intercept = fit.fixedEffects[0].estimate ?? Number.NaN;
  const entries = fit.units.map((effect, j) => {
    const ciLow = effect.effect - Z_95 * effect.effectSd;
    const ciHigh = effect.effect + Z_95 * effect.effectSd;
    return {
      name: unitNames[j],
      numbers: {
        nClients: effect.nClients,
        observedMeanChange: effect.observedMean,
        expectedMeanChange: effect.expectedMean,
        effect: effect.effect,
        effectSd: effect.effectSd,
        ciLow,
        ciHigh,
        adjustedMeanChange: intercept + effect.effect,
        signal: signalOf(ciLow, ciHigh),
      },
    };
  });
  const common: ComparisonNumbers = {
    fixedEffects: fit.fixedEffects,
    residualVar: fit.residualVar,
    icc: fit.unitVar / (fit.unitVar + fit.residualVar),
    singular: fit.singular,
    nClients: n,
    logLikREML: fit.logLikREML,
    converged: fit.converged,
    warnings: fit.warnings,
  };
  if (by === 'therapist') {
    return {
      ...common,
      therapistVar: fit.unitVar,
      nTherapists: unitNames.length,
      therapists: entries.map(({ name, numbers }) => ({ therapist: name, ...numbers })),
    };
  }
  return {
    ...common,
    clinicVar: fit.unitVar,
    nClinics: unitNames.length,
    clinics: entries.map(({ name, numbers }) => ({ clinic: name, ...numbers })),
  };
}
