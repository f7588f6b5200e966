/**
 * The words of a claim and of its evidence pack: what marketing may quote, with the interval, the
 * numbers of clients, the period and the limits that must travel with it (UK CAP Code rule 3.7:
 * objective claims need documentary evidence; rule 12.1: health claims normally need evidence
 * from trials on people — which routine clinic data are not, hence the limits).
 */
import type { MeasureDefinition } from '@threshold/stats';
import { ALPHA, formatP, MIN_CLIENTS_PER_GROUP, round, type SupportedClaim } from './claim-evaluator.js';
import { ALL_CLIENTS, type ObservationalClaim } from './observational-claims.js';
import type { PublishedStudy } from './published-studies.js';
import type { TimeToResponseClaim } from './time-to-response-claims.js';

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
export function methodInWords(measure: MeasureDefinition, minClients = MIN_CLIENTS_PER_GROUP): string[] {
  return [
    `Measure: ${measure.label} in ${measure.canonicalUnit} (readings converted to ${measure.canonicalUnit}; repeated readings at a site averaged, then sites averaged).`,
    'Each client belongs to the technique of their first session. The change of a client is their value before the endpoint session minus their value before session 1.',
    "Treatment and control are compared on the mean change with Welch's t-test (unequal variances), its 95% confidence interval, and Hedges' g; p-values are adjusted with Holm's method over every pair of techniques compared.",
    'An ANCOVA (endpoint value on baseline value and technique) is reported beside it as a check that baseline differences do not explain the result.',
    `A claim is offered only when the comparison is with a sham or wait-list group, each group has at least ${minClients} clients, the Holm-adjusted p is below ${ALPHA} and the 95% interval excludes zero on the side of improvement.`,
    'Numbers of groups with fewer clients than the suppression minimum are not published and not used.',
  ];
}

