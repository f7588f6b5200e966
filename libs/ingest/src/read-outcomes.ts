/**
 * The one entry point for reading outcome measurements, shared by the command line, the HTTP API
 * and the watch folder: a byte stream in, validated rows out in batches, every problem reported
 * with its line and column (report-contract.md section 1).
 */
import { FatalInputError } from './fatal-input-error.js';
import { formatEntry, OUTCOMES_FORMATS } from './formats.js';
import { MeteredSource } from './metered-source.js';
import { RecordSink, type BatchHandler } from './record-sink.js';
import type { SpreadsheetMapping } from './mapping/spreadsheet-mapping.js';
import type { IngestError, OutcomesFormat } from './types.js';

export type { BatchHandler } from './record-sink.js';

export interface ReadOutcomesOptions {
  /**
   * Receives the valid rows in batches of `batchSize` (the last one smaller), in input order. It is
   * awaited before reading goes on, which is the back-pressure that keeps memory flat.
   *
   * Rows are delivered only while the input has no error: after the first error, reading goes on
   * to find and count the other errors, but nothing more is delivered. Rows delivered before the
   * first error were valid on their own, yet the input as a whole is invalid: callers must refuse
   * it whole (discard what they accumulated, roll back what they staged) whenever `errorCount > 0`.
   */
  readonly onBatch?: BatchHandler;
  /** Rows per batch; 10,000 by default. */
  readonly batchSize?: number;
  /** Errors kept in the result (all are counted); 100 by default. */
  readonly maxErrors?: number;
  /** Called after each chunk read, with the bytes read so far. */
  readonly onProgress?: (bytesRead: number) => void;
  /**
   * Whether to find rows with the same (client_id, session, phase, measure, site, trial) across the
   * whole input (true by default). The index that does it holds every row's key (about 25 bytes a
   * row: 400 MB for a 1 GB file); a caller that finds duplicates itself, as the API's ingest does
   * with its staged rows, turns it off.
   */
  readonly findDuplicates?: boolean;
  /**
   * For a correction of stored readings: a row whose value and unit are both empty is valid, and
   * delivered with `withdrawn: true` (the stored reading of its key is withdrawn). False by default:
   * an ordinary file must give every value.
   */
  readonly withdrawals?: boolean;
  /**
   * A CSV or .xlsx file in a clinic's own layout: its columns mapped to the contract's, a wide
   * layout unpivoted (mapping/spreadsheet-mapping.ts). Each reading then counts as a row.
   */
  readonly mapping?: SpreadsheetMapping;
  /** Where an Arrow IPC file is spooled while it is read (see read-arrow.ts); the system's temporary folder by default. */
  readonly tempDirectory?: string;
}

export interface ReadOutcomesResult {
  /** Data rows read, valid or not (not the header, not empty lines); rows after a fatal error are not counted. */
  readonly rowCount: number;
  /** Every error found; the input is valid only when this is 0. */
  readonly errorCount: number;
  /** The first `maxErrors` errors, in the order found (mostly by line). */
  readonly errors: readonly IngestError[];
  /** Bytes of the whole input, read to its end even after a fatal error. */
  readonly bytesRead: number;
  /** SHA-256 of the whole input, in hex: what the ingest batch is recorded (and de-duplicated) by. */
  readonly checksum: string;
}

/**
 * Reads, validates and converts the canonical long format from a byte stream (a Node Readable, an
 * HTTP request, any async iterable of Uint8Array) without holding it in memory.
 *
 * Problems with the data are returned, never thrown: see {@link IngestError} for how lines are
 * numbered. Some stop the reading of rows (a bad header, a syntax error, invalid UTF-8, unreadable
 * Arrow data); the rest of the input is then still read to complete the byte count and checksum.
 * The promise rejects only when reading fails (an I/O error, an aborted request, a temporary copy
 * of an Arrow file that cannot be written), when onBatch throws, or for an unknown format; the
 * source is then closed.
 */
export async function readOutcomes(
  source: AsyncIterable<Uint8Array>,
  format: OutcomesFormat,
  options: ReadOutcomesOptions = {},
): Promise<ReadOutcomesResult> {
  const input = new MeteredSource(source, options.onProgress);
  const sink = new RecordSink({
    batchSize: options.batchSize ?? 10_000,
    maxErrors: options.maxErrors ?? 100,
    onBatch: options.onBatch,
    findDuplicates: options.findDuplicates ?? true,
    withdrawals: options.withdrawals ?? false,
  });
  try {
    try {
      if ((await input.peek(1)).length === 0) {
        sink.addError({
          line: 0,
          column: null,
          message: 'the input is empty: send a file with a header and rows',
        });
      } else {
        await readFormat(format, input, sink, options);
        // A header, `[]` or an Arrow table without rows: refused as an empty input is, rather than
        // stored as a batch of nothing (which said "nothing new: every reading was already stored").
        if (sink.rowCount === 0 && sink.errorCount === 0) {
          sink.addError({ line: 0, column: null, message: 'the input has no rows: send a file with a header and rows' });
        }
      }
    } catch (error) {
      if (!(error instanceof FatalInputError)) throw error;
      for (const inputError of error.errors) sink.addError(inputError);
    }
    await input.drain();
    await sink.finish();
  } catch (error) {
    await input.close();
    throw error;
  }
  return {
    rowCount: sink.rowCount,
    errorCount: sink.errorCount,
    errors: sink.errors,
    bytesRead: input.bytesRead,
    checksum: input.checksum(),
  };
}

/** The format's reader, from the registry (formats.ts). */
function readFormat(
  format: OutcomesFormat,
  input: MeteredSource,
  sink: RecordSink,
  options: ReadOutcomesOptions,
): Promise<void> {
  const entry = formatEntry(format);
  if (entry === undefined) throw new TypeError(`unknown format ${String(format)}: use ${OUTCOMES_FORMATS.map((known) => known.name).join(', ')}`);
  if (options.mapping !== undefined && format !== 'csv' && format !== 'xlsx') {
    throw FatalInputError.at(0, `a mapping is for spreadsheets (CSV or .xlsx), not ${entry.description}: send the file without one`);
  }
  return entry.read(input, sink, { tempDirectory: options.tempDirectory, mapping: options.mapping });
}

/**
 * An error as one line of text, as the command line and the watch folder print it:
 * `line 7, column value: ...`, or where a format names places itself (FHIR, spreadsheets),
 * `entry[3].resource.valueQuantity.unit, column unit: ...` and `Sheet1!D7, column value: ...`.
 */
export function formatIngestError(error: IngestError): string {
  const where = error.location ?? (error.line === 0 ? 'input' : `line ${error.line}`);
  return error.column === null
    ? `${where}: ${error.message}`
    : `${where}, column ${error.column}: ${error.message}`;
}
