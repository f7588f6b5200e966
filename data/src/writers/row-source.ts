import type { MeasurementRow } from '../rows.js';

/** Rows from a generator (sync) or a stream (async). */
export type RowSource = Iterable<MeasurementRow> | AsyncIterable<MeasurementRow>;

function isAsyncIterable(source: RowSource): source is AsyncIterable<MeasurementRow> {
  return Symbol.asyncIterator in source;
}

/**
 * Calls `visit` for every row. A sync source is walked with a plain loop and only awaited when
 * `visit` returns a promise, so millions of rows do not each pay for a trip through the event loop.
 */
export async function forEachRow(
  source: RowSource,
  visit: (row: MeasurementRow) => Promise<void> | undefined,
): Promise<void> {
  if (isAsyncIterable(source)) {
    for await (const row of source) await visit(row);
    return;
  }
  for (const row of source) {
    const waiting = visit(row);
    if (waiting) await waiting;
  }
}
