/**
 * Reads the canonical long format from Arrow IPC, the file format or the stream format (told apart
 * by their first bytes), record batch by record batch. Columns are the schema's fields, checked like
 * a CSV header; the line of a row is its index in the whole input + 2, as if the schema were a
 * header on line 1.
 *
 * The stream format is read straight from the byte stream. The file format cannot be: it keeps its
 * schema and the index of its batches in a footer at the end (apache-arrow's own writer puts the
 * schema only there), and apache-arrow reads such a file from a non-seekable stream by buffering
 * all of it. So a file is first spooled to a temporary file and read from there with random access.
 *
 * Corrupt, truncated or foreign input is reported as one error on line 0; apache-arrow's message is
 * kept in it for whoever has to look deeper. A stream must end with its end-of-stream marker, which
 * apache-arrow does not check (see END_OF_STREAM).
 */
import { tmpdir } from 'node:os';
import type { FileHandle } from 'node:fs/promises';
import {
  RecordBatchReader,
  type AsyncRecordBatchFileReader,
  type AsyncRecordBatchStreamReader,
} from 'apache-arrow';
import { newFieldValues } from '../columns.js';
import { FatalInputError } from '../fatal-input-error.js';
import type { MeteredSource } from '../metered-source.js';
import type { RecordSink } from '../record-sink.js';
import { arrowColumns, firstInvalidUtf8Row, valueReader } from './arrow-columns.js';
import { withSpooledFile } from './spool-to-file.js';

/** "ARROW1": the first and last six bytes of the IPC file format. */
const FILE_MAGIC = Buffer.from('ARROW1');
/** Every message of the (current, post-0.15) IPC stream format starts with 0xFFFFFFFF. */
const CONTINUATION = Buffer.from([0xff, 0xff, 0xff, 0xff]);
/**
 * What ends an IPC stream: a continuation marker and a metadata length of 0. Every writer writes it
 * when it is closed (apache-arrow's RecordBatchStreamWriter, pyarrow), but apache-arrow's reader
 * takes the end of the input for the end of the stream just as well, so a stream cut right after
 * a record batch would read as complete, short of its last batches. The input must end with it.
 *
 * The marker is recognised by the last 8 bytes of the input (apache-arrow does not say where its
 * messages end). A stream cut right after a message whose own last 8 bytes happen to be these would
 * pass: the body of a record batch ends in zero padding or in values, an Int64 column ending in
 * 4294967295 say. The pre-0.15 form of the marker, 4 zero bytes, cannot be recognised this way,
 * since most messages end in zero padding; nor is it needed, as a pre-0.15 stream does not start
 * with 0xFFFFFFFF and is refused before it is read.
 */
const END_OF_STREAM = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00]);
/**
 * A record batch cannot hold more rows than 8 per byte of input (a validity bit each, at the very
 * least): a larger row count is a corrupt header that would otherwise loop over rows that do not exist.
 */
const MAX_ROWS_PER_BYTE = 8;

export interface ReadArrowOptions {
  /** Where the file format is spooled; the system's temporary folder by default. */
  readonly tempDirectory?: string;
}

export async function readArrow(
  input: MeteredSource,
  sink: RecordSink,
  options: ReadArrowOptions = {},
): Promise<void> {
  const head = Buffer.from(await input.peek(FILE_MAGIC.length));
  const rows = new ArrowRowReader(sink);
  if (head.equals(FILE_MAGIC)) {
    await withSpooledFile(input, options.tempDirectory ?? tmpdir(), (file, size) =>
      readFile(file, size, rows),
    );
  } else if (head.subarray(0, CONTINUATION.length).equals(CONTINUATION)) {
    await readStream(input, rows);
  } else {
    throw FatalInputError.at(
      0,
      'not Arrow IPC data: an Arrow file starts with ARROW1 and an Arrow stream with 0xFFFFFFFF (or choose the right format for this input)',
    );
  }
}

async function readFile(file: FileHandle, size: number, rows: ArrowRowReader): Promise<void> {
  const tail = Buffer.alloc(FILE_MAGIC.length);
  await file.read(tail, 0, tail.length, Math.max(0, size - tail.length));
  if (!tail.equals(FILE_MAGIC)) {
    throw FatalInputError.at(
      0,
      'the Arrow file is truncated: it does not end with its footer; send the whole file again',
    );
  }
  await rows.readSingleTable(async () => [await RecordBatchReader.from(file)], size);
}

async function readStream(input: MeteredSource, rows: ArrowRowReader): Promise<void> {
  const tail = new InputTail(input, END_OF_STREAM.length);
  // readAll goes on after the first end-of-stream marker, so a second table (or garbage) appended
  // to the stream is found instead of silently ignored.
  await rows.readSingleTable(
    async () => RecordBatchReader.readAll(tail),
    () => input.bytesRead,
  );
  await tail.readToEnd();
  if (!tail.endsWith(END_OF_STREAM)) {
    throw FatalInputError.at(
      0,
      `the Arrow stream ends without its end-of-stream marker, after ${rows.rowCount} rows and ${input.bytesRead} bytes: it may have been cut short; send the whole stream again`,
    );
  }
}

