/**
 * The `responders` summary of report-contract.md section 2: how many clients responded, the rate,
 * and its Wilson score interval without continuity correction.
 */
import { DEFAULT_CONFIDENCE_LEVEL } from '../distributions/confidence-level.js';
import type { Direction } from '../measures/measures.js';
import { wilsonInterval } from '../proportion/wilson-interval.js';
import { checkMcid, isResponder } from './responder.js';

export interface ResponderResult {
  /** The MCID used, in the measure's unit (a size; the measure's direction gives its sign). */
  threshold: number;
  /** Clients with a change. */
  n: number;
  /** Responders among them. */
  count: number;
  /** count / n; null when n = 0. */
  rate: number | null;
  /** Wilson interval of the rate; null when n = 0. */
  ciLow: number | null;
  ciHigh: number | null;
}

/** Summarises the changes of a group's clients (one change per client). */
export function summariseResponders(
  changes: readonly number[],
  mcid: number,
  direction: Direction,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): ResponderResult {
  const count = changes.filter((change) => isResponder(change, mcid, direction)).length;
  return responderSummaryFromCount(count, changes.length, mcid, level);
}

/**
 * The same summary from a count made elsewhere (SQL). Throws a RangeError unless count and n are
 * integers with 0 <= count <= n and the MCID is a finite number >= 0.
 */
export function responderSummaryFromCount(
  count: number,
  n: number,
  mcid: number,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): ResponderResult {
  checkMcid(mcid);
  const { ciLow, ciHigh } = wilsonInterval(count, n, level);
  return { threshold: mcid, n, count, rate: n > 0 ? count / n : null, ciLow, ciHigh };
}
