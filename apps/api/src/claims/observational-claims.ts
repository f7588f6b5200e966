/**
 * Claims about what a practice's own clients did (issue 17, `observational`): per technique and
 * for all clients, the change from session 1 to each client's last session with a pre value
 * (the report's `courseChange`) and the share that improved by at least the MCID (`responders`,
 * over exactly the same clients), read from the report marketing may see (suppressed). Offered
 * when all of these hold:
 *
 * - the group passes small-cell suppression (its numbers are published);
 * - at least `minClients` clients have the change (THRESHOLD_CLAIM_MIN_CLIENTS, 30 by default);
 * - the 95% interval of the mean change excludes zero on the side of improvement.
 *
 * All clients together are pooled from the published technique groups (the pooled mean and sum of
 * squares are exact: mergeMoments) and only when no group is suppressed: with a suppressed group,
 * "all clients" minus the published groups would give the suppressed group's numbers by
 * subtraction, and "all clients of the published groups" would not be all clients.
 *
 * Pure: the service feeds it the report and stores what it issues.
 */
import {
  mergeMoments,
  pairedTTest,
  responderSummaryFromCount,
  EMPTY_MOMENTS,
  type CourseChange,
  type MeasureDefinition,
  type Moments,
  type ResponderSummary,
} from '@threshold/stats';
import { round, type Refusal } from './claim-evaluator.js';

/** The name of the group of all clients (as the report's by=all names it). */
export const ALL_CLIENTS = 'all';

export interface ObservationalClaim {
  /** A technique, or `all` for every client. */
  group: string;
  n: number;
  /** Mean change, first to last session, in the measure's unit (its sign as measured). */
  meanChange: number;
  sd: number;
  ciLow: number;
  ciHigh: number;
  p: number | null;
  responders: ResponderSummary & { rate: number; ciLow: number; ciHigh: number };
}

/** A group as the marketing report gives it: published with numbers, or suppressed with a name only. */
export interface ReportGroup {
  name: string;
  suppressed?: boolean;
  courseChange: (Partial<CourseChange> & { suppressed?: boolean }) | null;
  responders: (Partial<ResponderSummary> & { suppressed?: boolean }) | null;
}

export interface ObservationalInputs {
  groups: readonly ReportGroup[];
  /** The suppressed groups, by name. */
  suppressedGroups: readonly string[];
  suppressionMinimum: number;
  minClients: number;
  mcid: number;
}

export interface ObservationalEvaluation {
  supported: ObservationalClaim[];
  refusals: Refusal[];
}

export function evaluateObservational(inputs: ObservationalInputs, measure: MeasureDefinition): ObservationalEvaluation {
  const supported: ObservationalClaim[] = [];
  const refusals: Refusal[] = [];
  const judge = (group: string, numbers: ObservationalClaim | string): void => {
    if (typeof numbers === 'string') {
      refusals.push({ kind: 'observational', treatment: group, control: null, missing: [numbers] });
      return;
    }
    const missing = criteriaMissing(numbers, inputs.minClients, measure);
    if (missing.length === 0) supported.push(numbers);
    else refusals.push({ kind: 'observational', treatment: group, control: null, missing });
  };

  const published: { name: string; numbers: ObservationalClaim | string }[] = inputs.groups.map((group) => ({
    name: group.name,
    numbers: groupNumbers(group, inputs),
  }));
  judge(ALL_CLIENTS, allClients(published, inputs));
  for (const { name, numbers } of published) judge(name, numbers);
  return { supported, refusals };
}

/** What a group lacks for an observational claim, one sentence each; empty when it is supported. */
export function criteriaMissing(claim: ObservationalClaim, minClients: number, measure: MeasureDefinition): string[] {
  const missing: string[] = [];
  const who = claim.group === ALL_CLIENTS ? 'all clients' : claim.group;
  if (claim.n < minClients) {
    missing.push(`too few clients: ${claim.n} in ${who} with a change from their first to their last session, at least ${minClients} needed`);
  }
  const sign = measure.direction === 'higher-is-better' ? 1 : -1;
  const low = Math.min(sign * claim.ciLow, sign * claim.ciHigh);
  const high = Math.max(sign * claim.ciLow, sign * claim.ciHigh);
  if (high < 0) {
    missing.push(`${who} got worse on average from their first to their last session (95% CI ${round(claim.ciLow)} to ${round(claim.ciHigh)} ${measure.canonicalUnit}): no favourable claim can be made`);
  } else if (low <= 0) {
    missing.push(`the 95% interval of the mean change includes zero (${round(claim.ciLow)} to ${round(claim.ciHigh)} ${measure.canonicalUnit})`);
  }
  return missing;
}

