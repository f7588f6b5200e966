/**
 * Arrow IPC through the whole path: tables made here with apache-arrow, written as the file and the
 * stream format (and damaged in various ways), read back through readOutcomes from a file stream.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool,
  DateDay,
  Float32,
  Int32,
  Int64,
  makeData,
  makeVector,
  Null,
  RecordBatchStreamWriter,
  Table,
  tableFromArrays,
  tableToIPC,
  Utf8,
  Dictionary,
  vectorFromArray,
  type RecordBatch,
  type Schema,
  type Vector,
} from 'apache-arrow';
import { readOutcomes, type ReadOutcomesOptions, type ReadOutcomesResult } from '../read-outcomes.js';
import type { MeasurementRow } from '../types.js';
import { HandOverStreamWriter } from './hand-over-writers.js';

let folder = '';
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ingest-arrow-spec-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Read extends ReadOutcomesResult {
  rows: MeasurementRow[];
}

let fileNumber = 0;

/** Writes the bytes to a file and reads it back through readOutcomes, as the command line does. */
async function readBytes(
  bytes: Uint8Array,
  options: ReadOutcomesOptions & { highWaterMark?: number } = {},
): Promise<Read> {
  const path = join(folder, `input-${fileNumber++}.arrow`);
  await writeFile(path, bytes);
  const rows: MeasurementRow[] = [];
  const result = await readOutcomes(
    createReadStream(path, { highWaterMark: options.highWaterMark }),
    'arrow',
    {
      onBatch: (batch) => {
        rows.push(...batch);
      },
      ...options,
    },
  );
  return { ...result, rows };
}

const utf8 = (values: (string | null)[]): Vector => vectorFromArray(values, new Utf8());

/** Three rows, each column of a different Arrow type the format accepts. */
function mixedTypesTable(): Table {
  return new Table({
    client_id: vectorFromArray([1001n, 1001n, 1002n], new Int64()),
    session: vectorFromArray([1, 1, 2], new Int32()),
    phase: utf8(['pre', 'post', null]),
    measure: utf8(['ppt', 'ppt', 'pain_nrs']),
    value: vectorFromArray([2.5, 250, 4], new Float32()),
    unit: utf8(['kg/cm2', 'kPa', 'score']),
    site: utf8(['upper_trapezius_left', 'upper_trapezius_left', null]),
    trial: vectorFromArray([1n, 1n, null], new Int64()),
    session_date: vectorFromArray(
      [new Date(Date.UTC(2024, 2, 4)), new Date(Date.UTC(2024, 2, 4)), null],
      new DateDay(),
    ),
    condition: vectorFromArray([null, null, null], new Null()),
  });
}

/** What tableFromArrays makes of plain arrays: dictionary-encoded strings, typed-array numbers. */
function dictionaryTable(): Table {
  return tableFromArrays({
    client_id: ['c001', 'c001', 'c002'],
    session: Int32Array.of(1, 2, 1),
    measure: ['ppt', 'ppt', 'ppt'],
    value: Float64Array.of(250, 25, 43.5),
    unit: ['kPa', 'N/cm2', 'lbf/in2'],
    technique: ['deep_tissue', 'deep_tissue', 'trigger_point_release'],
  });
}

function validRowsTable(from: number, count: number, values?: number[]): Table {
  return new Table({
    client_id: utf8(Array.from({ length: count }, (_, k) => `c${from + k}`)),
    session: vectorFromArray(Array<number>(count).fill(1), new Int32()),
    measure: utf8(Array<string>(count).fill('ppt')),
    value: vectorFromArray(values ?? Array<number>(count).fill(250), new Float32()),
    unit: utf8(Array<string>(count).fill('kPa')),
  });
}

/** The stream format as apache-arrow's stream writer writes it: the schema, the batches, the end-of-stream marker. */
function writeStream(schema: Schema, batches: readonly RecordBatch[]): Uint8Array {
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, schema); // writes the schema, even when no batch follows
  for (const batch of batches) writer.write(batch);
  writer.finish(); // writes the end-of-stream marker
  return writer.toUint8Array(true);
}

/** The 8 bytes that end a stream: 0xFFFFFFFF, then a metadata length of 0. */
const END_OF_STREAM = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

