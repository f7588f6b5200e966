import { adjustPresent, ascendingOrder } from './adjust-present.js';

/**
 * Holm's step-down adjustment (Holm 1979), as R's `p.adjust(p, "holm")`: with the m present
 * p-values in ascending order p(1) <= ... <= p(m), the adjusted p(i) is
 * min(1, max over j <= i of (m - j + 1)·p(j)). The running maximum keeps the adjusted values in the
 * order of the raw ones. Nulls stay null and do not count towards m.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  return adjustPresent(pValues, (present) => {
    const m = present.length;
    const adjusted = new Array<number>(m);
    let runningMax = 0;
    ascendingOrder(present).forEach((index, rank) => {
      runningMax = Math.max(runningMax, (m - rank) * present[index]);
      adjusted[index] = Math.min(1, runningMax);
    });
    return adjusted;
  });
}