/** Hands the bytes of the input on unchanged, keeping the last few: how the input ends. */
class InputTail implements AsyncIterable<Uint8Array> {
  private last = Buffer.alloc(0);

  constructor(
    private readonly input: AsyncIterable<Uint8Array>,
    private readonly length: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for await (const chunk of this.input) {
      this.keep(chunk);
      yield chunk;
    }
  }

  /** Reads what the consumer left of the input (MeteredSource goes on where it stopped), for its end. */
  async readToEnd(): Promise<void> {
    for await (const chunk of this.input) this.keep(chunk);
  }

  endsWith(bytes: Uint8Array): boolean {
    return this.last.subarray(-bytes.length).equals(bytes);
  }

  private keep(chunk: Uint8Array): void {
    const end = chunk.byteLength >= this.length ? chunk : Buffer.concat([this.last, chunk]);
    // A copy: the chunk is the input's, and a few bytes should not keep all of it alive.
    this.last = Buffer.from(end.subarray(Math.max(0, end.byteLength - this.length)));
  }
}

type ArrowReader = AsyncRecordBatchFileReader | AsyncRecordBatchStreamReader;

/** Turns the record batches of one table into rows for the sink. */
class ArrowRowReader {
  private rowIndex = 0;

  constructor(private readonly sink: RecordSink) {}

  /** Rows read so far, valid or not. */
  get rowCount(): number {
    return this.rowIndex;
  }

  /**
   * Reads the one table of the input. `inputSize` bounds the plausible number of rows: the file's size,
   * or for a stream the bytes read so far.
   */
  async readSingleTable(
    open: () => Promise<AsyncIterable<ArrowReader> | Iterable<ArrowReader>>,
    inputSize: number | (() => number),
  ): Promise<void> {
    try {
      let tables = 0;
      for await (const reader of await open()) {
        if (++tables > 1)
          throw FatalInputError.at(0, 'the Arrow input holds more than one table: write one table per file');
        await this.readTable(reader, typeof inputSize === 'number' ? () => inputSize : inputSize);
      }
      if (tables === 0)
        throw FatalInputError.at(0, 'the Arrow input ends before its schema: it is cut short');
    } catch (error) {
      if (error instanceof FatalInputError) throw error;
      if (error instanceof BatchHandlerFailure) throw error.cause;
      // apache-arrow throws plain errors (TypeError, RangeError...) on corrupt input.
      const detail = error instanceof Error ? error.message : String(error);
      throw FatalInputError.at(
        0,
        `unreadable Arrow data after ${this.rowIndex} rows: ${detail}; check that the file is complete and is Arrow IPC`,
      );
    }
  }

  private async readTable(reader: ArrowReader, inputSize: () => number): Promise<void> {
    await reader.open();
    const schema = reader.schema;
    if (schema === undefined || schema === null) throw FatalInputError.at(0, 'the Arrow input has no schema');
    const columns = arrowColumns(schema);
    const values = newFieldValues();
    for await (const batch of reader) {
      if (batch.numRows > MAX_ROWS_PER_BYTE * inputSize()) {
        throw FatalInputError.at(
          0,
          `a record batch claims ${batch.numRows} rows, more than the input can hold: the file is corrupt`,
        );
      }
      const readers = columns.map((c) => {
        const vector = batch.getChildAt(c.fieldIndex);
        if (vector === null)
          throw FatalInputError.at(0, 'a record batch lacks a column of the schema: the file is corrupt');
        if (c.kind === 'text') {
          const invalid = firstInvalidUtf8Row(vector);
          if (invalid !== null) {
            throw FatalInputError.at(this.rowIndex + invalid + 2, 'not valid UTF-8 text: the file is corrupt or not in UTF-8', schema.fields[c.fieldIndex].name);
          }
        }
        return valueReader(c.kind, vector);
      });
      for (let row = 0; row < batch.numRows; row++) {
        // Every row writes the schema's columns; the others stay null from the start.
        for (let k = 0; k < readers.length; k++) values[columns[k].column] = readers[k](row);
        this.sink.addRow(values, this.rowIndex + 2);
        this.rowIndex++;
        if (this.sink.hasFullBatch) await this.deliverFullBatches();
      }
    }
  }

  private async deliverFullBatches(): Promise<void> {
    try {
      await this.sink.deliverFullBatches();
    } catch (cause) {
      throw new BatchHandlerFailure(cause);
    }
  }
}

/** Carries an error of the caller's onBatch past the handler that turns apache-arrow's errors into input errors. */
class BatchHandlerFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('onBatch failed');
  }
}
