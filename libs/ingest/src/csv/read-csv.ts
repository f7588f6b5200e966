/** Reads the canonical long format from CSV: the first non-empty record is the header. */
import { newFieldValues, resolveHeader } from '../columns.js';
import { FatalInputError } from '../fatal-input-error.js';
import type { ReaderOptions } from '../formats.js';
import { MappedLayout } from '../mapping/mapped-layout.js';
import { quoteInput } from '../quote-input.js';
import type { RecordSink } from '../record-sink.js';
import { parseText } from '../text/decode-text.js';
import { CsvParser } from './csv-parser.js';

export async function readCsv(source: AsyncIterable<Uint8Array>, sink: RecordSink, options: ReaderOptions = {}): Promise<void> {
  /** For each position of the header, the column index it holds; null until the header is read. */
  let columnAt: readonly number[] | null = null;
  /** The header read through the mapping, when there is one. */
  let layout: MappedLayout | null = null;
  let headerNames: readonly string[] = [];
  const values = newFieldValues();

  const parser = new CsvParser((fields, line) => {
    if (columnAt === null && options.mapping !== undefined) {
      const resolved = MappedLayout.resolve(options.mapping, fields, line);
      if (resolved.layout === null) throw new FatalInputError(resolved.errors);
      layout = resolved.layout;
      headerNames = [...fields];
      columnAt = fields.map(() => -1);
      return;
    }
    if (columnAt === null) {
      const header = resolveHeader(fields, line);
      // A bad header makes every row meaningless (or, with an unknown column, possibly personal): stop here.
      if (header.errors.length > 0) throw new FatalInputError(header.errors);
      columnAt = header.columnAt;
      return;
    }
    if (fields.length !== columnAt.length) {
      sink.addUnreadableRow({
        line,
        column: null,
        message: fieldCountMessage(fields.length, columnAt.length),
      });
      return;
    }
    if (layout !== null) {
      for (const reading of layout.readingsOf((position) => (fields[position] === '' ? null : fields[position]))) {
        sink.addRow(reading.values, line, (column) => {
          const position = MappedLayout.positionOf(reading, column);
          return position === undefined ? undefined : `line ${line} (${quoteInput(headerNames[position])})`;
        });
      }
      return;
    }
    // Every row writes the header's columns; the others stay null from the start.
    for (let k = 0; k < fields.length; k++) {
      const field = fields[k];
      values[columnAt[k]] = field === '' ? null : field;
    }
    sink.addRow(values, line);
  });

  await parseText(source, parser, async () => {
    if (sink.hasFullBatch) await sink.deliverFullBatches();
  });
  if (columnAt === null) {
    throw FatalInputError.at(
      0,
      'no header line: the file holds only empty lines; the first line must name the columns',
    );
  }
}

function fieldCountMessage(found: number, expected: number): string {
  const hint =
    found > expected
      ? 'a value that contains a comma must be in double quotes'
      : 'every row needs a field for each column, even an empty one';
  return `has ${found} fields, but the header has ${expected}: ${hint}`;
}
