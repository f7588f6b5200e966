import { Writable } from 'node:stream';
import { tableFromIPC } from 'apache-arrow';
import { practiceDataSet } from '../practice.js';
import { trialDataSet } from '../trial.js';
import { rowsOf, rowsOfAsync, type ColumnName, type MeasurementRow } from '../rows.js';
import { MemoryWritable, normalised, rowsFromCsv } from '../testing/collect.js';
import { csvField } from './csv.js';
import { formatFromFileName, writeArrow, writeCsv, writeJsonArray, writeNdjson, writeRows } from './index.js';

async function written(write: (out: MemoryWritable) => Promise<void>): Promise<MemoryWritable> {
  const out = new MemoryWritable();
  await write(out);
  return out;
}

/** Rows read back from an Arrow IPC file, nulls left out as in the generators' rows. */
function rowsFromArrow(bytes: Uint8Array, columns: readonly ColumnName[]): Record<string, string | number>[] {
  const table = tableFromIPC(bytes);
  return table.toArray().map((row) => normalised(row.toJSON() as unknown as MeasurementRow, columns));
}

describe('writers', () => {
  const practice = practiceDataSet({ clients: 120, seed: 5 });
  const practiceRows = [...rowsOf(practice)].map((row) => normalised(row, practice.columns));
  const trial = trialDataSet();

  it('writes a CSV header of only the columns the data set uses, in the contract names', async () => {
    const text = (await written((out) => writeCsv(rowsOf(trial), trial.columns, out))).text();
    expect(text.split('\n')[0]).toBe(
      'client_id,condition,technique,session,session_date,phase,measure,site,value,unit',
    );
    expect(text).not.toContain('"');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes CSV that reads back to the same rows', async () => {
    const text = (await written((out) => writeCsv(rowsOf(practice), practice.columns, out))).text();
    const { columns, rows } = rowsFromCsv(text);
    expect(columns).toEqual(practice.columns);
    expect(rows.map((row) => normalised(row, columns))).toEqual(practiceRows);
  });

  it('quotes CSV fields only when they need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(undefined)).toBe('');
    expect(csvField(2.95)).toBe('2.95');
  });

  it('writes NDJSON and a JSON array with the same rows, absent values left out', async () => {
    const ndjson = (await written((out) => writeNdjson(rowsOf(practice), practice.columns, out))).text();
    const fromNdjson = ndjson
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(fromNdjson).toEqual(practiceRows);
    expect(Object.keys(fromNdjson[0])).toEqual(Object.keys(practiceRows[0]));

    const array = (await written((out) => writeJsonArray(rowsOf(practice), practice.columns, out))).text();
    expect(JSON.parse(array)).toEqual(practiceRows);
    expect(JSON.parse((await written((out) => writeJsonArray([], practice.columns, out))).text())).toEqual(
      [],
    );
  });

  it('writes an Arrow IPC file that apache-arrow reads back to the same rows as the CSV', async () => {
    const csv = rowsFromCsv(
      (await written((out) => writeCsv(rowsOf(practice), practice.columns, out))).text(),
    );
    const bytes = (await written((out) => writeArrow(rowsOf(practice), practice.columns, out, 500))).bytes();
    const table = tableFromIPC(bytes);
    expect(table.batches.length).toBeGreaterThan(1); // several record batches of 500 rows
    expect(table.schema.fields.map((field) => field.name)).toEqual(practice.columns);
    expect(String(table.schema.fields.find((field) => field.name === 'value')?.type)).toBe('Float64');
    expect(String(table.schema.fields.find((field) => field.name === 'session')?.type)).toBe('Int32');
    expect(rowsFromArrow(bytes, practice.columns)).toEqual(
      csv.rows.map((row) => normalised(row, csv.columns)),
    );
  });

  it('writes a readable Arrow file with the schema and no rows when there are none', async () => {
    const bytes = (await written((out) => writeArrow([], trial.columns, out))).bytes();
    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((field) => field.name)).toEqual(trial.columns);
  });

  it('accepts async row sources', async () => {
    const fromSync = (await written((out) => writeRows('csv', rowsOf(trial), trial.columns, out))).text();
    const fromAsync = (
      await written((out) => writeRows('csv', rowsOfAsync(trial), trial.columns, out))
    ).text();
    expect(fromAsync).toBe(fromSync);
  });

  it.each(['csv', 'ndjson', 'arrow'] as const)(
    'keeps what waits in a slow output bounded (%s)',
    async (format) => {
      let maxBuffered = 0;
      const slow = new Writable({
        highWaterMark: 16 * 1024,
        write(_chunk, _encoding, callback) {
          maxBuffered = Math.max(maxBuffered, slow.writableLength);
          setImmediate(callback);
        },
      });
      const dataSet = practiceDataSet({ clients: 3000, seed: 2 });
      await writeRows(format, rowsOf(dataSet), dataSet.columns, slow);
      // At most one batch or chunk (well under the whole output of several MB) waits at a time.
      expect(maxBuffered).toBeLessThan(2 * 1024 * 1024);
    },
  );

  it('infers the format from a file name', () => {
    expect(formatFromFileName('x.csv')).toBe('csv');
    expect(formatFromFileName('x.ndjson')).toBe('ndjson');
    expect(formatFromFileName('x.jsonl')).toBe('ndjson');
    expect(formatFromFileName('x.json')).toBe('json');
    expect(formatFromFileName('X.ARROW')).toBe('arrow');
    expect(formatFromFileName('x.txt')).toBeUndefined();
  });
});
