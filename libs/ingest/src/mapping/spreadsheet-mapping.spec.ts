/**
 * Spreadsheets in a clinic's own layout: a mapping renames columns, fixes values, and unpivots a
 * wide layout (4 sites x pre/post, one row per client and session) into readings, for CSV and
 * .xlsx; mistakes in the mapping or the sheet are named.
 */
import ExcelJS from 'exceljs';
import { formatIngestError, readOutcomes, type ReadOutcomesResult } from '../read-outcomes.js';
import type { MeasurementRow, OutcomesFormat } from '../types.js';
import { readSheetColumns } from './sheet-columns.js';
import { MappingError, parseMapping, type SpreadsheetMapping } from './spreadsheet-mapping.js';

const SITES = [
  ['UT L', 'upper_trapezius_left'],
  ['UT R', 'upper_trapezius_right'],
  ['SO L', 'suboccipital_left'],
  ['SO R', 'suboccipital_right'],
] as const;

/** The wide layout of docs/mappings.md: a column per site and phase. */
const WIDE = parseMapping({
  columns: { client_id: 'Client', session: 'Visit', session_date: 'Date', technique: 'Technique' },
  values: { measure: 'ppt', unit: 'kg/cm2', clinic_id: 'clinic-north' },
  readings: SITES.flatMap(([label, site]) => (['pre', 'post'] as const).map((phase) => ({ column: `${label} ${phase}`, site, phase }))),
});
const WIDE_HEADER = ['Client', 'Name', 'Visit', 'Date', 'Technique', ...SITES.flatMap(([label]) => [`${label} pre`, `${label} post`])];

async function* bytes(body: Uint8Array | string): AsyncGenerator<Uint8Array> {
  yield typeof body === 'string' ? Buffer.from(body) : body;
}

async function read(body: Uint8Array | string, format: OutcomesFormat, mapping: SpreadsheetMapping): Promise<ReadOutcomesResult & { rows: MeasurementRow[] }> {
  const rows: MeasurementRow[] = [];
  const result = await readOutcomes(bytes(body), format, { mapping, onBatch: (batch) => void rows.push(...batch) });
  return { ...result, rows };
}

