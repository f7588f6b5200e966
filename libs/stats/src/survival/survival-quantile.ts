/**
 * Quantiles of a Kaplan-Meier curve and their confidence intervals, as R's
 * `quantile(survfit(...), p)` (survival 3.x, its internal `findq`). R's conventions:
 * - the p-quantile is the first time the curve of 1 - S reaches p;
 * - where 1 - S equals p (to within √ε) over a flat stretch, it is the midpoint of that stretch,
 *   from the time it is reached to the next time the curve moves (or, when the curve ends at exactly
 *   p, to the last time listed, a censoring);
 * - the interval is the same rule applied to 1 - lower(S) (the lower end) and 1 - upper(S) (the upper
 *   end); a curve or bound that never reaches p gives null (R's NA).
 */
import type { KaplanMeierStep } from './kaplan-meier.js';

/** R's default tolerance, sqrt(.Machine$double.eps). */
const TOLERANCE = Math.sqrt(Number.EPSILON);

export interface SurvivalQuantile {
  quantile: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/** The p-quantile (0 < p <= 1) of the time to response, with its confidence interval. */
export function survivalQuantile(steps: readonly KaplanMeierStep[], p: number): SurvivalQuantile {
  if (!(p > 0 && p <= 1)) throw new RangeError(`survivalQuantile: p must be in (0, 1], got ${p}`);
  const times = steps.map((step) => step.t);
  const cumulative = (value: number | null): number | null => (value === null ? null : 1 - value);
  return {
    quantile: findQuantile(
      times,
      steps.map((step) => 1 - step.survival),
      p,
    ),
    ciLow: findQuantile(
      times,
      steps.map((step) => cumulative(step.lower)),
      p,
    ),
    ciHigh: findQuantile(
      times,
      steps.map((step) => cumulative(step.upper)),
      p,
    ),
  };
}

/**
 * R's findq(c(0, time), c(0, y), p, tol): the curve starts at (0, 0); NA values (null) take no part,
 * repeated values keep their first time.
 */
function findQuantile(
  times: readonly number[],
  values: readonly (number | null)[],
  p: number,
): number | null {
  const x = [0, ...times];
  const y = [0, ...values];
  const present = y.filter((value): value is number => value !== null);
  if (present.length === 0 || Math.max(...present) < p) return null;
  const lastTime = x[x.length - 1];
  const lastValue = y[y.length - 1];

  // duplicated(y): keep the first of equal values (all nulls count as one value).
  const seen = new Set<number | null>();
  const points: { time: number; value: number }[] = [];
  for (let i = 0; i < y.length; i++) {
    if (seen.has(y[i])) continue;
    seen.add(y[i]);
    const value = y[i];
    if (value !== null) points.push({ time: x[i], value });
  }
  // approx() orders the points by value; the values are distinct now.
  points.sort((a, b) => a.value - b.value);

  const first = stepUp(points, p, TOLERANCE);
  const second = stepUp(points, p, -TOLERANCE);
  if (lastValue !== null && Math.abs(p - lastValue) < TOLERANCE && first !== null) {
    return (first + lastTime) / 2;
  }
  if (first === null || second === null) return null;
  return (first + second) / 2;
}

/**
 * approx(value + shift, time, p, method = "constant", f = 1)$y with time standing for its index:
 * the time of the first point whose shifted value is >= p (the point itself when equal), null when p
 * is outside the shifted values' range.
 */
function stepUp(points: readonly { time: number; value: number }[], p: number, shift: number): number | null {
  if (points.length === 0) return null;
  const low = points[0].value + shift;
  const high = points[points.length - 1].value + shift;
  if (p < low || p > high) return null;
  for (const point of points) {
    if (point.value + shift >= p) return point.time;
  }
  return null;
}
