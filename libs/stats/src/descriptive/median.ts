import { median } from 'simple-statistics';

/**
 * The median as R's `median`: the middle value, or the mean of the two middle values for an even
 * count (simple-statistics' `median`). Null for no values. `values` is not modified.
 *
 * A Float64Array is taken as it is (simple-statistics selects on a copy by index, which a typed
 * array has too): a network report's median is of hundreds of thousands of values, which as a
 * number[] cost a garbage collection of their own.
 */
export function medianOf(values: readonly number[] | Float64Array): number | null {
  return values.length === 0 ? null : median(values as number[]);
}
