// Public surface of the adjusted comparison of therapists and clinics (report-contract.md section 6).
export {
  adjustedComparison,
  type AdjustedComparison,
  type ClinicComparison,
  type ClinicEntry,
  type ComparisonUnit,
  MIN_CLIENTS,
  MIN_UNITS,
  type Signal,
  signalOf,
  type TherapistComparison,
  type TherapistEntry,
} from './adjusted-comparison.js';
export { fitRandomIntercept, type RandomInterceptFit, type UnitEffect } from './fit-random-intercept.js';
export { type ModelClient, ModelClientsBuilder, type ProviderObservation } from './model-clients.js';
export type { UnitRows } from './unit-sums.js';
