/**
 * A value axis that shows the estimates, not the one interval of a session with two clients.
 *
 * The report gives an interval for every session, however few clients it has; at n = 2 a t
 * interval is about 13 SDs wide and, drawn in full, flattens every other interval into a dot. The
 * axis therefore covers every estimate and every interval no wider than `maxRatio` times the
 * median interval width; wider intervals are cut at the chart's edge (the charts say so, and
 * their tables keep the full values).
 */

export interface IntervalPoint {
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface FocusedDomain {
  domain: [number, number];
  /** How many intervals run past the domain. */
  cut: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function focusedDomain(
  points: readonly IntervalPoint[],
  include: readonly number[] = [],
  maxRatio = 4,
): FocusedDomain | null {
  const values: number[] = [...include];
  const widths: number[] = [];
  for (const point of points) {
    if (point.value !== null && Number.isFinite(point.value)) values.push(point.value);
    if (
      point.low !== null &&
      point.high !== null &&
      Number.isFinite(point.low) &&
      Number.isFinite(point.high)
    )
      widths.push(point.high - point.low);
  }
  if (values.length === 0) return null;
  const limit = widths.length === 0 ? Infinity : maxRatio * median(widths);
  for (const point of points) {
    if (
      point.low === null ||
      point.high === null ||
      !Number.isFinite(point.low) ||
      !Number.isFinite(point.high)
    )
      continue;
    if (point.high - point.low <= limit) values.push(point.low, point.high);
  }
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) {
    low -= 1;
    high += 1;
  }
  const cut = points.filter(
    (point) => (point.low !== null && point.low < low) || (point.high !== null && point.high > high),
  ).length;
  return { domain: [low, high], cut };
}
