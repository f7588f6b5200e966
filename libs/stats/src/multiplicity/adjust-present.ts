/**
 * Applies a p-value adjustment to the p-values that are present and passes nulls through, as R's
 * `p.adjust` does with NA: the number of tests is the number of p-values present, and the result
 * keeps the input's positions.
 */
export function adjustPresent(
  pValues: readonly (number | null)[],
  adjust: (present: readonly number[]) => number[],
): (number | null)[] {
  const present: number[] = [];
  for (const p of pValues) {
    if (p === null) continue;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must lie in [0, 1] or be null, got ${p}`);
    present.push(p);
  }
  const adjusted = adjust(present);
  let next = 0;
  return pValues.map((p) => (p === null ? null : adjusted[next++]));
}

/**
 * Indices of `values` in ascending order; ties keep their input order (a stable sort), as R's
 * `order`. Adjusted values of tied p-values come out equal either way.
 */
export function ascendingOrder(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
}
