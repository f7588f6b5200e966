/**
 * The one entry point for reading outcome measurements, shared by the command line, the HTTP API
 * and the watch folder: a byte stream in, validated rows out in batches, every problem reported
 * with its line and column (report-contract.md section 1).
 */
import { readArrow } from './arrow/read-arrow.js';
import { readCsv } from './csv/read-csv.js';
import { FatalInputError } from './fatal-input-error.js';
import { readJson } from './json/read-json.js';
import { MeteredSource } from './metered-source.js';
import { RecordSink, type BatchHandler } from './record-sink.js';
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

function readFormat(
  format: OutcomesFormat,
  input: MeteredSource,
  sink: RecordSink,
  options: ReadOutcomesOptions,
): Promise<void> {
  switch (format) {
    case 'csv':
      return readCsv(input, sink);
    case 'json':
      return readJson(input, sink);
    case 'arrow':
      return readArrow(input, sink, { tempDirectory: options.tempDirectory });
    default:
      throw new TypeError(`unknown format ${String(format)}: use csv, json or arrow`);
  }
}

const FORMAT_BY_MEDIA_TYPE: Readonly<Record<string, OutcomesFormat>> = {
  'text/csv': 'csv',
  'application/json': 'json',
  'application/x-ndjson': 'json',
  'application/vnd.apache.arrow.file': 'arrow',
  'application/vnd.apache.arrow.stream': 'arrow',
};

const FORMAT_BY_EXTENSION: Readonly<Record<string, OutcomesFormat>> = {
  csv: 'csv',
  json: 'json',
  ndjson: 'json',
  jsonl: 'json',
  arrow: 'arrow',
  arrows: 'arrow',
  ipc: 'arrow',
};

/** The file name extensions that tell a file's format, with their dot. */
export const FORMAT_EXTENSIONS: readonly string[] = Object.keys(FORMAT_BY_EXTENSION).map((extension) => `.${extension}`);

/** For a file whose name says no format (the watch folder, the command line): how to name it. */
export function unknownFormatMessage(name: string): string {
  const named = (format: OutcomesFormat) => {
    const extensions = FORMAT_EXTENSIONS.filter((extension) => FORMAT_BY_EXTENSION[extension.slice(1)] === format);
    return extensions.length === 1 ? extensions[0] : `${extensions.slice(0, -1).join(', ')} or ${extensions.at(-1)}`;
  };
  return `cannot tell the format of ${name}: name it ${named('csv')} (CSV), ${named('json')} (JSON rows), or ${named('arrow')} (Arrow IPC)`;
}

/**
 * The format of an input from its HTTP Content-Type (parameters such as charset ignored), else from
 * its file name's extension; undefined when neither says. Arrow file and stream need not be told
 * apart: readOutcomes recognises each by its first bytes.
 */
export function detectFormat(filename: string | undefined, contentType?: string): OutcomesFormat | undefined {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType !== undefined && Object.hasOwn(FORMAT_BY_MEDIA_TYPE, mediaType))
    return FORMAT_BY_MEDIA_TYPE[mediaType];
  const extension = filename?.match(/\.([^./\\]+)$/)?.[1].toLowerCase();
  if (extension !== undefined && Object.hasOwn(FORMAT_BY_EXTENSION, extension))
    return FORMAT_BY_EXTENSION[extension];
  return undefined;
}

/** An error as one line of text, as the command line prints it: `line 7, column value: ...`. */
export function formatIngestError(error: IngestError): string {
  const where = error.line === 0 ? 'input' : `line ${error.line}`;
  return error.column === null
    ? `${where}: ${error.message}`
    : `${where}, column ${error.column}: ${error.message}`;
}
