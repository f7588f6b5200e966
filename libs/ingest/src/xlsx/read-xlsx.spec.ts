/**
 * The .xlsx door: workbooks written in the test by exceljs (the library that reads them, in its
 * writing half) read as CSV is, the first sheet only; bad cells named by sheet and cell; broken
 * workbooks (truncated zips, random bytes, flipped bytes) refused with ordinary errors, never a
 * thrown failure.
 */
import ExcelJS from 'exceljs';
import { formatIngestError, readOutcomes, type ReadOutcomesResult } from '../read-outcomes.js';
import type { MeasurementRow } from '../types.js';
import { cellReference, columnLetters } from './cell-references.js';

const FLIPS = 60;
const HEADER = ['client_id', 'session', 'phase', 'measure', 'site', 'value', 'unit', 'technique', 'session_date'];

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  // In pieces, as a request arrives.
  for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
}

async function readWorkbook(bytes: Uint8Array): Promise<ReadOutcomesResult & { rows: MeasurementRow[] }> {
  const rows: MeasurementRow[] = [];
  const result = await readOutcomes(oneChunk(bytes), 'xlsx', { onBatch: (batch) => void rows.push(...batch) });
  return { ...result, rows };
}

/** A workbook whose first sheet `name` holds `rows` (the header first), and a second sheet of notes. */
async function workbook(rows: unknown[][], name = 'Visits'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(name);
  for (const row of rows) sheet.addRow(row);
  book.addWorksheet('Notes').addRow(['not', 'a', 'reading']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('readOutcomes on an .xlsx workbook', () => {
  it('reads the first sheet as CSV is read: numbers, text, dates, formulas and rich text', async () => {
    const bytes = await workbook([
      HEADER,
      ['c1', 1, 'pre', 'ppt', 'upper_trapezius_left', 2.5, 'kg/cm2', 'ischemic_compression', new Date(Date.UTC(2025, 2, 4))],
      [1002, 1, 'post', 'ppt', 'upper_trapezius_left', { formula: '300+12', result: 312 }, 'kPa', { richText: [{ text: 'ischemic_' }, { text: 'compression' }] }, '2025-03-04'],
      ['c1', 2, null, 'pain_nrs', null, 4, 'score', 'ischemic_compression', null],
    ]);
    const result = await readWorkbook(bytes);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((row) => [row.line, row.clientId, row.session, row.phase, row.measure, row.site, row.value, row.technique, row.sessionDate])).toEqual([
      [2, 'c1', 1, 'pre', 'ppt', 'upper_trapezius_left', 2.5 * 98.0665, 'ischemic_compression', '2025-03-04'],
      [3, '1002', 1, 'post', 'ppt', 'upper_trapezius_left', 312, 'ischemic_compression', '2025-03-04'],
      [4, 'c1', 2, 'pre', 'pain_nrs', null, 4, 'ischemic_compression', null],
    ]);
  });

  it('names the sheet and cell of each error as well as the contract field', async () => {
    const bytes = await workbook(
      [
        HEADER,
        ['c1', 1, 'pre', 'ppt', 'upper_trapezius_left', 2.5, 'mmHg', 'x', null],
        ['c1', 2, 'pre', 'ppt', 'upper_trapezius_left', { error: '#N/A' }, 'kPa', 'x', null],
        ['c1', 3, 'during', 'ppt', 'upper_trapezius_left', 300, 'kPa', 'x', null, 'stray'],
      ],
      'My visits',
    );
    const result = await readWorkbook(bytes);
    expect(result.rows).toEqual([]);
    expect(result.errors.map(formatIngestError)).toEqual([
      expect.stringMatching(/^'My visits'!G2, column unit: /),
      "'My visits'!F3, column value: the cell holds the error #N/A: put the value in it",
      "'My visits'!J4: a value beyond the last named column: name its column in the first row, or remove it",
    ]);
    // Unreadable rows are not validated further; a row of readable cells is, each error in its cell.
    const phase = await readWorkbook(await workbook([HEADER, ['c1', 3, 'during', 'ppt', null, 300, 'kPa', 'x', '2025-02-30']]));
    expect(phase.errors.map((error) => [error.line, error.column, error.location])).toEqual([
      [2, 'phase', 'Visits!C2'],
      [2, 'session_date', 'Visits!I2'],
    ]);
  });

  it('refuses a header that is not the contract’s, naming its cells', async () => {
    const result = await readWorkbook(await workbook([['client_id', 'Session', 'measure', 'value', 'unit', 'Name'], ['c1', 1, 'ppt', 300, 'kPa', 'Ann']]));
    expect(result.errors.map(formatIngestError)).toEqual([
      expect.stringMatching(/^Visits!B1, column Session: unknown column "Session": did you mean session\?/),
      expect.stringMatching(/^Visits!F1, column Name: unknown column "Name"/),
      expect.stringMatching(/^Visits!1:1, column session: required column is missing/),
    ]);
  });

  it('refuses an empty first sheet, and a workbook of no rows', async () => {
    expect((await readWorkbook(await workbook([]))).errors.map(formatIngestError)).toEqual([expect.stringMatching(/^input: the first sheet \(Visits\) is empty/)]);
    expect((await readWorkbook(await workbook([HEADER]))).errors.map(formatIngestError)).toEqual(['input: the input has no rows: send a file with a header and rows']);
  });

  it('reads a workbook written by the streaming writer, shared strings after the sheet, 20,000 rows in batches', async () => {
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
    const sheet = writer.addWorksheet('Sheet1');
    sheet.addRow(HEADER).commit();
    for (let k = 0; k < 20_000; k++) sheet.addRow([`c${k % 5000}`, 1 + Math.floor(k / 5000), 'pre', 'ppt', 'upper_trapezius_left', 250 + (k % 7), 'kPa', 'massage', null]).commit();
    sheet.commit();
    await writer.commit();
    const result = await readWorkbook(Buffer.concat(chunks));
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(20_000);
    expect(result.rows[19_999]).toMatchObject({ line: 20_001, clientId: 'c4999', session: 4, value: 250 + (19_999 % 7) });
  });

  it('names cells as Excel does', () => {
    expect([1, 26, 27, 52, 53, 702, 703, 16_384].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
    expect(cellReference("Clinic's sheet", 4, 7)).toBe("'Clinic''s sheet'!D7");
  });

  it('gives ordinary errors, never a thrown failure, for truncated, random and flipped bytes (fuzz, seeded)', async () => {
    const good = await workbook([HEADER, ['c1', 1, 'pre', 'ppt', 'upper_trapezius_left', 300, 'kPa', 'x', null]]);
    const random = mulberry32(2);
    const inputs: Buffer[] = [Buffer.alloc(0), Buffer.from('PK\u0003\u0004'), Buffer.from('client_id,session\n')];
    for (let k = 0; k < 25; k++) inputs.push(good.subarray(0, Math.floor(random() * good.length)));
    for (let k = 0; k < 10; k++) inputs.push(Buffer.from(Array.from({ length: 1 + Math.floor(random() * 5000) }, () => Math.floor(random() * 256))));
    for (let k = 0; k < FLIPS; k++) {
      const flipped = Buffer.from(good);
      for (let f = 0; f < 1 + Math.floor(random() * 8); f++) flipped[Math.floor(random() * flipped.length)] = Math.floor(random() * 256);
      inputs.push(flipped);
    }
    for (const input of inputs) {
      const result = await readWorkbook(input);
      expect(result.bytesRead).toBe(input.length);
      if (result.errorCount === 0) expect(result.rows).toHaveLength(result.rowCount);
      else for (const error of result.errors) expect(formatIngestError(error)).toEqual(expect.any(String));
    }
  });
});

/** A small seeded generator, so that a failing round can be found again. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
