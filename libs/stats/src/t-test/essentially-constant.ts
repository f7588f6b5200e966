/**
 * R's guard in `t.test`: a standard error below 10·ε·|mean| is rounding noise in the mean itself,
 * not variation ("data are essentially constant"); R refuses to test, and the report gives null t
 * and p instead of a t near 1e15 with p = 0.
 *
 * Like R's, it only sees the scale of the mean: noise left by subtracting large readings
 * (10.2 - 10.1 vs 20.2 - 20.1) is set by the readings and can pass it, as it does in R.
 */
export function isEssentiallyConstant(standardError: number, meanScale: number): boolean {
  return standardError < 10 * Number.EPSILON * Math.abs(meanScale);
}
