/**
 * The whole path, as the command line and the API use it: real files from test-fixtures/ (and the
 * reference data sets of shared/reference/) read through readOutcomes from fs.createReadStream.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { MEASURES } from '@threshold/stats';
import { referenceFile } from '@threshold/stats/testing';
import { detectFormat } from './formats.js';
import { formatIngestError, readOutcomes, type ReadOutcomesOptions, type ReadOutcomesResult } from './read-outcomes.js';
import type { IngestError, MeasurementRow, OutcomesFormat } from './types.js';

const FIXTURES = fileURLToPath(new URL('../test-fixtures/', import.meta.url));

interface Read extends ReadOutcomesResult {
  rows: MeasurementRow[];
  batchSizes: number[];
}

async function read(
  path: string,
  options: ReadOutcomesOptions & { highWaterMark?: number } = {},
): Promise<Read> {
  const format = detectFormat(path);
  if (format === undefined) throw new Error(`no format for ${path}`);
  const rows: MeasurementRow[] = [];
  const batchSizes: number[] = [];
  const result = await readOutcomes(
    createReadStream(path, { highWaterMark: options.highWaterMark }),
    format,
    {
      onBatch: (batch) => {
        rows.push(...batch);
        batchSizes.push(batch.length);
      },
      ...options,
    },
  );
  return { ...result, rows, batchSizes };
}

const fixture = (name: string): Promise<Read> => read(join(FIXTURES, name));

/** Expects exactly these errors: [line, column, a fragment of the message]. */
function expectErrors(result: ReadOutcomesResult, expected: [number, string | null, string][]): void {
  expect(result.errors.map((error) => [error.line, error.column, error.message])).toEqual(
    expected.map(([line, column, fragment]) => [line, column, expect.stringContaining(fragment)]),
  );
  expect(result.errorCount).toBe(expected.length);
}

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

