/**
 * Which statements about a technique the evidence supports (issue "Who sees what", claims), from a
 * report by technique. A claim compares a treatment with a control group (a sham or a wait-list)
 * on the cumulative change at the endpoint session, and is offered only when all of these hold:
 *
 * - a controlled comparison: the control is a sham or wait-list group;
 * - at least MIN_CLIENTS_PER_GROUP clients with the change in each group;
 * - Holm-adjusted p < ALPHA over all the report's pairwise comparisons;
 * - the 95% interval of the difference excludes zero, on the side of improvement.
 *
 * Anything short of that is a refusal that names what is missing, never a weaker claim. Pure: the
 * service feeds it a report and stores what it issues.
 */
import type { GroupComparison, MeasureDefinition } from '@threshold/stats';

export const MIN_CLIENTS_PER_GROUP = 30;
export const ALPHA = 0.05;

/** Group names that denote a control condition: no active treatment, or a sham of one. */
const CONTROL_PATTERN = /(^|[_\s-])(sham|placebo|wait[_\s-]?list|waiting[_\s-]?list|no[_\s-]?treatment)($|[_\s-])/i;

export function isControlGroup(name: string): boolean {
  return CONTROL_PATTERN.test(name);
}

export interface SupportedClaim {
  treatment: string;
  control: string;
  /** Treatment minus control, in the measure's unit, oriented so that positive is better. */
  benefit: number;
  ciLow: number;
  ciHigh: number;
  nTreatment: number;
  nControl: number;
  pHolm: number;
  hedgesG: number | null;
  endpointSession: number;
}

export interface Refusal {
  /** The kind of claim refused (observational-claims.ts for `observational`). */
  kind: 'controlled' | 'observational';
  /** The treatment (controlled), or the group (observational: a technique or `all`). */
  treatment: string | null;
  control: string | null;
  /** What the evidence lacks, one sentence each. */
  missing: string[];
}

/** What the rules read of a report (a marketing report's suppressed groups have names only). */
export interface ClaimableReport {
  groups: readonly { name: string; cumulative?: readonly { session: number; suppressed?: boolean }[] }[];
  comparisons: readonly GroupComparison[];
  endpointSession: number | null;
  unit: string;
  /**
   * How many comparisons Holm's adjustment was made over: all pairs of the report as computed,
   * including those suppression withheld afterwards (default: the comparisons given).
   */
  holmFamily?: number;
}

export interface ClaimEvaluation {
  supported: SupportedClaim[];
  refusals: Refusal[];
}

/**
 * @param suppressed groups whose numbers are not published (fewer clients than the suppression
 *   minimum): no claim can rest on them, and the refusal says so.
 */
