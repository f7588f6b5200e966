/** A two-sided interval; both bounds are null when it cannot be computed. */
export interface ConfidenceInterval {
  ciLow: number | null;
  ciHigh: number | null;
}

/** The confidence level of every interval in the report unless a caller asks for another. */
export const DEFAULT_CONFIDENCE_LEVEL = 0.95;

/**
 * The probability of the upper quantile of a two-sided interval at `level`, written as R writes it
 * in `t.test` (`1 - alpha / 2` with `alpha = 1 - conf.level`): 0.975 for a 95% interval.
 * Throws a RangeError for a level outside (0, 1), which is a caller's mistake, not data.
 */
export function twoSidedUpperProbability(level: number): number {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`confidence level must be strictly between 0 and 1, got ${level}`);
  }
  const alpha = 1 - level;
  return 1 - alpha / 2;
}