/** "20.6 kPa", "2 points": an amount of the measure as a reader says it. */
function amount(value: number, measure: MeasureDefinition): string {
  const unit = measure.canonicalUnit === 'score' ? 'points' : measure.canonicalUnit;
  return `${round(value)} ${unit}`;
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

/** The sentence every observational claim carries, so that it cannot be read as a comparison. */
export const NOT_A_COMPARISON =
  'This is the change in our own clients over their treatment, not a comparison with clients who were not treated.';

/**
 * An observational claim, worded as issue 17 gives it: "Across N clients treated between FROM and
 * TO, pressure-pain threshold rose by a mean of X kPa (95% CI a to b) from their first to their
 * last session; P% (95% CI) improved by at least the clinically meaningful 20.6 kPa." and the
 * sentence that it is not a comparison. The amounts are sizes in the direction of improvement
 * ("pain fell by 2.1 points"), so the interval reads from the smaller to the larger size.
 */
export function observationalStatement(claim: ObservationalClaim, measure: MeasureDefinition, period: Period, mcid: number): string {
  const sign = measure.direction === 'higher-is-better' ? 1 : -1;
  const moved = measure.direction === 'higher-is-better' ? 'rose' : 'fell';
  const low = Math.min(sign * claim.ciLow, sign * claim.ciHigh);
  const high = Math.max(sign * claim.ciLow, sign * claim.ciHigh);
  const who = claim.group === ALL_CLIENTS ? 'clients treated' : `clients treated with ${groupLabel(claim.group)}`;
  const when = period.from !== null && period.to !== null ? ` between ${period.from} and ${period.to}` : '';
  const threshold =
    measure.defaultMcid !== null && Math.abs(mcid - measure.defaultMcid) < 1e-9
      ? `the clinically meaningful ${amount(mcid, measure)}`
      : `${amount(mcid, measure)} (the threshold chosen for this claim)`;
  const r = claim.responders;
  return (
    `Across ${claim.n} ${who}${when}, ${measureName(measure)} ${moved} by a mean of ${amount(sign * claim.meanChange, measure)} ` +
    `(95% CI ${round(low)} to ${round(high)}) from their first to their last session; ${percent(r.rate)} ` +
    `(95% CI ${percent(r.ciLow)} to ${percent(r.ciHigh)}) improved by at least ${threshold}. ${NOT_A_COMPARISON}`
  );
}

/**
 * A claim about how many sessions it took (issue 18's "half of our clients reached a clinically
 * meaningful improvement by session K (95% CI)"), worded as the dashboard words the median: K is
 * the number of sessions of treatment had (report-contract.md 5), so "after K sessions", which
 * cannot be misread as the session at which the change was measured (session K + 1):
 * "Half of our clients treated with Swedish massage between … reached a clinically meaningful
 * improvement (at least 20.6 kPa in pressure-pain threshold since their first session) after 6
 * sessions (95% CI 5 to 7; 780 clients, those who stopped earlier counted for the sessions they
 * had)." and the sentence that it is not a comparison.
 */
export function timeToResponseStatement(claim: TimeToResponseClaim, measure: MeasureDefinition, period: Period, mcid: number): string {
  const who = claim.group === ALL_CLIENTS ? 'Half of our clients' : `Half of our clients treated with ${groupLabel(claim.group)}`;
  const when = period.from !== null && period.to !== null ? ` between ${period.from} and ${period.to}` : '';
  const threshold =
    measure.defaultMcid !== null && Math.abs(mcid - measure.defaultMcid) < 1e-9
      ? 'a clinically meaningful improvement'
      : 'an improvement of the size chosen for this claim';
  const k = claim.medianSessions;
  return (
    `${who}${when} reached ${threshold} (at least ${amount(mcid, measure)} in ${measureName(measure)} since their first session) ` +
    `after ${k} session${k === 1 ? '' : 's'} (95% CI ${claim.ciLow} to ${claim.ciHigh}; ${claim.n} clients, those who stopped earlier counted for the sessions they had). ` +
    NOT_A_COMPARISON
  );
}

/** What a claim about the sessions it took does not say. */
export function timeToResponseLimits(): string[] {
  return [
    'Sessions until a change within the same clients: with no untreated group, it cannot say how much of the change the treatment caused, nor how fast clients would have improved without it.',
    'A client who stopped coming before reaching the change counts for the sessions they had and no longer (Kaplan-Meier censoring); if those who stopped early were doing worse, the median is too short.',
    "Measured by the clinics' own staff, who knew which technique each client received.",
    "The figures describe these clinics' clients in this period; they are not a promise of how many sessions any individual will need.",
  ];
}

export function timeToResponseMethod(measure: MeasureDefinition, minClients: number, suppressionMinimum: number): string[] {
  return [
    `Measure: ${measure.label} in ${measure.canonicalUnit} (readings converted to ${measure.canonicalUnit}; repeated readings at a site averaged, then sites averaged).`,
    "A client's time to a meaningful change is the number of sessions of treatment they had before the first session whose value, before treatment, had improved by at least the MCID since session 1; a client who never got there is censored at their last session (report-contract.md section 5).",
    "The median and its 95% interval are the Kaplan-Meier estimate's, as R's survfit and quantile compute them (log-log interval); all clients together are pooled exactly from the published technique groups' counts.",
    `Small-cell suppression (fewer than ${suppressionMinimum} clients, with complementary suppression) is applied first: the curve is computed on the clients of the published groups only, and never published whole.`,
    `A claim is offered only when at least ${minClients} clients are followed, the median and both ends of its interval are reached, and at least ${suppressionMinimum} clients are still followed at the interval's upper end.`,
  ];
}

/** "pressure-pain threshold", "pain (numeric rating scale)": the measure inside a sentence. */
function measureName(measure: MeasureDefinition): string {
  return measure.label.toLowerCase().replace(/, (.+)$/, ' ($1)');
}

/** What an observational claim does not say. */
export function observationalLimits(): string[] {
  return [
    'A change within the same clients, before and after their treatment: with no untreated group, it cannot say how much of the change the treatment caused (recovery over time, regression to the mean and getting used to the measurement also move readings).',
    'Only clients with a reading at session 1 and at a later session are counted; clients measured once are not in the numbers, and each client counts at their last session with a reading.',
    "Measured by the clinics' own staff, who knew which technique each client received.",
    "The figures describe these clinics' clients in this period; they are not a promise of any individual's result.",
  ];
}

export function observationalMethod(measure: MeasureDefinition, minClients: number, suppressionMinimum: number): string[] {
  return [
    `Measure: ${measure.label} in ${measure.canonicalUnit} (readings converted to ${measure.canonicalUnit}; repeated readings at a site averaged, then sites averaged).`,
    "Each client belongs to the technique of their first session. A client's change is their value before their last session with a value minus their value before session 1 (the report's courseChange).",
    'The mean change has a 95% confidence interval from the t distribution (a one-sample t-test of the changes); all clients together are pooled exactly from the published technique groups.',
    'Responders are the same clients whose change reached the MCID in the direction of improvement; their share has a Wilson 95% interval.',
    `Small-cell suppression (fewer than ${suppressionMinimum} clients, with complementary suppression) is applied before anything is judged: a claim rests only on published numbers.`,
    `A claim is offered only when at least ${minClients} clients have the change and the 95% interval of the mean change excludes zero on the side of improvement.`,
  ];
}

/** "Our clients' change: +31.2 kPa (95% CI 28.0 to 34.4). In the trial (Moraska et al. 2017): …" — side by side, never merged. */
export function besideStudy(claim: ObservationalClaim, measure: MeasureDefinition, study: PublishedStudy): string {
  const sign = measure.direction === 'higher-is-better' ? 1 : -1;
  const low = Math.min(sign * claim.ciLow, sign * claim.ciHigh);
  const high = Math.max(sign * claim.ciLow, sign * claim.ciHigh);
  const moved = measure.direction === 'higher-is-better' ? 'a rise' : 'a fall';
  return (
    `Our clients' change, first to last session: ${moved} of ${amount(sign * claim.meanChange, measure)} (95% CI ${round(low)} to ${round(high)}; ${claim.n} clients). ` +
    `In the trial (${study.shortCitation}): ${study.trialResult}. The two are separate results and are not combined.`
  );
}