describe('readOutcomes on good CSV', () => {
  it('converts every PPT unit to kPa and keeps sites, trials and the optional columns', async () => {
    const result = await fixture('good/ppt-units-sites-trials.csv');
    expect(result).toMatchObject({ rowCount: 12, errorCount: 0, errors: [] });
    const { rows } = result;
    expect(rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(rows[0]).toEqual({
      line: 2,
      clientId: 'c001',
      session: 1,
      phase: 'pre',
      measure: 'ppt',
      value: 250,
      rawValue: 250,
      rawUnit: 'kPa',
      site: 'upper_trapezius_left',
      technique: 'trigger_point_release',
      condition: 'tension_type_headache',
      clinicId: 'clinic-a',
      therapistId: 't-01',
      sessionDate: '2024-03-04',
      trial: 1,
    });
    expect(rows[1]).toMatchObject({ trial: 2, rawValue: 2.5, rawUnit: 'kg/cm2', value: 2.5 * 98.0665 });
    expect(rows[1].value).toBeCloseTo(245.16625, 10);
    expect(rows[2]).toMatchObject({ trial: 3, rawUnit: 'N/cm2', value: 250 });
    expect(rows[3]).toMatchObject({ site: 'upper_trapezius_right', rawUnit: 'lbf/in2' });
    expect(rows[3].value).toBeCloseTo(36.26 * 6.894757, 10);
    expect(rows[4].phase).toBe('post');
    expect(rows[5]).toMatchObject({ phase: 'pre', site: 'suboccipital_left' }); // empty phase means pre
    expect(
      rows.slice(7, 10).map((row) => [row.measure, row.value, row.rawUnit, row.site, row.trial]),
    ).toEqual([
      ['pain_nrs', 6, 'score', null, null],
      ['headache_days', 12, 'days', null, null],
      ['hdi', 44, 'score', null, null],
    ]);
    // An empty technique is "all"; the basic ISO date form is written yyyy-mm-dd; the range is inclusive.
    expect(rows[10]).toMatchObject({
      technique: 'all',
      therapistId: null,
      sessionDate: '2024-06-11',
      session: 12,
      value: 0,
    });
    expect(rows[11]).toMatchObject({ value: 2000, sessionDate: null });
  });

  it('reads a spreadsheet export: BOM, CRLF, quoted fields, a line break inside a field, blank rows, no final line break', async () => {
    const result = await fixture('good/spreadsheet-export.csv');
    expect(result).toMatchObject({ rowCount: 5, errorCount: 0 });
    expect(
      result.rows.map((row) => [row.line, row.clientId, row.value, row.technique, row.condition]),
    ).toEqual([
      [2, 'c001', 250, 'deep_tissue', 'neck_pain'],
      [4, 'c002', 260.5, 'trigger_point_release', 'tension type headache, chronic'],
      [5, 'c003', 270, 'trigger_point_release', 'notes say "severe"\r\nsecond line'],
      [8, 'c004', 280, 'all', null],
      [9, 'c005', 290, 'deep_tissue', 'neck_pain'],
    ]);
  });

  it('gives the same rows and lines whatever size the stream chunks are', async () => {
    const path = join(FIXTURES, 'good/spreadsheet-export.csv');
    const whole = await read(path);
    for (const highWaterMark of [1, 2, 3, 5, 8, 13]) {
      expect((await read(path, { highWaterMark })).rows).toEqual(whole.rows);
    }
  });

  it.each([
    ['student_sleep.csv', 20],
    ['orthodont.csv', 108],
  ])('reads the reference data set %s without errors', async (name, rowCount) => {
    const result = await read(referenceFile(name));
    expect(result).toMatchObject({ rowCount, errorCount: 0, errors: [] });
    expect(result.rows).toHaveLength(rowCount);
    expect(result.rows.every((row) => row.measure === 'ppt' && row.rawUnit === 'kPa')).toBe(true);
  });
});

describe('readOutcomes on bad CSV: every error of report-contract.md section 1, with line and column', () => {
  it('refuses a header without a required column, and reads no row', async () => {
    const result = await fixture('bad/missing-column.csv');
    expectErrors(result, [[1, 'unit', 'required column is missing']]);
    expect(result.rowCount).toBe(0);
  });

  it('refuses an unknown column, naming it, and delivers nothing', async () => {
    const result = await fixture('bad/unknown-column.csv');
    expectErrors(result, [[1, 'email', 'unknown column "email"']]);
    expect(result.rows).toEqual([]);
  });

  it('suggests the right name for a column written in the wrong case', async () => {
    expectErrors(await fixture('bad/near-miss-column.csv'), [
      [1, 'Client_ID', 'did you mean client_id?'],
      [1, 'client_id', 'required column is missing'],
    ]);
  });

  it('refuses a column named twice', async () => {
    expectErrors(await fixture('bad/duplicate-column.csv'), [[1, 'session', 'appears twice in the header']]);
  });

  it('refuses a missing required value', async () => {
    expectErrors(await fixture('bad/missing-value.csv'), [
      [3, 'value', 'empty, but required'],
      [4, 'client_id', 'empty, but required'],
    ]);
  });

  it('refuses a value that is not a plain decimal number', async () => {
    expectErrors(await fixture('bad/non-numeric-value.csv'), [
      [2, 'value', 'not a number: "abc"'],
      [3, 'value', 'not a number: "12,5" (write decimals with a point'],
      [4, 'value', 'not a number: "0x10"'],
      [5, 'value', 'has spaces at the start or end: remove them'],
    ]);
  });

  it('refuses a value that is not finite', async () => {
    expectErrors(await fixture('bad/non-finite-value.csv'), [
      [2, 'value', 'not a finite number: "1e999"'],
      [3, 'value', 'not a number: "Infinity"'],
      [4, 'value', 'not a number: "NaN"'],
    ]);
  });

  it('refuses a value outside the plausible range, checked in the canonical unit', async () => {
    expectErrors(await fixture('bad/out-of-range.csv'), [
      [2, 'value', '2001 kPa is outside the plausible range of ppt, 0 to 2000 kPa'],
      [3, 'value', '25 kg/cm2 (2451.66 kPa) is outside the plausible range of ppt, 0 to 2000 kPa'],
      [4, 'value', '-1 kPa is outside'],
      [5, 'value', '11 score is outside the plausible range of pain_nrs, 0 to 10 score'],
      [6, 'value', '29 days is outside the plausible range of headache_days, 0 to 28 days'],
    ]);
  });

  it('refuses an unknown measure, listing the known ones', async () => {
    const codes = Object.keys(MEASURES).join(', ');
    expectErrors(await fixture('bad/unknown-measure.csv'), [
      [2, 'measure', `unknown measure "PPT": use one of ${codes}`],
      [3, 'measure', 'unknown measure "vas"'],
    ]);
  });

  it('refuses a unit the measure does not accept, listing the accepted ones', async () => {
    expectErrors(await fixture('bad/wrong-unit.csv'), [
      [2, 'unit', 'unit "kpa" is not accepted for ppt: use one of kPa, kg/cm2, N/cm2, lbf/in2'],
      [3, 'unit', 'unit "kPa" is not accepted for pain_nrs: use one of score'],
      [4, 'unit', 'empty, but required'],
    ]);
  });

  it('refuses a session that is not a positive integer', async () => {
    expectErrors(await fixture('bad/bad-session.csv'), [
      [2, 'session', 'not a positive integer (0)'],
      [3, 'session', 'not a positive integer (1.5)'],
      [4, 'session', 'not a positive integer (-2)'],
      [5, 'session', 'not a number: "first"'],
    ]);
  });

  it('refuses a phase other than pre or post', async () => {
    expectErrors(await fixture('bad/bad-phase.csv'), [
      [2, 'phase', '"Pre" is not a phase: use pre, post or followup (empty means pre)'],
      [3, 'phase', '"during" is not a phase'],
      [4, 'phase', 'has spaces at the start or end'],
    ]);
  });

  it('refuses a trial that is not a positive integer', async () => {
    expectErrors(await fixture('bad/bad-trial.csv'), [
      [2, 'trial', 'not a positive integer (0): repeat readings are numbered'],
      [3, 'trial', 'not a positive integer (2.5)'],
      [4, 'trial', 'not a number: "one"'],
    ]);
  });

  it('refuses a session_date that is not an ISO 8601 calendar date', async () => {
    expectErrors(await fixture('bad/bad-date.csv'), [
      [2, 'session_date', '"2024-02-30" is not an ISO 8601 date: write it yyyy-mm-dd'],
      [3, 'session_date', '"07/03/2024" is not an ISO 8601 date'],
      [4, 'session_date', '"2024-3-7" is not an ISO 8601 date'],
      [5, 'session_date', '"2024-03-07T10:00" is not an ISO 8601 date'],
    ]);
  });

  it('refuses personal identifiers in key columns without repeating them', async () => {
    const result = await fixture('bad/personal-identifiers.csv');
    expectErrors(result, [
      [2, 'client_id', "looks like an email address: use the clinic's pseudonymous key"],
      [3, 'therapist_id', 'looks like a phone number'],
      [4, 'client_id', 'looks like an NHS number'],
      [5, 'clinic_id', 'looks like an NHS number'],
      [6, 'client_id', 'looks like a date'],
    ]);
    const messages = result.errors.map(formatIngestError).join('\n');
    for (const identifier of ['jane', '7700', '476', '1985']) expect(messages).not.toContain(identifier);
  });

  it('reads follow-up visits (contract 1.1) after the last treated session, in any row order', async () => {
    const result = await fixture('good/followup.csv');
    expect(result.errorCount).toBe(0);
    expect(result.rows.map((row) => [row.line, row.clientId, row.session, row.phase, row.sessionDate])).toEqual([
      [2, 'c001', 1, 'pre', '2025-01-06'],
      [3, 'c001', 2, 'pre', '2025-01-13'],
      [4, 'c001', 2, 'post', '2025-01-13'],
      [5, 'c001', 3, 'followup', '2025-03-03'],
      [6, 'c002', 3, 'followup', '2025-04-01'],
      [7, 'c002', 1, 'pre', '2025-01-07'],
      [8, 'c002', 2, 'pre', '2025-01-14'],
      [9, 'c002', 4, 'followup', '2025-06-01'],
    ]);
  });

  it('refuses a follow-up at or before the client\'s last treated session (of any measure), naming its line', async () => {
    expectErrors(await fixture('bad/followup-order.csv'), [
      [3, 'session', "a follow-up at session 2 is not after the client's last treated session, 3 (line 4)"],
      [6, 'session', "a follow-up at session 1 is not after the client's last treated session, 1 (line 5)"],
      [9, 'session', "a follow-up at session 2 is not after the client's last treated session, 2 (line 8)"],
    ]);
  });

  it('treats a follow-up as its own phase when looking for duplicate rows', async () => {
    const text = 'client_id,session,phase,measure,value,unit\nc1,1,pre,ppt,250,kPa\nc1,2,followup,ppt,260,kPa\nc1,2,followup,ppt,261,kPa\n';
    expectErrors(await readOutcomes(chunks(text), 'csv'), [[4, null, 'duplicate of line 3']]);
  });

  it('refuses two rows with the same client, session, phase, measure, site and trial, naming both lines', async () => {
    expectErrors(await fixture('bad/duplicate-rows.csv'), [
      [6, null, 'duplicate of line 2: same client_id, session, phase, measure, site and trial'],
      [8, null, 'duplicate of line 7'],
    ]);
  });

  it('leaves duplicates to the caller when asked to (findDuplicates: false), delivering every row', async () => {
    const result = await read(join(FIXTURES, 'bad/duplicate-rows.csv'), { findDuplicates: false });
    expect(result.errorCount).toBe(0);
    expect(result.rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses a row with the wrong number of fields', async () => {
    const result = await fixture('bad/field-count.csv');
    expectErrors(result, [
      [2, null, 'has 7 fields, but the header has 6: a value that contains a comma must be in double quotes'],
      [3, null, 'has 5 fields, but the header has 6: every row needs a field for each column'],
    ]);
    expect(result.rowCount).toBe(3);
  });

  it.each([
    ['quote-inside-field.csv', 3, 'a quote inside a field that does not start with one'],
    ['unclosed-quote.csv', 3, 'a quoted field is never closed'],
    ['bare-carriage-return.csv', 1, 'a carriage return that does not end a line'],
    ['latin1.csv', 5, 'not valid UTF-8 text: save the file as UTF-8'],
    ['nul-byte.csv', 4, 'contains a NUL byte: this looks like a binary file'],
    ['only-blank-lines.csv', 0, 'no header line'],
  ])('stops at a file that is not well-formed CSV text: %s', async (name, line, fragment) => {
    const path = join(FIXTURES, 'bad', name);
    const result = await read(path);
    expectErrors(result, [[line, null, fragment]]);
    // Read to the end all the same: the count and checksum are of the whole file.
    expect(result.bytesRead).toBe(statSync(path).size);
  });

  it('refuses an empty input', async () => {
    const result = await fixture('bad/empty.csv');
    expectErrors(result, [[0, null, 'the input is empty']]);
    expect(result.checksum).toBe(createHash('sha256').digest('hex'));
  });

  it.each([
    ['csv', 'a header', 'client_id,session,measure,value,unit\n'],
    ['json', 'an empty list', '[]'],
  ] as [OutcomesFormat, string, string][])('refuses an input of no rows (%s: %s) as it refuses an empty one', async (format, _what, text) => {
    const result = await readOutcomes(chunks(text), format);
    expect(result.rowCount).toBe(0);
    expect(result.errors).toEqual([{ line: 0, column: null, message: expect.stringContaining('no rows') }]);
  });

  it('stops at a 10 MB line without a line break, quickly and with bounded memory', async () => {
    const megabyte = Buffer.alloc(1 << 20, 'x');
    const started = Date.now();
    const result = await readOutcomes(
      chunks('client_id,session,measure,value,unit\n', ...Array<Buffer>(10).fill(megabyte)),
      'csv',
    );
    expectErrors(result, [[2, null, 'the row is longer than 65536 characters']]);
    expect(result.bytesRead).toBe(37 + 10 * (1 << 20));
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('readOutcomes on JSON rows', () => {
  it('reads an array of objects: numbers or numeric strings, null as absent, escapes decoded', async () => {
    const result = await fixture('good/rows.json');
    expect(result).toMatchObject({ rowCount: 4, errorCount: 0 });
    expect(
      result.rows.map((row) => [
        row.line,
        row.clientId,
        row.session,
        row.phase,
        row.value,
        row.rawUnit,
        row.trial,
      ]),
    ).toEqual([
      [2, 'c001', 1, 'pre', 2.5 * 98.0665, 'kg/cm2', 1],
      [3, 'c001', 1, 'pre', 250, 'kPa', 2],
      [4, 'c002', 2, 'pre', 4, 'score', null],
      [14, '12345', 3, 'pre', 10, 'score', null],
    ]);
    expect(result.rows[2]).toMatchObject({
      technique: 'deep_tissue',
      condition: 'neck pain – "chronic"',
      sessionDate: '2024-03-05',
    });
  });

  it('reads NDJSON', async () => {
    const result = await fixture('good/rows.ndjson');
    expect(result.errorCount).toBe(0);
    expect(result.rows.map((row) => [row.line, row.session, row.phase, row.value])).toEqual([
      [1, 1, 'pre', 250],
      [2, 1, 'post', 300],
      [4, 2, 'pre', 43.5 * 6.894757],
    ]);
  });

  it('reads follow-up visits from JSON rows, and refuses one before a treated session', async () => {
    const good = await fixture('good/followup.ndjson');
    expect(good.errorCount).toBe(0);
    expect(good.rows.map((row) => [row.line, row.session, row.phase, row.sessionDate])).toEqual([
      [1, 1, 'pre', null],
      [2, 2, 'followup', '2025-03-03'],
    ]);
    expectErrors(await fixture('bad/followup-order.ndjson'), [
      [1, 'session', "a follow-up at session 2 is not after the client's last treated session, 2 (line 2)"],
    ]);
  });

  it('gives the same rows whatever size the stream chunks are', async () => {
    const path = join(FIXTURES, 'good/rows.json');
    const whole = await read(path);
    for (const highWaterMark of [1, 3, 7, 64])
      expect((await read(path, { highWaterMark })).rows).toEqual(whole.rows);
  });

  it('refuses nested values, booleans, unknown and repeated keys, with line and key', async () => {
    const result = await fixture('bad/row-values.json');
    expectErrors(result, [
      [2, 'value', 'a nested object is not accepted here: use a string, a number or null'],
      [3, 'value', 'an array is not accepted here'],
      [4, 'session', 'true or false is not accepted here'],
      [5, 'name', 'unknown column "name"'],
      [6, 'value', 'the key appears twice in the object'],
      [7, 'value', 'not a number: "abc"'],
    ]);
    expect(result.rowCount).toBe(7);
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate from a \\u escape), in values and keys', async () => {
    const row = (fields: string) => `  {"session": 1, "value": 250, "unit": "kPa", ${fields}}`;
    const rows = [
      row('"client_id": "zz\\ud800", "measure": "ppt"'),
      row('"client_id": "zz\\udfff", "measure": "ppt"'),
      row('"client_id": "c003", "measure": "ppt", "technique": "t\\ud800"'),
      row('"client_id": "c004", "measure": "ppt", "site": "\\udc00neck", "therapist_id": "t\\ud83d"'),
      row('"client_id": "c005", "measure": "ppt", "technique": "t_\\ud83d\\ude00"'),
      row('"client_id": "c006", "measure": "ppt", "condition\\ud800": "neck_pain"'),
      row('"client_id": "c007", "measure": "ppt\\udbff"'),
    ];
    const text = `[\n${rows.join(',\n')}\n]\n`; // the rows on lines 2 to 8
    // Cut inside the first escape, to read it across two chunks.
    const cut = text.indexOf('\\ud800') + 4;
    const result = await readOutcomes(chunks(text.slice(0, cut), text.slice(cut)), 'json');
    const problem = (surrogate: string) => `not valid Unicode text: a lone surrogate \\${surrogate} (`;
    // Stored as UTF-8, zz\ud800 and zz\udfff would both become zz\uFFFD: one client, not two.
    expectErrors(result, [
      [2, 'client_id', problem('ud800')],
      [3, 'client_id', problem('udfff')],
      [4, 'technique', problem('ud800')],
      [5, 'site', problem('udc00')],
      [5, 'therapist_id', problem('ud83d')],
      // Line 6 holds a whole pair, \ud83d\ude00: well-formed.
      [7, 'condition\uFFFD', `the key is ${problem('ud800')}`],
      [8, 'measure', 'unknown measure "ppt\\udbff"'],
    ]);
    expect(result.rowCount).toBe(7);
    // Errors are stored (as jsonb, which refuses a lone surrogate) and shown: they must be well-formed.
    const notWellFormed = /\p{Surrogate}/u;
    const notWellFormedErrors = result.errors.filter((error) => notWellFormed.test(`${error.column}${error.message}`));
    expect(notWellFormedErrors).toEqual([]);
  });

  it('stops at malformed JSON with the line where it goes wrong', async () => {
    expectErrors(await fixture('bad/malformed.json'), [
      [3, null, "invalid JSON: expected , or ] after a row's object"],
    ]);
  });

  it('stops at an object that is never closed, on the line where it starts', async () => {
    const result = await fixture('bad/unclosed.ndjson');
    expectErrors(result, [[2, null, 'the object that starts here is not closed']]);
    expect(result.rowCount).toBe(1);
  });
});

describe('readOutcomes delivery, errors and accounting', () => {
  const header = 'client_id,session,measure,value,unit\n';
  const validRows = (from: number, count: number): string =>
    Array.from({ length: count }, (_, k) => `c${from + k},1,ppt,250,kPa\n`).join('');

  it('delivers valid rows in batches of batchSize, awaiting each batch before reading on', async () => {
    const events: string[] = [];
    const result = await readOutcomes(chunks(header, validRows(1, 3), validRows(4, 2)), 'csv', {
      batchSize: 2,
      onBatch: async (rows) => {
        events.push(`start ${rows.map((row) => row.clientId).join(' ')}`);
        await sleep(5);
        events.push('end');
      },
    });
    expect(result).toMatchObject({ rowCount: 5, errorCount: 0 });
    expect(events).toEqual(['start c1 c2', 'end', 'start c3 c4', 'end', 'start c5', 'end']);
  });

  it('delivers nothing more after the first error, but goes on counting errors', async () => {
    const delivered: string[] = [];
    const result = await readOutcomes(
      chunks(header, validRows(1, 2), 'c3,1,ppt,abc,kPa\n', validRows(4, 3), 'c7,0,ppt,250,kPa\n'),
      'csv',
      {
        batchSize: 1,
        onBatch: (rows) => {
          delivered.push(...rows.map((row) => row.clientId));
        },
      },
    );
    expect(result).toMatchObject({ rowCount: 7, errorCount: 2 });
    expect(delivered).toEqual(['c1', 'c2']);
  });

  it('keeps the first maxErrors errors and counts them all', async () => {
    const bad = Array.from({ length: 30 }, (_, k) => `c${k},0,ppt,250,kPa\n`).join('');
    const result = await readOutcomes(chunks(header, bad), 'csv', { maxErrors: 5 });
    expect(result.errorCount).toBe(30);
    expect(result.errors.map((error) => error.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it('rejects with the error of onBatch, and closes the file', async () => {
    const stream = createReadStream(join(FIXTURES, 'good/ppt-units-sites-trials.csv'));
    const failure = new Error('database is down');
    await expect(
      readOutcomes(stream, 'csv', {
        batchSize: 1,
        onBatch: () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
    expect(stream.destroyed).toBe(true);
  });

  it('counts and hashes every byte, and reports progress', async () => {
    const path = join(FIXTURES, 'good/ppt-units-sites-trials.csv');
    const progress: number[] = [];
    const result = await read(path, { highWaterMark: 256, onProgress: (bytes) => progress.push(bytes) });
    const bytes = readFileSync(path);
    expect(result.bytesRead).toBe(bytes.length);
    expect(result.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it('hashes the whole input even when reading stops at the header', async () => {
    const path = join(FIXTURES, 'bad/unknown-column.csv');
    const result = await read(path);
    expect(result.checksum).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
  });
});

describe('detectFormat', () => {
  it.each<[string | undefined, string | undefined, OutcomesFormat | undefined]>([
    ['data.csv', undefined, 'csv'],
    ['DATA.CSV', undefined, 'csv'],
    ['rows.json', undefined, 'json'],
    ['rows.ndjson', undefined, 'json'],
    ['rows.jsonl', undefined, 'json'],
    ['table.arrow', undefined, 'arrow'],
    ['table.arrows', undefined, 'arrow'],
    ['table.ipc', undefined, 'arrow'],
    ['notes.txt', undefined, undefined],
    ['csv', undefined, undefined],
    [undefined, 'text/csv; charset=utf-8', 'csv'],
    [undefined, 'application/json', 'json'],
    [undefined, 'application/x-ndjson', 'json'],
    [undefined, 'application/vnd.apache.arrow.file', 'arrow'],
    [undefined, 'Application/Vnd.Apache.Arrow.Stream', 'arrow'],
    ['upload.csv', 'application/octet-stream', 'csv'],
    ['upload.bin', 'application/json', 'json'],
    [undefined, undefined, undefined],
  ])('%s with Content-Type %s is %s', (filename, contentType, format) => {
    expect(detectFormat(filename, contentType)).toBe(format);
  });
});

describe('formatIngestError', () => {
  it('writes an error as one line for the command line', () => {
    const errors: IngestError[] = [
      { line: 7, column: 'value', message: 'not a number: "abc"' },
      { line: 3, column: null, message: 'has 7 fields' },
      { line: 0, column: null, message: 'the input is empty' },
    ];
    expect(errors.map(formatIngestError)).toEqual([
      'line 7, column value: not a number: "abc"',
      'line 3: has 7 fields',
      'input: the input is empty',
    ]);
  });
});
