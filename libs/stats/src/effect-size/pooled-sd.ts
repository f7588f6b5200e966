import type { Moments } from '../descriptive/moments.js';

/**
 * Pooled standard deviation of two groups, √((m2A + m2B) / (nA + nB - 2)), the SD of the classic
 * equal-variance two-sample t-test. Null when there is no residual df (nA + nB <= 2) or a group is
 * empty.
 */
export function pooledSd(a: Moments, b: Moments): number | null {
  const df = a.n + b.n - 2;
  if (a.n === 0 || b.n === 0 || df <= 0) return null;
  return Math.sqrt((a.m2 + b.m2) / df);
}
