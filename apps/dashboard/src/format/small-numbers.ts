/**
 * Small numbers look small (design.md principle 6). A result from 1 to 4 clients is never a
 * headline: one or two unusual clients decide it, and its interval is either missing or so wide
 * that the point estimate means nothing. Such results are muted and say so; their numbers stay in
 * the tables, where a reader who wants them finds them with their n.
 */

/** Fewer clients than this, and a result is "too few clients to say". */
export const FEW_CLIENTS = 5;

export const TOO_FEW_TEXT = 'too few clients to say';

/** Whether a result of n clients is too few to headline (a withheld count is handled apart). */
export function isTooFew(n: number | null | undefined): boolean {
  return typeof n === 'number' && n < FEW_CLIENTS;
}

/**
 * Why an interval could not be computed, in words, from what is known of the cell: with one client
 * there is no spread to measure; with identical changes the spread is zero and so is the interval's
 * width, which says nothing about other clients either.
 */
export function missingIntervalReason(n: number | null | undefined, sd: number | null | undefined): string {
  if (n === null || n === undefined || n === 0) return 'no clients to compute an interval from';
  if (n === 1) return 'no interval: one client has no spread to measure';
  if (sd === 0) return 'no interval: every client changed by the same amount';
  return 'no interval could be computed';
}
