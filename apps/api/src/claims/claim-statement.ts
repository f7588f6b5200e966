/**
 * The words of a claim and of its evidence pack: what marketing may quote, with the interval, the
 * numbers of clients, the period and the limits that must travel with it (UK CAP Code rule 3.7:
 * objective claims need documentary evidence; rule 12.1: health claims normally need evidence
 * from trials on people — which routine clinic data are not, hence the limits).
 */
import type { MeasureDefinition } from '@threshold/stats';
import { ALPHA, formatP, MIN_CLIENTS_PER_GROUP, round, type SupportedClaim } from './claim-evaluator.js';

export interface Period {
  from: string | null;
  to: string | null;
}

/** `trigger_point_release` -> `trigger-point release`: group codes as a reader says them. */
export function groupLabel(code: string): string {
  return code.replace(/_point_/g, '-point ').replace(/_/g, ' ');
}

export function claimStatement(claim: SupportedClaim, measure: MeasureDefinition, period: Period): string {
  const when = period.from !== null && period.to !== null ? `Between ${period.from} and ${period.to}, c` : 'C';
  const change = measure.direction === 'higher-is-better' ? 'raised' : 'lowered';
  const unit = measure.canonicalUnit === 'score' ? 'points' : measure.canonicalUnit;
  return (
    `${when}lients treated with ${groupLabel(claim.treatment)} ${change} their ${measure.label.toLowerCase()} by ` +
    `${round(claim.benefit)} ${unit} more than ${groupLabel(claim.control)} clients between session 1 and session ` +
    `${claim.endpointSession} (95% CI ${round(claim.ciLow)} to ${round(claim.ciHigh)} ${unit}; ` +
    `${claim.nTreatment} and ${claim.nControl} clients; Holm-adjusted p ${formatP(claim.pHolm).startsWith('<') ? formatP(claim.pHolm) : `= ${formatP(claim.pHolm)}`}).`
  );
}

export function claimLimits(claim: SupportedClaim): string[] {
  return [
    'Observational data from routine clinic practice, not a randomised trial: clients were not assigned to techniques at random, and the groups may differ in ways that affect the outcome.',
    `Only clients measured at session 1 and at session ${claim.endpointSession} are compared; clients who stopped earlier are not in the numbers.`,
    'Measured by the clinics\' own staff, who knew which technique each client received.',
    'The figures describe these clinics\' clients in this period; they are not a promise of any individual\'s result.',
  ];
}

/** The method, in words, for the evidence pack. */
export function methodInWords(measure: MeasureDefinition): string[] {
  return [
    `Measure: ${measure.label} in ${measure.canonicalUnit} (readings converted to ${measure.canonicalUnit}; repeated readings at a site averaged, then sites averaged).`,
    'Each client belongs to the technique of their first session. The change of a client is their value before the endpoint session minus their value before session 1.',
    "Treatment and control are compared on the mean change with Welch's t-test (unequal variances), its 95% confidence interval, and Hedges' g; p-values are adjusted with Holm's method over every pair of techniques compared.",
    'An ANCOVA (endpoint value on baseline value and technique) is reported beside it as a check that baseline differences do not explain the result.',
    `A claim is offered only when the comparison is with a sham or wait-list group, each group has at least ${MIN_CLIENTS_PER_GROUP} clients, the Holm-adjusted p is below ${ALPHA} and the 95% interval excludes zero on the side of improvement.`,
    'Numbers of groups with fewer clients than the suppression minimum are not published and not used.',
  ];
}