describe('readOutcomes on Arrow IPC', () => {
  it.each(['file', 'stream'] as const)(
    'reads the %s format with integer, float, date, null and string columns',
    async (format) => {
      const result = await readBytes(tableToIPC(mixedTypesTable(), format));
      expect(result).toMatchObject({ rowCount: 3, errorCount: 0 });
      expect(result.rows[0]).toEqual({
        line: 2,
        clientId: '1001',
        session: 1,
        phase: 'pre',
        measure: 'ppt',
        value: 2.5 * 98.0665,
        rawValue: 2.5,
        rawUnit: 'kg/cm2',
        site: 'upper_trapezius_left',
        technique: 'all',
        condition: null,
        clinicId: null,
        therapistId: null,
        sessionDate: '2024-03-04',
        trial: 1,
      });
      expect(result.rows.map((row) => [row.line, row.phase, row.value, row.trial, row.sessionDate])).toEqual([
        [2, 'pre', 2.5 * 98.0665, 1, '2024-03-04'],
        [3, 'post', 250, 1, '2024-03-04'],
        [4, 'pre', 4, null, null],
      ]);
    },
  );

  it.each(['file', 'stream'] as const)(
    'reads dictionary-encoded strings (%s format) and converts units',
    async (format) => {
      const result = await readBytes(tableToIPC(dictionaryTable(), format));
      expect(result.errorCount).toBe(0);
      expect(result.rows.map((row) => [row.clientId, row.technique, row.rawUnit])).toEqual([
        ['c001', 'deep_tissue', 'kPa'],
        ['c001', 'deep_tissue', 'N/cm2'],
        ['c002', 'trigger_point_release', 'lbf/in2'],
      ]);
      expect(result.rows[1].value).toBe(250);
      expect(result.rows[2].value).toBeCloseTo(43.5 * 6.894757, 10);
    },
  );

  it('reads the stream format from tiny chunks', async () => {
    const bytes = tableToIPC(dictionaryTable(), 'stream');
    const chunked = await readBytes(bytes, { highWaterMark: 7 });
    expect(chunked).toMatchObject({ rowCount: 3, errorCount: 0 });
    expect(chunked.rows).toEqual((await readBytes(bytes)).rows);
  });

  it.each(['file', 'stream'] as const)(
    'numbers rows across record batches (%s format): row index + 2',
    async (format) => {
      const table = validRowsTable(1, 3).concat(validRowsTable(4, 3, [250, 2500, 250]));
      expect(table.batches).toHaveLength(2);
      const result = await readBytes(tableToIPC(table, format));
      expect(result.rowCount).toBe(6);
      expect(result.errors).toEqual([
        {
          line: 6,
          column: 'value',
          message: expect.stringContaining('2500 kPa is outside the plausible range of ppt'),
        },
      ]);
    },
  );

  it('finds duplicates in Arrow input as in CSV', async () => {
    const table = validRowsTable(1, 2).concat(validRowsTable(1, 1));
    const result = await readBytes(tableToIPC(table, 'stream'));
    expect(result.errors).toEqual([
      { line: 4, column: null, message: expect.stringContaining('duplicate of line 2') },
    ]);
  });

  it.each(['file', 'stream'] as const)(
    'reads follow-up visits (contract 1.1) from the %s format, and refuses one at or before a treated session',
    async (format) => {
      const table = tableFromArrays({
        client_id: ['c1', 'c1', 'c1', 'c2', 'c2'],
        session: Int32Array.of(1, 2, 3, 1, 1),
        phase: ['pre', 'pre', 'followup', 'pre', 'followup'],
        measure: ['ppt', 'ppt', 'ppt', 'ppt', 'ppt'],
        value: Float64Array.of(250, 270, 265, 240, 250),
        unit: ['kPa', 'kPa', 'kPa', 'kPa', 'kPa'],
      });
      const result = await readBytes(tableToIPC(table, format));
      expect(result.errors).toEqual([
        {
          line: 6,
          column: 'session',
          message: "a follow-up at session 1 is not after the client's last treated session, 1 (line 5): number follow-up visits after the course, or make the row pre or post",
        },
      ]);
      const valid = await readBytes(tableToIPC(table.slice(0, 3), format));
      expect(valid.errorCount).toBe(0);
      expect(valid.rows.map((row) => [row.line, row.session, row.phase])).toEqual([
        [2, 1, 'pre'],
        [3, 2, 'pre'],
        [4, 3, 'followup'],
      ]);
    },
  );

  /** Strings from raw bytes, which apache-arrow's builders would have encoded as valid UTF-8. */
  const rawStrings = (values: number[][]): Vector =>
    makeVector(
      makeData({
        type: new Utf8(),
        length: values.length,
        nullCount: 0,
        valueOffsets: Int32Array.from([0, ...values.map((_, i) => values.slice(0, i + 1).flat().length)]),
        data: Uint8Array.from(values.flat()),
      }),
    );

  it.each([
    ['plain strings', () => rawStrings([[0x63, 0x31], [0x63, 0xff], [0x63, 0xfe]])],
    [
      'a dictionary',
      () =>
        makeVector(
          makeData({
            type: new Dictionary(new Utf8(), new Int32()),
            length: 3,
            nullCount: 0,
            data: Int32Array.of(0, 1, 2),
            dictionary: rawStrings([[0x63, 0x31], [0x63, 0xff], [0x63, 0xfe]]),
          }),
        ),
    ],
  ])('refuses text that is not valid UTF-8 (in %s) at its line and column: apache-arrow would make two ids one', async (_what, clientIds) => {
    const table = new Table({
      client_id: clientIds(),
      session: vectorFromArray([1, 1, 1], new Int32()),
      measure: utf8(['ppt', 'ppt', 'ppt']),
      value: vectorFromArray([250, 260, 270], new Float32()),
      unit: utf8(['kPa', 'kPa', 'kPa']),
    });
    for (const format of ['file', 'stream'] as const) {
      const result = await readBytes(tableToIPC(table, format));
      expect(result.errors).toEqual([{ line: 3, column: 'client_id', message: expect.stringContaining('not valid UTF-8 text') }]);
    }
  });

  it('refuses a table with a schema and no rows, as an empty CSV', async () => {
    const result = await readBytes(tableToIPC(validRowsTable(1, 0), 'file'));
    expect(result).toMatchObject({ rowCount: 0, errorCount: 1 });
    expect(result.errors).toEqual([{ line: 0, column: null, message: expect.stringContaining('the input has no rows') }]);
  });

  it('spools the file format to the temporary folder given, and removes it afterwards', async () => {
    const tempDirectory = await mkdtemp(join(folder, 'spool-'));
    const result = await readBytes(tableToIPC(dictionaryTable(), 'file'), { tempDirectory });
    expect(result.rowCount).toBe(3);
    expect(await readdir(tempDirectory)).toEqual([]);
  });

  it('checks the schema like a CSV header: unknown and missing columns on line 1', async () => {
    const table = new Table({
      client_id: utf8(['c001']),
      patient_name: utf8(['Jane Doe']),
      session: vectorFromArray([1], new Int32()),
      value: vectorFromArray([250], new Float32()),
      unit: utf8(['kPa']),
    });
    const result = await readBytes(tableToIPC(table, 'file'));
    expect(result.errors).toEqual([
      { line: 1, column: 'patient_name', message: expect.stringContaining('unknown column "patient_name"') },
      { line: 1, column: 'measure', message: 'required column is missing from the header: add it' },
    ]);
    expect(result.rowCount).toBe(0);
  });

  it('refuses column types that make no sense for the column', async () => {
    const table = new Table({
      client_id: utf8(['c001']),
      session: vectorFromArray([true], new Bool()),
      measure: vectorFromArray([1], new Int32()),
      value: vectorFromArray([250], new Float32()),
      unit: utf8(['kPa']),
    });
    expect((await readBytes(tableToIPC(table, 'stream'))).errors).toEqual([
      {
        line: 1,
        column: 'session',
        message:
          'Arrow type Bool is not accepted here: use a column of type integer, floating-point or string',
      },
      {
        line: 1,
        column: 'measure',
        message: 'Arrow type Int32 is not accepted here: use a column of type string',
      },
    ]);
  });

  it('refuses a file that is cut short, before reading any row', async () => {
    const bytes = tableToIPC(dictionaryTable(), 'file');
    for (const length of [7, 100, bytes.length - 1]) {
      const result = await readBytes(bytes.subarray(0, length));
      expect(result.errors).toEqual([
        { line: 0, column: null, message: expect.stringContaining('the Arrow file is truncated') },
      ]);
      expect(result.bytesRead).toBe(length);
    }
  });

  it('refuses a stream that is cut short inside a message', async () => {
    const bytes = tableToIPC(dictionaryTable(), 'stream');
    for (const [length, fragment] of [
      [6, 'ends before its schema'],
      [100, 'unreadable Arrow data after 0 rows'],
      [bytes.length - 20, 'unreadable Arrow data after 0 rows'],
    ] as const) {
      const result = await readBytes(bytes.subarray(0, length));
      expect(result.errors).toEqual([{ line: 0, column: null, message: expect.stringContaining(fragment) }]);
    }
  });

  it('refuses a stream that ends between messages, without its end-of-stream marker', async () => {
    const schema = validRowsTable(1, 0).schema;
    const batches = [validRowsTable(1, 10), validRowsTable(11, 10), validRowsTable(21, 10)].flatMap(
      (table) => table.batches,
    );
    const whole = writeStream(schema, batches);
    expect(Buffer.from(whole.subarray(-END_OF_STREAM.length))).toEqual(END_OF_STREAM);
    // Where the messages end: the stream of fewer batches, without its end-of-stream marker.
    const afterSchema = writeStream(schema, []).length - END_OF_STREAM.length;
    const afterTwoBatches = writeStream(schema, batches.slice(0, 2)).length - END_OF_STREAM.length;
    for (const [length, rows] of [
      [afterSchema, 0],
      [afterTwoBatches, 20], // the 1,888 bytes of the audit: two whole batches, read as complete before
      [afterTwoBatches + 4, 20], // the next message's 0xFFFFFFFF, not followed by a length
      [afterTwoBatches + 7, 20], // ... followed by part of its metadata length
    ]) {
      for (const highWaterMark of [undefined, 5]) {
        const result = await readBytes(whole.subarray(0, length), { highWaterMark });
        expect(result.errors).toEqual([
          {
            line: 0,
            column: null,
            message: `the Arrow stream ends without its end-of-stream marker, after ${rows} rows and ${length} bytes: it may have been cut short; send the whole stream again`,
          },
        ]);
        expect(result.bytesRead).toBe(length);
      }
    }
    expect(await readBytes(whole, { highWaterMark: 5 })).toMatchObject({ rowCount: 30, errorCount: 0 });
  });

  it('reads a stream of a schema and no rows, with or without an empty batch, to its end: no rows is the only error', async () => {
    const empty = validRowsTable(1, 0);
    for (const bytes of [writeStream(empty.schema, []), tableToIPC(empty, 'stream')]) {
      const result = await readBytes(bytes);
      expect(result.errors).toEqual([{ line: 0, column: null, message: expect.stringContaining('the input has no rows') }]);
    }
  });

  it("reads a stream from HandOverStreamWriter (the API's export writer), which ends with the marker", async () => {
    const writer = new HandOverStreamWriter();
    const bytes: Uint8Array[] = [];
    for (const batch of validRowsTable(1, 3).concat(validRowsTable(4, 2)).batches) {
      writer.write(batch);
      bytes.push(...writer.takeBytes());
    }
    writer.finish();
    bytes.push(...writer.takeBytes());
    expect(await readBytes(Buffer.concat(bytes))).toMatchObject({ rowCount: 5, errorCount: 0 });
  });

  it('refuses bytes that are not Arrow', async () => {
    const result = await readBytes(Buffer.from('client_id,session,measure,value,unit\nc1,1,ppt,250,kPa\n'));
    expect(result.errors).toEqual([
      { line: 0, column: null, message: expect.stringContaining('not Arrow IPC data') },
    ]);
  });

  it('refuses garbage behind a stream marker or behind a valid stream, without hanging', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
    const stream = tableToIPC(dictionaryTable(), 'stream');
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), garbage]),
      Buffer.concat([stream, garbage]),
    ]) {
      const result = await readBytes(bytes);
      expect(result.errors).toEqual([
        { line: 0, column: null, message: expect.stringContaining('unreadable Arrow data') },
      ]);
    }
  });

  it('refuses a stream holding two tables', async () => {
    const stream = tableToIPC(validRowsTable(1, 2), 'stream');
    const result = await readBytes(Buffer.concat([stream, stream]));
    expect(result.errors).toEqual([
      { line: 0, column: null, message: expect.stringContaining('more than one table') },
    ]);
  });

  it('passes an error of onBatch through unchanged', async () => {
    const failure = new Error('disk full');
    for (const format of ['file', 'stream'] as const) {
      await expect(
        readBytes(tableToIPC(validRowsTable(1, 3), format), {
          batchSize: 1,
          onBatch: () => Promise.reject(failure),
        }),
      ).rejects.toBe(failure);
    }
  });
});