/** A published group's numbers, or the sentence saying why it has none. */
function groupNumbers(group: ReportGroup, inputs: ObservationalInputs): ObservationalClaim | string {
  const minimum = inputs.suppressionMinimum;
  if (group.suppressed === true || inputs.suppressedGroups.includes(group.name)) {
    return `suppressed: ${group.name} is withheld by small-cell suppression (fewer than ${minimum} clients, or withheld so that a smaller group cannot be worked out by subtraction), so no claim can rest on it`;
  }
  const change = group.courseChange;
  const responders = group.responders;
  if (change === null || change.suppressed === true || responders === null || responders.suppressed === true) {
    return `suppressed: fewer than ${minimum} clients of ${group.name} have a change from their first to their last session, so small-cell suppression withholds it`;
  }
  const { n, meanChange, sd, ciLow, ciHigh } = change;
  if (n === undefined || n < 2 || meanChange == null || sd == null || ciLow == null || ciHigh == null) {
    return `the change of ${group.name} cannot be estimated: fewer than 2 clients have a reading at session 1 and a later session`;
  }
  const { count, rate, ciLow: rateLow, ciHigh: rateHigh, threshold } = responders;
  if (count == null || rate == null || rateLow == null || rateHigh == null || threshold == null || responders.n == null) {
    return `the responders of ${group.name} cannot be counted`;
  }
  return {
    group: group.name,
    n,
    meanChange,
    sd,
    ciLow,
    ciHigh,
    p: change.p ?? null,
    responders: { threshold, n: responders.n, count, rate, ciLow: rateLow, ciHigh: rateHigh },
  };
}

/**
 * All clients, pooled from the groups' moments (n, mean, Σ(x - mean)² = sd²(n - 1)): the same
 * one-sample t-test as a report by=all gives, since every client is in exactly one group.
 */
function allClients(groups: readonly { name: string; numbers: ObservationalClaim | string }[], inputs: ObservationalInputs): ObservationalClaim | string {
  if (inputs.suppressedGroups.length > 0) {
    return `suppressed: the figure for all clients is not offered while small-cell suppression withholds ${inputs.suppressedGroups.join(', ')} (all clients minus the published groups would give the withheld groups' numbers by subtraction)`;
  }
  const withheld = groups.filter(({ numbers }) => typeof numbers === 'string' && numbers.startsWith('suppressed')).map(({ name }) => name);
  if (withheld.length > 0) {
    return `suppressed: the figure for all clients is not offered while small-cell suppression withholds the change of ${withheld.join(', ')} (it could be worked out by subtraction)`;
  }
  let moments: Moments = EMPTY_MOMENTS;
  let count = 0;
  let n = 0;
  for (const { numbers } of groups) {
    if (typeof numbers === 'string') continue; // fewer than 2 clients with a change: not suppressed, so at least `minimum` (none here)
    moments = mergeMoments(moments, { n: numbers.n, mean: numbers.meanChange, m2: numbers.sd ** 2 * (numbers.n - 1) });
    count += numbers.responders.count;
    n += numbers.responders.n;
  }
  const test = pairedTTest(moments);
  if (test.meanChange === null || test.sd === null || test.ciLow === null || test.ciHigh === null) {
    return 'the change of all clients cannot be estimated: fewer than 2 clients have a reading at session 1 and a later session';
  }
  const responders = responderSummaryFromCount(count, n, inputs.mcid);
  return {
    group: ALL_CLIENTS,
    n: test.n,
    meanChange: test.meanChange,
    sd: test.sd,
    ciLow: test.ciLow,
    ciHigh: test.ciHigh,
    p: test.p,
    responders: { ...responders, rate: responders.rate ?? 0, ciLow: responders.ciLow ?? 0, ciHigh: responders.ciHigh ?? 1 },
  };
}
