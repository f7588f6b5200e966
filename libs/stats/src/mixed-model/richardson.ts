/**
 * Jacobian by central differences with Richardson extrapolation, as R's `numDeriv::jacobian(method =
 * "Richardson")` with its defaults (d = 1e-4, eps = 1e-4, zero.tol = sqrt(2.2e-16 / 7e-7), r = 4,
 * v = 2), which lmerTest uses for its Satterthwaite degrees of freedom.
 *
 * For each coordinate, central differences with steps h, h/2, h/4, h/8 (h = d|x| + eps when |x| <
 * zero.tol) have errors c₁h² + c₂h⁴ + ...; combining them as A' = (4^m A(h/2) - A(h)) / (4^m - 1) for
 * m = 1, 2, 3 cancels the h², h⁴ and h⁶ terms, leaving an error of order h⁸ plus rounding.
 */

const RELATIVE_STEP = 1e-4;
const ABSOLUTE_STEP = 1e-4;
const ZERO_TOLERANCE = Math.sqrt(2.220446049250313e-16 / 7e-7);
const STEP_COUNT = 4;
const STEP_RATIO = 2;

/** J[i][j] = ∂f_i/∂x_j at x. */
export function richardsonJacobian(f: (x: readonly number[]) => number[], x: readonly number[]): number[][] {
  const columns = x.map((xj, j) => {
    let h = RELATIVE_STEP * Math.abs(xj) + (Math.abs(xj) < ZERO_TOLERANCE ? ABSOLUTE_STEP : 0);
    // estimates[k] is the central difference with the k-th (halved) step.
    let estimates: number[][] = [];
    for (let k = 0; k < STEP_COUNT; k++, h /= STEP_RATIO) {
      const plus = f(x.map((xi, i) => (i === j ? xi + h : xi)));
      const minus = f(x.map((xi, i) => (i === j ? xi - h : xi)));
      estimates.push(plus.map((value, i) => (value - minus[i]) / (2 * h)));
    }
    for (let m = 1; m < STEP_COUNT; m++) {
      const weight = STEP_RATIO ** (2 * m);
      estimates = estimates
        .slice(0, -1)
        .map((coarse, k) => coarse.map((value, i) => (weight * estimates[k + 1][i] - value) / (weight - 1)));
    }
    return estimates[0];
  });
  return columns[0].map((_, i) => columns.map((column) => column[i]));
}
