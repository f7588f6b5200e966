/**
 * `durability` of report-contract.md section 5 ("did it hold?"): over the clients with a session-1
 * pre value, an end-of-course value (the pre value at their last treated session k > 1) and a
 * follow-up reading (the first follow-up visit after it), the change since the start and since the
 * end of the course at follow-up, responders at follow-up, and how many end-of-course responders held.
 */
import { DEFAULT_CONFIDENCE_LEVEL } from '../distributions/confidence-level.js';
import { EMPTY_MOMENTS, momentsOf, type Moments } from '../descriptive/moments.js';
import { medianOf } from '../descriptive/median.js';
import type { Direction } from '../measures/measures.js';
import { wilsonInterval } from '../proportion/wilson-interval.js';
import { responderSummaryFromCount, type ResponderResult } from '../responders/responder-summary.js';
import { isResponder } from '../responders/responder.js';
import { pairedTTest } from '../t-test/paired-t-test.js';

/** One client's values: session-1 pre, end-of-course pre, first follow-up, and the days between the last two. */
export interface DurabilityClient {
  baseline: number;
  endOfCourse: number;
  followup: number;
  /** Days from the end-of-course session's date to the follow-up's; null when either is undated. */
  daysToFollowup: number | null;
}

/** A count out of n with Wilson's interval. */
export interface CountOutOf {
  n: number;
  count: number;
}

/**
 * The group's sufficient statistics: counts and moments add up across sources; the median of days does
 * not, so the producer computes it (as it does the medians of the session cells).
 */
export interface DurabilityInputs {
  /** Clients of the group with any follow-up reading: the field is null when 0. */
  clientsWithFollowup: number;
  /** Moments of followup - pre_1 over the clients of the set. */
  sinceStart: Moments;
  /** Moments of followup - end-of-course value. */
  sinceEndOfCourse: Moments;
  /** Clients of the set who meet the MCID at follow-up (n is the set's size). */
  respondersAtFollowup: CountOutOf;
  /** n: end-of-course responders of the set; count: those of them still responders at follow-up. */
  heldByResponders: CountOutOf;
  /** Median of the days to follow-up when every client of the set has them, else null. */
  medianDaysToFollowup: number | null;
}

export interface OneSampleChange {
  n: number;
  meanChange: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
}

export interface HeldSummary {
  count: number;
  n: number;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface DurabilitySummary {
  n: number;
  sinceStart: OneSampleChange;
  sinceEndOfCourse: OneSampleChange;
  respondersAtFollowup: ResponderResult;
  heldByResponders: HeldSummary;
  medianDaysToFollowup: number | null;
}

/** The sufficient statistics of a group's clients (in memory). */
export function durabilityInputsOf(
  clients: readonly DurabilityClient[],
  clientsWithFollowup: number,
  mcid: number,
  direction: Direction,
): DurabilityInputs {
  let atFollowup = 0;
  let endResponders = 0;
  let held = 0;
  const days: number[] = [];
  let allDated = true;
  for (const client of clients) {
    const respondsAtFollowup = isResponder(client.followup - client.baseline, mcid, direction);
    const respondedAtEnd = isResponder(client.endOfCourse - client.baseline, mcid, direction);
    if (respondsAtFollowup) atFollowup++;
    if (respondedAtEnd) {
      endResponders++;
      if (respondsAtFollowup) held++;
    }
    if (client.daysToFollowup === null) allDated = false;
    else days.push(client.daysToFollowup);
  }
  return {
    clientsWithFollowup,
    sinceStart: momentsOf(clients.map((client) => client.followup - client.baseline)),
    sinceEndOfCourse: momentsOf(clients.map((client) => client.followup - client.endOfCourse)),
    respondersAtFollowup: { n: clients.length, count: atFollowup },
    heldByResponders: { n: endResponders, count: held },
    medianDaysToFollowup: allDated ? medianOf(days) : null,
  };
}

/** Inputs of no client: what a group without follow-ups contributes. */
export const EMPTY_DURABILITY_INPUTS: DurabilityInputs = Object.freeze({
  clientsWithFollowup: 0,
  sinceStart: EMPTY_MOMENTS,
  sinceEndOfCourse: EMPTY_MOMENTS,
  respondersAtFollowup: { n: 0, count: 0 },
  heldByResponders: { n: 0, count: 0 },
  medianDaysToFollowup: null,
});

/** The report's durability field; null when no client of the group has a follow-up reading. */
export function summarizeDurability(
  inputs: DurabilityInputs,
  mcid: number,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): DurabilitySummary | null {
  if (inputs.clientsWithFollowup === 0) return null;
  const oneSample = (moments: Moments): OneSampleChange => {
    const { n, meanChange, sd, ciLow, ciHigh, t, df, p } = pairedTTest(moments, level);
    return { n, meanChange, sd, ciLow, ciHigh, t, df, p };
  };
  const { n, count } = inputs.heldByResponders;
  const heldInterval = wilsonInterval(count, n, level);
  return {
    n: inputs.sinceStart.n,
    sinceStart: oneSample(inputs.sinceStart),
    sinceEndOfCourse: oneSample(inputs.sinceEndOfCourse),
    respondersAtFollowup: responderSummaryFromCount(
      inputs.respondersAtFollowup.count,
      inputs.respondersAtFollowup.n,
      mcid,
      level,
    ),
    heldByResponders: { count, n, rate: n > 0 ? count / n : null, ...heldInterval },
    medianDaysToFollowup: inputs.medianDaysToFollowup,
  };
}
