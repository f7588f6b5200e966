/**
 * The log-rank test of equal time to response across groups, as R's
 * `survdiff(Surv(t, status) ~ group)` (rho = 0; package survival 3.x). At each time with events,
 * with n at risk and d events in all, group i (nᵢ at risk) expects d·nᵢ/n of them, and
 *   V_ij += d (n - d) / (n² (n - 1)) · nᵢ (n δᵢⱼ - nⱼ)      (nothing when n = 1).
 * The groups whose expected count is 0 (nobody at risk when anyone responded) are left out, one more
 * is dropped (the sum of O - E is 0), and chisq = (O - E)ᵀ V⁻¹ (O - E) on the rest, with df = (number
 * of groups with expected count > 0) - 1 and p from the chi-square distribution.
 */
import { chiSquareUpperTail } from '../distributions/chi-square.js';
import { choleskyFactor, choleskySolve, zeroMatrix } from '../mixed-model/small-matrix.js';
import type { EventTime } from './event-times.js';

export interface LogRankResult {
  /** Null when the variance matrix is singular (R's solve() would fail). */
  chisq: number | null;
  df: number;
  p: number | null;
}

/**
 * @param groups each group's event times (ascending); empty groups are left out.
 * @returns null when fewer than 2 groups have clients, or fewer than 2 have an expected count above
 *   0 (nobody responded, so there is nothing to compare: R's df would be 0 or -1).
 */
export function logRankTest(groups: readonly (readonly EventTime[])[]): LogRankResult | null {
  const present = groups.filter((times) => times.some((row) => row.nEvent + row.nCensor > 0));
  if (present.length < 2) return null;
  const k = present.length;
  const allTimes = [...new Set(present.flatMap((times) => times.map((row) => row.t)))].sort((a, b) => a - b);

  const atRisk = present.map((times) => times.reduce((sum, row) => sum + row.nEvent + row.nCensor, 0));
  const cursor = present.map(() => 0);
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = zeroMatrix(k);
  for (const t of allTimes) {
    const events = new Array<number>(k).fill(0);
    const leaving = new Array<number>(k).fill(0);
    present.forEach((times, g) => {
      const row = times[cursor[g]];
      if (row !== undefined && row.t === t) {
        events[g] = row.nEvent;
        leaving[g] = row.nEvent + row.nCensor;
        cursor[g]++;
      }
    });
    const d = events.reduce((sum, value) => sum + value, 0);
    const n = atRisk.reduce((sum, value) => sum + value, 0);
    if (d > 0) {
      for (let i = 0; i < k; i++) {
        observed[i] += events[i];
        expected[i] += (d * atRisk[i]) / n;
      }
      if (n > 1) {
        const scale = (d * (n - d)) / (n * n * (n - 1));
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            variance[i][j] += scale * atRisk[i] * ((i === j ? n : 0) - atRisk[j]);
          }
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g] -= leaving[g];
  }

  const kept = expected.map((value, i) => (value > 0 ? i : -1)).filter((i) => i >= 0);
  const df = kept.length - 1;
  if (df < 1) return null;
  const rest = kept.slice(1);
  const difference = rest.map((i) => observed[i] - expected[i]);
  const factor = choleskyFactor(rest.map((i) => rest.map((j) => variance[i][j])));
  if (factor === null) return { chisq: null, df, p: null };
  const solved = choleskySolve(factor, difference);
  const chisq = solved.reduce((sum, value, i) => sum + value * difference[i], 0);
  return { chisq, df, p: chiSquareUpperTail(chisq, df) };
}
