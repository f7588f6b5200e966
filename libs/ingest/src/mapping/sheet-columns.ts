/**
 * What a spreadsheet offers to map, before any mapping: each sheet's name, the headers of its
 * first row and how many rows follow, for the mapping step of the dashboard's Data page (POST
 * /api/ingest/preview). A CSV is one sheet without a name. Read streamed, as the readers do.
 */
import type ExcelJS from 'exceljs';
import { CsvParser } from '../csv/csv-parser.js';
import { FatalInputError } from '../fatal-input-error.js';
import type { OutcomesFormat } from '../types.js';
import { parseText } from '../text/decode-text.js';
import { cellValue, openWorkbook } from '../xlsx/read-xlsx.js';

export interface SheetColumns {
  /** The sheet's name; null for a CSV. */
  readonly name: string | null;
  /** The headers of its first row, in order ('' for an empty header cell). */
  readonly columns: readonly string[];
  /** Rows below the header (not counting empty ones in a CSV). */
  readonly rows: number;
}

/** The sheets of a CSV or .xlsx file; [] for the other formats (read by their own structure, never mapped). */
export async function readSheetColumns(source: AsyncIterable<Uint8Array>, format: OutcomesFormat): Promise<SheetColumns[]> {
  if (format === 'csv') return [await csvColumns(source)];
  if (format === 'xlsx') return openWorkbook(source, workbookColumns);
  return [];
}

async function csvColumns(source: AsyncIterable<Uint8Array>): Promise<SheetColumns> {
  let columns: readonly string[] | null = null;
  let rows = 0;
  const parser = new CsvParser((fields) => {
    if (columns === null) columns = [...fields];
    else rows++;
  });
  await parseText(source, parser, async () => undefined);
  if (columns === null) throw FatalInputError.at(0, 'no header line: the file holds only empty lines; the first line must name the columns');
  return { name: null, columns, rows };
}

async function workbookColumns(workbook: ExcelJS.stream.xlsx.WorkbookReader): Promise<SheetColumns[]> {
  const sheets: SheetColumns[] = [];
  for await (const worksheet of workbook) {
    let columns: string[] | null = null;
    let rows = 0;
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      if (columns !== null) {
        rows++;
        continue;
      }
      columns = (row.values as unknown[]).slice(1).map((cell) => {
        const value = cell === undefined || cell === null ? null : cellValue(cell);
        return value === null || typeof value === 'object' ? '' : String(value);
      });
    }
    sheets.push({ name: (worksheet as unknown as { name: string }).name, columns: columns ?? [], rows });
  }
  return sheets;
}
