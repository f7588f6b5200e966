import { median } from 'simple-statistics';

/**
 * The median as R's `median`: the middle value, or the mean of the two middle values for an even
 * count (simple-statistics' `median`). Null for no values. `values` is not modified.
 */
export function medianOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : median(values);
}
