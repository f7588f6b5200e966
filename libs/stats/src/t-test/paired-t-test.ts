/**
 * The paired t-test of report-contract.md section 2 (`withinSession` and `cumulative`): a one-sample
 * t-test of the per-client changes against 0, from their moments. It equals R's
 * `t.test(post, pre, paired = TRUE)`, which is `t.test(post - pre)`.
 */
import { DEFAULT_CONFIDENCE_LEVEL } from '../distributions/confidence-level.js';
import { studentTTwoSidedP } from '../distributions/student-t.js';
import { meanConfidenceInterval } from '../descriptive/mean-confidence-interval.js';
import { sampleSd, type Moments } from '../descriptive/moments.js';
import { isEssentiallyConstant } from './essentially-constant.js';

export interface PairedTTestResult {
  /** Number of changes (clients with both values). */
  n: number;
  /** Null when n = 0. */
  meanChange: number | null;
  /** SD of the changes; null when n < 2. */
  sd: number | null;
  /** Confidence interval of the mean change; null when n < 2. */
  ciLow: number | null;
  ciHigh: number | null;
  /** t = meanChange / (sd / √n); null when n < 2 or the changes are (essentially) constant. */
  t: number | null;
  /** n - 1; null when n < 2. */
  df: number | null;
  /** Two-sided p; null whenever t is. */
  p: number | null;
  /** Standardised mean change meanChange / sd (Cohen's dz); null whenever t is. */
  dz: number | null;
}

/** Tests whether the mean of the changes summarised by `changes` differs from 0. */
export function pairedTTest(changes: Moments, level: number = DEFAULT_CONFIDENCE_LEVEL): PairedTTestResult {
  const { n } = changes;
  const meanChange = n > 0 ? changes.mean : null;
  const sd = sampleSd(changes);
  const { ciLow, ciHigh } = meanConfidenceInterval(changes, level);
  const df = n >= 2 ? n - 1 : null;
  const untestable = { n, meanChange, sd, ciLow, ciHigh, t: null, df, p: null, dz: null };
  if (sd === null || df === null) return untestable;
  const standardError = sd / Math.sqrt(n);
  if (standardError === 0 || isEssentiallyConstant(standardError, changes.mean)) return untestable;
  const t = changes.mean / standardError;
  return { n, meanChange, sd, ciLow, ciHigh, t, df, p: studentTTwoSidedP(t, df), dz: changes.mean / sd };
}
