/**
 * The contract's rule for numbers that cannot be computed (report-contract.md section 3): they are
 * `null`, never `NaN` or `Infinity`. Use this at the edge of a computation whose inputs may be
 * degenerate (a zero standard error, a quantile at p = 1).
 */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