async function wideWorkbook(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Visits');
  sheet.addRow(WIDE_HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('a spreadsheet in the clinic’s own layout, read through a mapping', () => {
  it('unpivots a wide .xlsx (4 sites x pre/post) into readings, never reading unmapped columns', async () => {
    const result = await read(
      await wideWorkbook([
        ['c1', 'Ann Example', 1, new Date(Date.UTC(2025, 2, 4)), 'ischemic_compression', 2.9, 3.4, 3.0, 3.3, 2.1, 2.6, 2.2, 2.5],
        ['c1', 'Ann Example', 2, '2025-03-11', 'ischemic_compression', 3.1, 3.6, null, null, 2.3, 2.8, 2.4, 2.9],
      ]),
      'xlsx',
      WIDE,
    );
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(14);
    expect(result.rows.slice(0, 2)).toEqual([
      expect.objectContaining({ line: 2, clientId: 'c1', session: 1, phase: 'pre', site: 'upper_trapezius_left', rawValue: 2.9, rawUnit: 'kg/cm2', clinicId: 'clinic-north', sessionDate: '2025-03-04' }),
      expect.objectContaining({ line: 2, clientId: 'c1', session: 1, phase: 'post', site: 'upper_trapezius_left', rawValue: 3.4 }),
    ]);
    // Row 3 has no readings at UT R: none are made.
    expect(result.rows.filter((row) => row.session === 2).map((row) => row.site)).not.toContain('upper_trapezius_right');
    expect(JSON.stringify(result.rows)).not.toContain('Ann');
  });

  it('names the cell of a bad reading, and the sheet’s missing columns', async () => {
    const bad = await read(await wideWorkbook([['c1', 'x', 1, '2025-03-04', 'massage', 2.9, 'n/a', 3.0, 3.3, 2.1, 2.6, 2.2, 2.5]]), 'xlsx', WIDE);
    expect(bad.errors.map(formatIngestError)).toEqual([expect.stringMatching(/^Visits!G2, column value: not a number: "n\/a"/)]);
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Visits').addRow(['Client', 'Visit', 'UT L pre']);
    const missing = await read(Buffer.from(await book.xlsx.writeBuffer()), 'xlsx', WIDE);
    expect(missing.errors.map(formatIngestError)).toContain('Visits!1:1, column session_date: the mapping reads session_date from the column "Date", which the header does not have');
  });

  it('renames the columns of a long CSV, fixing what every row shares', async () => {
    const mapping = parseMapping({ columns: { client_id: 'Patient', session: 'Visit no', value: 'Reading', unit: 'Unit' }, values: { measure: 'ppt' } });
    const result = await read('Patient,Phone,Visit no,Reading,Unit\np1,555-0100,1,310,kPa\np1,555-0100,2,abc,kPa\n', 'csv', mapping);
    expect(result.rows).toEqual([]);
    expect(result.errors.map(formatIngestError)).toEqual(['line 3 ("Reading"), column value: not a number: "abc"']);
    const good = await read('Patient,Phone,Visit no,Reading,Unit\np1,555-0100,1,310,kPa\n', 'csv', mapping);
    expect(good.rows).toEqual([expect.objectContaining({ clientId: 'p1', session: 1, measure: 'ppt', value: 310 })]);
  });

  it('is for spreadsheets only', async () => {
    const result = await read('{"client_id": "a"}', 'json', WIDE);
    expect(result.errors.map(formatIngestError)).toEqual([expect.stringMatching(/^input: a mapping is for spreadsheets \(CSV or \.xlsx\)/)]);
  });

  it.each([
    [[], 'mapping: not a JSON object'],
    [{ columns: { patient: 'P' } }, 'columns.patient: not a field of the contract'],
    [{ columns: { client_id: 'C', session: 'S', measure: 'M', unit: 'U' } }, 'columns.value: no column holds the value'],
    [{ columns: { client_id: 'C', value: 'V', unit: 'U', measure: 'M' } }, 'columns.session: session is required'],
    [{ columns: { client_id: 'C', session: 'S' }, values: { value: 3 }, readings: [] }, 'values.value: a value is read from the sheet'],
    [{ columns: { client_id: 'C', session: 'S', value: 'V' }, values: { measure: 'ppt', unit: 'kPa' }, readings: [{ column: 'X' }] }, 'columns.value: a wide layout takes its values'],
    [{ columns: { client_id: 'C', session: 'S' }, values: { measure: 'ppt', unit: 'kPa' }, readings: [{ site: 'x' }] }, 'readings[0].column: give the header'],
    [{ colums: {} }, 'colums: not a part of a mapping'],
  ])('refuses a mapping that is not one: %j', (json, message) => {
    expect(() => parseMapping(json)).toThrow(MappingError);
    expect(() => parseMapping(json)).toThrow(message);
  });

  it('reads the sheet a mapping names, not the first, and names the sheets when it has no such one', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notes').addRow(['Exported by reception']);
    const sheet = book.addWorksheet('Visits');
    sheet.addRow(WIDE_HEADER);
    sheet.addRow(['c1', 'Ann Example', 1, '2025-03-04', 'massage', 2.9, 3.4, 3.0, 3.3, 2.1, 2.6, 2.2, 2.5]);
    const workbook = Buffer.from(await book.xlsx.writeBuffer());
    const chosen = await read(workbook, 'xlsx', { ...WIDE, sheet: 'Visits' });
    expect(chosen.errors).toEqual([]);
    expect(chosen.rows).toHaveLength(8);
    const missing = await read(workbook, 'xlsx', { ...WIDE, sheet: 'Visits 2026' });
    expect(missing.errors.map(formatIngestError)).toEqual(["input: the workbook has no sheet named 'Visits 2026': its sheets are Notes, Visits; choose one of them in the mapping"]);
    expect(() => parseMapping({ ...WIDE, sheet: '' })).toThrow(new MappingError('sheet', 'give the name of the workbook’s sheet, as text (at most 255 characters)'));
    // What a mapping can name: each sheet's headers and rows; a CSV is one sheet without a name.
    expect(await readSheetColumns(bytes(workbook), 'xlsx')).toEqual([
      { name: 'Notes', columns: ['Exported by reception'], rows: 0 },
      { name: 'Visits', columns: WIDE_HEADER, rows: 1 },
    ]);
    expect(await readSheetColumns(bytes('Client,Visit,"UT L pre"\nc1,1,2.9\n\nc1,2,3.0\n'), 'csv')).toEqual([{ name: null, columns: ['Client', 'Visit', 'UT L pre'], rows: 2 }]);
    expect(await readSheetColumns(bytes('[]'), 'json')).toEqual([]);
  });
});
