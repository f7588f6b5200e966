/**
 * Claims about how many sessions the practice's own clients needed (issue 18, an `observational`
 * claim about `timeToResponse`): "half of our clients reached a clinically meaningful improvement
 * after K sessions (95% CI a to b)", the Kaplan-Meier median of report-contract.md section 5.
 *
 * Marketing's reports withhold timeToResponse whole: its curve counts the clients still followed
 * step by step down to one. So the median is read server-side from the report computed on exactly
 * the clients of marketing's report (the suppressed groups left out, as marketingReport computes
 * it) and offered only as these few numbers, and only when each stands on enough clients:
 *
 * - the group is published by small-cell suppression; all clients only when no group is withheld
 *   (the same subtraction argument as observational-claims.ts), pooled exactly from the groups'
 *   event counts (Kaplan-Meier depends on the counts at each time only: mergeEventTimes);
 * - at least `minClients` clients are followed (a session-1 value);
 * - the median is reached (the curve crosses one half while clients are still followed);
 * - its 95% interval is bounded at both ends (otherwise "by when" has no answer);
 * - at least the suppression minimum of clients are still followed at the interval's upper end,
 *   and so at the median: a median decided by a handful of clients still coming would both mean
 *   little and point at those clients.
 *
 * Pure: the evaluator feeds it the curves and the service stores what it issues.
 */
import {
  mergeEventTimes,
  summarizeTimeToResponse,
  type EventTime,
  type TimeToResponseSummary,
} from '@threshold/stats';
import type { Refusal } from './claim-evaluator.js';
import { ALL_CLIENTS } from './observational-claims.js';

export interface TimeToResponseClaim {
  /** A technique, or `all` for every client. */
  group: string;
  /** Clients followed (a session-1 value). */
  n: number;
  /** Clients who reached the MCID while followed. */
  events: number;
  /** Sessions of treatment had until half had reached the MCID (report-contract.md 5). */
  medianSessions: number;
  ciLow: number;
  ciHigh: number;
  /** Clients still followed at the median and at the interval's upper end. */
  followedAtMedian: number;
  followedAtUpperEnd: number;
}

export interface TimeToResponseGroup {
  name: string;
  /** Withheld by small-cell suppression in marketing's report. */
  suppressed: boolean;
  /** The group's curve as computed on marketing's clients (never sent to marketing whole). */
  timeToResponse: TimeToResponseSummary | null;
}

export interface TimeToResponseInputs {
  groups: readonly TimeToResponseGroup[];
  suppressedGroups: readonly string[];
  suppressionMinimum: number;
  minClients: number;
}

export interface TimeToResponseEvaluation {
  supported: TimeToResponseClaim[];
  refusals: Refusal[];
}

/** Clients still followed after t sessions: those whose response or censoring came at t or later. */
export function followedAt(curve: TimeToResponseSummary, t: number): number {
  return curve.steps.filter((step) => step.t >= t).reduce((sum, step) => sum + step.nEvent + step.nCensor, 0);
}

/** The event counts behind a curve, to pool groups exactly. */
function eventTimesOfCurve(curve: TimeToResponseSummary): EventTime[] {
  return curve.steps.map(({ t, nEvent, nCensor }) => ({ t, nEvent, nCensor }));
}

export function evaluateTimeToResponse(inputs: TimeToResponseInputs): TimeToResponseEvaluation {
  const supported: TimeToResponseClaim[] = [];
  const refusals: Refusal[] = [];
  const judge = (group: string, curve: TimeToResponseSummary | string): void => {
    const missing = typeof curve === 'string' ? [curve] : criteriaMissing(group, curve, inputs);
    if (missing.length > 0 || typeof curve === 'string') {
      refusals.push({ kind: 'observational', treatment: group, control: null, missing });
      return;
    }
    supported.push({
      group,
      n: curve.n,
      events: curve.events,
      medianSessions: curve.medianSessions as number,
      ciLow: curve.ciLow as number,
      ciHigh: curve.ciHigh as number,
      followedAtMedian: followedAt(curve, curve.medianSessions as number),
      followedAtUpperEnd: followedAt(curve, curve.ciHigh as number),
    });
  };
  const minimum = inputs.suppressionMinimum;
  const isWithheld = (group: TimeToResponseGroup) => group.suppressed || inputs.suppressedGroups.includes(group.name);
  judge(ALL_CLIENTS, allClients(inputs));
  for (const group of inputs.groups) {
    if (isWithheld(group)) {
      judge(group.name, `suppressed: ${group.name} is withheld by small-cell suppression (fewer than ${minimum} clients, or withheld so that a smaller group cannot be worked out by subtraction), so no claim can rest on it`);
    } else {
      judge(group.name, group.timeToResponse ?? `no client of ${group.name} has a value at session 1: nobody to follow`);
    }
  }
  return { supported, refusals };
}

/** What a curve lacks for a claim about its median, one sentence each; empty when it is supported. */
export function criteriaMissing(group: string, curve: TimeToResponseSummary, inputs: TimeToResponseInputs): string[] {
  const who = group === ALL_CLIENTS ? 'all clients' : group;
  const missing: string[] = [];
  if (curve.n < inputs.minClients) {
    missing.push(`too few clients: ${curve.n} in ${who} with a value at session 1, at least ${inputs.minClients} needed`);
  }
  if (curve.medianSessions === null) {
    missing.push(`fewer than half of ${who} reached a meaningful change while followed: the median is not reached`);
    return missing;
  }
  if (curve.ciLow === null || curve.ciHigh === null) {
    missing.push(`the 95% interval of the median sessions of ${who} is not bounded (${curve.ciLow ?? 'not reached'} to ${curve.ciHigh ?? 'not reached'})`);
    return missing;
  }
  const followed = followedAt(curve, curve.ciHigh);
  if (followed < inputs.suppressionMinimum) {
    missing.push(
      `suppressed: ${followed} clients of ${who} are still followed after ${curve.ciHigh} sessions (the upper end of the median's interval), fewer than the suppression minimum of ${inputs.suppressionMinimum}`,
    );
  }
  return missing;
}

/** All clients, pooled from the groups' event counts, or why not. */
function allClients(inputs: TimeToResponseInputs): TimeToResponseSummary | string {
  const withheld = [
    ...new Set([...inputs.suppressedGroups, ...inputs.groups.filter((group) => group.suppressed).map((group) => group.name)]),
  ];
  if (withheld.length > 0) {
    return `suppressed: the figure for all clients is not offered while small-cell suppression withholds ${withheld.join(', ')} (all clients minus the published groups would give the withheld groups' numbers by subtraction)`;
  }
  const pooled = summarizeTimeToResponse(
    mergeEventTimes(...inputs.groups.flatMap((group) => (group.timeToResponse === null ? [] : [eventTimesOfCurve(group.timeToResponse)]))),
  );
  return pooled ?? 'no client has a value at session 1: nobody to follow';
}
