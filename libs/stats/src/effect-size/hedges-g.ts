/**
 * Hedges' g with its approximate confidence interval, as report-contract.md section 2 defines it
 * (Hedges & Olkin 1985, ch. 5):
 *   g = J · (mean(b) - mean(a)) / pooled SD,   J = 1 - 3 / (4(nA + nB) - 9),
 *   CI = g ± z · √((nA + nB)/(nA·nB) + g² / (2(nA + nB))),   z = qnorm(0.975) for 95%.
 *
 * The contract prints z as 1.959964, which is qnorm(0.975) = 1.95996398454... rounded to seven
 * digits. The reference fixture (orthodont.expected.json) was computed with qnorm(0.975) itself:
 * with the rounded literal, gCiLow misses it by 1e-7 relative. So z is the exact normal quantile.
 */
import { DEFAULT_CONFIDENCE_LEVEL, twoSidedUpperProbability } from '../distributions/confidence-level.js';
import { normalQuantile } from '../distributions/normal.js';
import type { Moments } from '../descriptive/moments.js';
import { pooledSd } from './pooled-sd.js';

export interface HedgesGResult {
  /** Null when the pooled SD is null or 0. */
  g: number | null;
  /** Confidence interval of g; null whenever g is. */
  ciLow: number | null;
  ciHigh: number | null;
}

/** Standardised difference of group b from group a (the reference), small-sample corrected. */
export function hedgesG(a: Moments, b: Moments, level: number = DEFAULT_CONFIDENCE_LEVEL): HedgesGResult {
  const z = normalQuantile(twoSidedUpperProbability(level));
  const sd = pooledSd(a, b);
  if (z === null || sd === null || sd === 0) return { g: null, ciLow: null, ciHigh: null };
  const total = a.n + b.n;
  const correction = 1 - 3 / (4 * total - 9);
  const g = (correction * (b.mean - a.mean)) / sd;
  const halfWidth = z * Math.sqrt(total / (a.n * b.n) + (g * g) / (2 * total));
  return { g, ciLow: g - halfWidth, ciHigh: g + halfWidth };
}
