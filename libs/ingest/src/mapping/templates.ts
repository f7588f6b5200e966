/**
 * Downloadable templates of the common layouts (docs/mappings.md, Templates), made on request:
 *
 * - `long`: the contract's own columns, one reading a row: taken as it is, no mapping needed;
 * - `wide`: one row per client and session, a column per site and phase (`UT L pre`, `UT L post`,
 *   ... for 4 sites), read through the mapping `wide.mapping.json` that goes with it.
 *
 * Each as CSV and as .xlsx, with two example sessions to overwrite.
 */
import ExcelJS from 'exceljs';
import { COLUMNS } from '../columns.js';

/** The wide template's sites: its column label and the contract's site code. */
export const WIDE_SITES = [
  ['UT L', 'upper_trapezius_left'],
  ['UT R', 'upper_trapezius_right'],
  ['SO L', 'suboccipital_left'],
  ['SO R', 'suboccipital_right'],
] as const;

const WIDE_FIELDS = [
  ['Client', 'client_id'],
  ['Visit', 'session'],
  ['Date', 'session_date'],
  ['Clinic', 'clinic_id'],
  ['Therapist', 'therapist_id'],
  ['Technique', 'technique'],
  ['Condition', 'condition'],
] as const;

const WIDE_HEADER = [...WIDE_FIELDS.map(([header]) => header), ...WIDE_SITES.flatMap(([label]) => [`${label} pre`, `${label} post`])];

const WIDE_ROWS: (string | number)[][] = [
  ['client-001', 1, '2026-03-02', 'clinic-north', 'therapist-a', 'ischemic_compression', 'neck_pain', 2.9, 3.4, 3.0, 3.3, 2.1, 2.6, 2.2, 2.5],
  ['client-001', 2, '2026-03-09', 'clinic-north', 'therapist-a', 'ischemic_compression', 'neck_pain', 3.1, 3.6, 3.2, 3.5, 2.3, 2.7, 2.4, 2.8],
];

/** The mapping of the wide template (docs/mappings.md): its columns, ppt in kg/cm2, its reading columns. */
export const WIDE_MAPPING = {
  columns: Object.fromEntries(WIDE_FIELDS.map(([header, field]) => [field, header])),
  values: { measure: 'ppt', unit: 'kg/cm2' },
  readings: WIDE_SITES.flatMap(([label, site]) => (['pre', 'post'] as const).map((phase) => ({ column: `${label} ${phase}`, site, phase }))),
};

/** The long template: the contract's columns, each example reading of the wide one on a row. */
const LONG_HEADER: readonly string[] = COLUMNS;
const LONG_ROWS: (string | number)[][] = WIDE_ROWS.flatMap((row) =>
  WIDE_MAPPING.readings.map((reading, k) => {
    const byField: Record<string, string | number> = { measure: 'ppt', unit: 'kg/cm2', phase: reading.phase, site: reading.site, value: row[WIDE_FIELDS.length + k] };
    WIDE_FIELDS.forEach(([, field], i) => (byField[field] = row[i]));
    return LONG_HEADER.map((column) => byField[column] ?? '');
  }),
);

export interface IngestTemplate {
  /** The file's name, as downloaded (served by the API at GET /api/ingest/templates/:name). */
  name: string;
  layout: 'long' | 'wide';
  description: string;
  mediaType: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const INGEST_TEMPLATES: readonly IngestTemplate[] = [
  { name: 'long.csv', layout: 'long', mediaType: 'text/csv', description: 'The contract’s columns, one reading a row: needs no mapping' },
  { name: 'long.xlsx', layout: 'long', mediaType: XLSX, description: 'The contract’s columns, one reading a row: needs no mapping' },
  { name: 'wide.csv', layout: 'wide', mediaType: 'text/csv', description: 'One row per client and session, a column per site and phase: with wide.mapping.json' },
  { name: 'wide.xlsx', layout: 'wide', mediaType: XLSX, description: 'One row per client and session, a column per site and phase: with wide.mapping.json' },
  { name: 'wide.mapping.json', layout: 'wide', mediaType: 'application/json', description: 'The mapping of wide.csv and wide.xlsx: save it for your clinic, or name it in the watch folder' },
];

/** The template's bytes; undefined for a name that is not one. */
export async function templateFile(name: string): Promise<Buffer | undefined> {
  switch (name) {
    case 'long.csv':
      return csv(LONG_HEADER, LONG_ROWS);
    case 'wide.csv':
      return csv(WIDE_HEADER, WIDE_ROWS);
    case 'long.xlsx':
      return writeWorkbook([{ name: 'Readings', rows: [LONG_HEADER, ...LONG_ROWS] }]);
    case 'wide.xlsx':
      return writeWorkbook([{ name: 'Visits', rows: [WIDE_HEADER, ...WIDE_ROWS] }]);
    case 'wide.mapping.json':
      return Buffer.from(`${JSON.stringify(WIDE_MAPPING, null, 2)}\n`);
    default:
      return undefined;
  }
}

function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): Buffer {
  return Buffer.from([header, ...rows].map((row) => row.join(',')).join('\n') + '\n');
}

/** A small workbook (held whole) of sheets of rows, the first row of each its header: bold and frozen. */
export async function writeWorkbook(sheets: readonly { name: string; rows: readonly (readonly (string | number | null)[])[] }[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const { name, rows } of sheets) {
    const sheet = book.addWorksheet(name);
    rows.forEach((row, k) => {
      const added = sheet.addRow([...row]);
      if (k === 0) added.font = { bold: true };
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
