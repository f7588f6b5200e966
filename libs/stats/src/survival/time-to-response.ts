/**
 * `timeToResponse` of report-contract.md section 5: how many treated sessions until a client first
 * reaches the MCID, as a Kaplan-Meier curve of the cumulative share responded, with its median.
 */
import { DEFAULT_CONFIDENCE_LEVEL } from '../distributions/confidence-level.js';
import type { Direction } from '../measures/measures.js';
import { isResponder } from '../responders/responder.js';
import type { EventTime, TimeToEvent } from './event-times.js';
import { kaplanMeier } from './kaplan-meier.js';
import { survivalQuantile } from './survival-quantile.js';

/** One step of the curve: the cumulative share responded, 1 - S(t), and its interval. */
export interface ResponseStep {
  t: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  responded: number;
  /** 1 - upper(S): null where R's log-log interval is NA (S = 0 or 1). */
  ciLow: number | null;
  /** 1 - lower(S). */
  ciHigh: number | null;
}

export interface TimeToResponseSummary {
  /** Clients with a session-1 pre value. */
  n: number;
  /** Clients who responded. */
  events: number;
  steps: ResponseStep[];
  /** Sessions until half the clients responded (R's quantile(fit, 0.5)); null where not reached. */
  medianSessions: number | null;
  /** The median's interval (null ends are not reached). */
  ciLow: number | null;
  ciHigh: number | null;
}

/**
 * A client's time to response from their pre values (sessions ascending): responds at the first
 * session k > 1 whose change from session 1 meets the MCID, t = k - 1; otherwise censored at
 * (last session with a pre value) - 1. Null without a session-1 pre value.
 */
export function timeToResponseOf(
  preSessions: readonly number[],
  preValues: readonly number[],
  mcid: number,
  direction: Direction,
): TimeToEvent | null {
  if (preSessions[0] !== 1) return null;
  const baseline = preValues[0];
  for (let i = 1; i < preSessions.length; i++) {
    if (isResponder(preValues[i] - baseline, mcid, direction))
      return { t: preSessions[i] - 1, responded: true };
  }
  return { t: preSessions[preSessions.length - 1] - 1, responded: false };
}

/** The group's curve and median from its event counts; null when the group has no client with a session-1 value. */
export function summarizeTimeToResponse(
  times: readonly EventTime[],
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): TimeToResponseSummary | null {
  const n = times.reduce((sum, row) => sum + row.nEvent + row.nCensor, 0);
  if (n === 0) return null;
  const curve = kaplanMeier(times, level);
  const median = survivalQuantile(curve, 0.5);
  return {
    n,
    events: times.reduce((sum, row) => sum + row.nEvent, 0),
    steps: curve.map((step) => ({
      t: step.t,
      nRisk: step.nRisk,
      nEvent: step.nEvent,
      nCensor: step.nCensor,
      responded: 1 - step.survival,
      ciLow: step.upper === null ? null : 1 - step.upper,
      ciHigh: step.lower === null ? null : 1 - step.lower,
    })),
    medianSessions: median.quantile,
    ciLow: median.ciLow,
    ciHigh: median.ciHigh,
  };
}