export function evaluateClaims(
  report: ClaimableReport,
  measure: MeasureDefinition,
  suppressed: readonly string[] = [],
  minimum = 0,
  minClients = MIN_CLIENTS_PER_GROUP,
): ClaimEvaluation {
  const holmFamily = report.holmFamily ?? report.comparisons.length;
  const names = report.groups.map((group) => group.name);
  const controls = names.filter(isControlGroup);
  const treatments = names.filter((name) => !isControlGroup(name));
  if (controls.length === 0) {
    return {
      supported: [],
      refusals: [
        {
          kind: 'controlled',
          treatment: null,
          control: null,
          missing: [
            `no controlled comparison: the data have no sham or wait-list group (groups: ${names.join(', ') || 'none'}); ` +
              'a claim that a technique works needs clients who did not receive it, measured the same way',
          ],
        },
      ],
    };
  }
  if (treatments.length === 0) {
    return { supported: [], refusals: [{ kind: 'controlled', treatment: null, control: null, missing: ['no treated group: every group is a control'] }] };
  }

  const supported: SupportedClaim[] = [];
  const refusals: Refusal[] = [];
  for (const treatment of treatments) {
    for (const control of controls) {
      const small = [treatment, control].filter((group) => suppressed.includes(group));
      if (small.length > 0) {
        refusals.push({
          kind: 'controlled',
          treatment,
          control,
          missing: small.map((group) => `suppressed: too few clients: fewer than ${minimum} in ${group}, whose numbers are not published (small-cell suppression)`),
        });
      }
    }
  }
  const sign = measure.direction === 'higher-is-better' ? 1 : -1;
  for (const treatment of treatments) {
    for (const control of controls) {
      if (suppressed.includes(treatment) || suppressed.includes(control)) continue;
      const comparison = report.comparisons.find(
        (c) => (c.a === treatment && c.b === control) || (c.a === control && c.b === treatment),
      );
      const missing: string[] = [];
      if (comparison === undefined) {
        // Suppression withholds a comparison whose groups have fewer than `minimum` clients at the
        // endpoint: that is the reason then, not a lack of follow-up.
        const withheld = [treatment, control].filter((group) => isEndpointSuppressed(report, group));
        if (withheld.length > 0) {
          for (const group of withheld) {
            missing.push(`suppressed: fewer than ${minimum} clients of ${group} have a change at session ${report.endpointSession}, so small-cell suppression withholds the comparison`);
          }
        } else {
          missing.push(`no comparison at an endpoint: clients need a value at session 1 and at a later session (endpoint ${report.endpointSession ?? 'none'})`);
        }
        refusals.push({ kind: 'controlled', treatment, control, missing });
        continue;
      }
      const oriented = orient(comparison, treatment);
      if (oriented.nTreatment < minClients) {
        missing.push(`too few clients: ${oriented.nTreatment} with ${treatment} at session ${comparison.endpointSession}, at least ${minClients} needed`);
      }
      if (oriented.nControl < minClients) {
        missing.push(`too few clients: ${oriented.nControl} in ${control} at session ${comparison.endpointSession}, at least ${minClients} needed`);
      }
      if (comparison.pHolm === null || oriented.diff === null || oriented.ciLow === null || oriented.ciHigh === null) {
        missing.push('the difference cannot be tested (too few clients with a change, or no variation)');
      } else {
        if (!(comparison.pHolm < ALPHA)) {
          missing.push(`not significant after adjusting for ${holmFamily} comparisons: Holm-adjusted p = ${formatP(comparison.pHolm)}, below ${ALPHA} needed`);
        }
        const benefitLow = Math.min(sign * oriented.ciLow, sign * oriented.ciHigh);
        const benefitHigh = Math.max(sign * oriented.ciLow, sign * oriented.ciHigh);
        if (benefitLow <= 0 && benefitHigh >= 0) {
          missing.push(`the 95% interval of the difference includes zero (${round(oriented.ciLow)} to ${round(oriented.ciHigh)} ${report.unit})`);
        } else if (benefitHigh < 0) {
          missing.push(`${treatment} did worse than ${control}: no favourable claim can be made`);
        }
        if (missing.length === 0) {
          supported.push({
            treatment,
            control,
            benefit: sign * oriented.diff,
            ciLow: benefitLow,
            ciHigh: benefitHigh,
            nTreatment: oriented.nTreatment,
            nControl: oriented.nControl,
            pHolm: comparison.pHolm,
            hedgesG: oriented.hedgesG === null ? null : sign * oriented.hedgesG,
            endpointSession: comparison.endpointSession,
          });
          continue;
        }
      }
      refusals.push({ kind: 'controlled', treatment, control, missing });
    }
  }
  return { supported, refusals };
}

function isEndpointSuppressed(report: ClaimableReport, group: string): boolean {
  const cells = report.groups.find((candidate) => candidate.name === group)?.cumulative ?? [];
  return cells.some((cell) => cell.session === report.endpointSession && cell.suppressed === true);
}

/** The comparison as treatment minus control (the report's pairs are in code-point order). */
function orient(comparison: GroupComparison, treatment: string) {
  const treatmentIsB = comparison.b === treatment;
  const flip = (value: number | null) => (value === null ? null : treatmentIsB ? value : -value);
  return {
    diff: flip(comparison.diff),
    ciLow: treatmentIsB ? comparison.ciLow : flip(comparison.ciHigh),
    ciHigh: treatmentIsB ? comparison.ciHigh : flip(comparison.ciLow),
    hedgesG: flip(comparison.hedgesG),
    nTreatment: treatmentIsB ? comparison.nB : comparison.nA,
    nControl: treatmentIsB ? comparison.nA : comparison.nB,
  };
}

export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

export function round(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
