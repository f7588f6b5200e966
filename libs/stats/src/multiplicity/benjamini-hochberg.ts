import { adjustPresent, ascendingOrder } from './adjust-present.js';

/**
 * Benjamini-Hochberg false-discovery-rate adjustment (Benjamini & Hochberg 1995), as R's
 * `p.adjust(p, "BH")`: with the m present p-values in ascending order, the adjusted p(i) is
 * min(1, min over j >= i of (m / j)·p(j)), a running minimum from the largest p down. Nulls stay
 * null and do not count towards m.
 */
export function benjaminiHochbergAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  return adjustPresent(pValues, (present) => {
    const m = present.length;
    const adjusted = new Array<number>(m);
    const order = ascendingOrder(present);
    let runningMin = Number.POSITIVE_INFINITY;
    for (let rank = m; rank >= 1; rank--) {
      const index = order[rank - 1];
      // (m / rank) * p, in R's order of operations, so that results agree to the last bit.
      runningMin = Math.min(runningMin, (m / rank) * present[index]);
      adjusted[index] = Math.min(1, runningMin);
    }
    return adjusted;
  });
}
