/**
 * Reads the canonical long format from JSON rows: a top-level array of flat objects, or NDJSON.
 * Keys are the column names; a missing key or null means absent. value, session and trial may be
 * JSON numbers or numeric strings ("12.5"), checked by the same strict grammar as CSV text; the
 * text columns take strings (a number is accepted for a key column and read as its decimal text).
 */
import { columnIndex, newFieldValues, unknownColumnMessage } from '../columns.js';
import type { RecordSink } from '../record-sink.js';
import { parseText } from '../text/decode-text.js';
import type { IngestError } from '../types.js';
import { loneSurrogateProblem, withLoneSurrogatesReplaced } from '../well-formed-text.js';
import { JsonRowsParser } from './json-rows-parser.js';

export async function readJson(source: AsyncIterable<Uint8Array>, sink: RecordSink): Promise<void> {
  const values = newFieldValues();
  const present: boolean[] = values.map(() => false);
  // The keys of the previous object and their columns: objects mostly repeat the same keys in the
  // same order, and comparing two short strings is cheaper than hashing one for the map lookup.
  const previousKeys: string[] = [];
  const previousColumns: (number | undefined)[] = [];
  const columnOf = (key: string, position: number): number | undefined => {
    if (previousKeys[position] !== key) {
      previousKeys[position] = key;
      previousColumns[position] = columnIndex(key);
    }
    return previousColumns[position];
  };

  const parser = new JsonRowsParser((keys, rowValues, line) => {
    values.fill(null);
    present.fill(false);
    const problems: IngestError[] = [];
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      const value = rowValues[k];
      const index = columnOf(key, k);
      if (index === undefined) {
        problems.push(unknownKeyProblem(key, line));
      } else if (present[index]) {
        problems.push({ line, column: key, message: 'the key appears twice in the object: keep one' });
      } else if (value !== null && typeof value === 'object') {
        problems.push({
          line,
          column: key,
          message: `${value.unsupported} is not accepted here: use a string, a number or null`,
        });
      } else {
        present[index] = true;
        values[index] = value;
      }
    }
    if (problems.length > 0) sink.addUnreadableRow(...problems);
    else sink.addRow(values, line);
  });

  await parseText(source, parser, async () => {
    if (sink.hasFullBatch) await sink.deliverFullBatches();
  });
}

/**
 * A key that names no column. The error names the column by the key, and errors are stored with
 * the batch (as jsonb, which refuses a lone surrogate): a key that is not well-formed Unicode, which
 * a \u escape can write, is named with U+FFFD in its place, and the message says what is wrong.
 */
function unknownKeyProblem(key: string, line: number): IngestError {
  const unicodeProblem = loneSurrogateProblem(key);
  if (unicodeProblem === null) return { line, column: key, message: unknownColumnMessage(key) };
  return { line, column: withLoneSurrogatesReplaced(key), message: `the key is ${unicodeProblem}` };
}
