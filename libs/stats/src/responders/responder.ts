/**
 * Who counts as a responder (report-contract.md section 2): a client whose change improves by at
 * least the MCID in the measure's better direction, change >= MCID when higher is better and
 * change <= -MCID when lower is better.
 */
import type { Direction } from '../measures/measures.js';

/**
 * A change that equals the MCID on paper can land a hair short of it in binary: 1.3 - 1.1 is
 * 0.19999999999999996, not 0.2. Changes within this fraction of the MCID of reaching it count as
 * reaching it; no real measurement is that precise, so no clinical decision changes.
 */
export const MCID_RELATIVE_TOLERANCE = 1e-9;

/**
 * Whether `change` (later value minus earlier value, in the measure's unit) reaches the MCID in
 * the better direction. Throws a RangeError for a negative or non-finite MCID or a non-finite change.
 */
export function isResponder(change: number, mcid: number, direction: Direction): boolean {
  if (!Number.isFinite(change))
    throw new RangeError(`isResponder: change must be a finite number, got ${change}`);
  checkMcid(mcid);
  const threshold = mcid * (1 - MCID_RELATIVE_TOLERANCE);
  return direction === 'higher-is-better' ? change >= threshold : change <= -threshold;
}

/** The MCID is a size of improvement, so 0 or more, in the measure's unit. */
export function checkMcid(mcid: number): void {
  if (!(mcid >= 0) || !Number.isFinite(mcid)) {
    throw new RangeError(`the MCID must be a finite number >= 0, got ${mcid}`);
  }
}
