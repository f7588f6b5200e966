/**
 * Reads the canonical long format from an Excel workbook (.xlsx): the first sheet, its first row
 * naming the contract's columns exactly as a CSV header does, each row below one reading.
 *
 * Streamed with exceljs's WorkbookReader: the zip is unpacked entry by entry and each sheet's XML
 * parsed as it arrives, so a 100 MB workbook is never held whole. Excel writes the shared strings
 * after the sheets; exceljs then copies each sheet's XML to a temporary file (in the system's
 * temporary folder) until the strings are read, and reads it from there.
 *
 * Cells: numbers and text as they are; a date cell (a number with a date format) as its date,
 * yyyy-mm-dd; a formula as its cached result; rich text as its text. An error cell (#N/A) or a
 * true/false cell is an error. Errors name the sheet and cell in `location` (`Sheet1!D7`, line 7
 * being the sheet's row 7) as well as the contract's column.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { COLUMNS, newFieldValues, resolveHeader, type FieldValue } from '../columns.js';
import { FatalInputError } from '../fatal-input-error.js';
import type { ReaderOptions } from '../formats.js';
import { MappedLayout } from '../mapping/mapped-layout.js';
import type { SpreadsheetMapping } from '../mapping/spreadsheet-mapping.js';
import type { RecordSink } from '../record-sink.js';
import type { IngestError } from '../types.js';
import { cellReference, columnLetters, quoteSheet, rowReference } from './cell-references.js';

export async function readXlsx(source: AsyncIterable<Uint8Array>, sink: RecordSink, options: ReaderOptions = {}): Promise<void> {
  await openWorkbook(source, (workbook) => readChosenSheet(workbook, sink, options.mapping));
}

/**
 * Opens a workbook streamed from `source` for `use`: a fault of the workbook (not a zip, corrupt
 * data) becomes a FatalInputError, a failure of the source is rethrown as it was.
 */
export async function openWorkbook<T>(source: AsyncIterable<Uint8Array>, use: (workbook: ExcelJS.stream.xlsx.WorkbookReader) => Promise<T>): Promise<T> {
  // A failure of the bytes' source (an aborted upload) is not a fault of the workbook: it is
  // kept apart from what the zip and XML parsers throw, and rethrown as it was.
  let sourceFailure: unknown;
  const bytes = Readable.from(
    (async function* () {
      try {
        yield* source;
      } catch (error) {
        sourceFailure = error;
        throw error;
      }
    })(),
    { objectMode: false },
  );
  // A zip entry whose compressed data are corrupt makes the zip reader emit an error, yet the
  // entry's stream, which exceljs awaits, never ends: the read would wait for ever (found by the
  // fuzz test). exceljs pipes the bytes into its zip reader; the error is caught there, where the
  // pipe is made, and ends the read.
  let zipFailed: (error: unknown) => void = () => undefined;
  const zipFailure = new Promise<never>((_, reject) => (zipFailed = reject));
  zipFailure.catch(() => undefined);
  bytes.pipe = function pipeNotingErrors<T extends NodeJS.WritableStream>(this: Readable, destination: T, options?: { end?: boolean }): T {
    destination.once('error', zipFailed);
    return Readable.prototype.pipe.call(this, destination, options) as T;
  };
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Styles tell a date cell from a number; hyperlinks are not read.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    return await Promise.race([use(workbook), zipFailure]);
  } catch (error) {
    if (sourceFailure !== undefined) throw sourceFailure;
    if (error instanceof FatalInputError) throw error;
    throw FatalInputError.at(0, `not a readable .xlsx workbook (${error instanceof Error ? error.message : String(error)}): save it from Excel or LibreOffice as .xlsx`);
  } finally {
    bytes.destroy();
  }
}

async function readChosenSheet(workbook: ExcelJS.stream.xlsx.WorkbookReader, sink: RecordSink, mapping: SpreadsheetMapping | undefined): Promise<void> {
  // The sheet the mapping names, or the first of the workbook's tabs (when workbook.xml comes
  // late in the zip, the first sheet in it); the zip reader skips the others unread.
  const wanted = mapping?.sheet;
  const seen: string[] = [];
  let read = false;
  for await (const worksheet of workbook) {
    const name = (worksheet as unknown as { name: string }).name;
    seen.push(name);
    const firstName = (workbook as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets?.[0]?.name;
    const chosen = !read && (wanted === undefined ? firstName === undefined || name === firstName : name === wanted);
    if (!chosen) {
      passOver(worksheet);
      continue;
    }
    await (mapping === undefined ? readSheet(worksheet, name, sink) : readMappedSheet(worksheet, name, sink, mapping));
    read = true;
  }
  if (!read && wanted !== undefined) {
    throw FatalInputError.at(0, `the workbook has no sheet named ${quoteSheet(wanted)}: its sheets are ${seen.map(quoteSheet).join(', ') || 'none'}; choose one of them in the mapping`);
  }
  if (!read) throw FatalInputError.at(0, 'the workbook has no sheet: put the readings on its first sheet');
}

/**
 * A sheet passed over unread. exceljs keeps a sheet that comes before the shared strings in the
 * zip in a temporary file, opens a stream of it when it hands the sheet out, and deletes the file
 * as soon as the next sheet is asked for: the stream of a sheet passed over can then fail to open
 * (ENOENT) with nobody listening, which ended the process (seen twice in the test suite). Nobody
 * reads that stream: its errors are ignored.
 */
function passOver(worksheet: unknown): void {
  const source = (worksheet as { iterator?: { on?: (event: 'error', listener: () => void) => unknown } }).iterator;
  source?.on?.('error', () => undefined);
}

/** One sheet: the first row it has is the header, every later row a reading. */
async function readSheet(worksheet: AsyncIterable<ExcelJS.Row>, sheet: string, sink: RecordSink): Promise<void> {
  let columnAt: readonly number[] | null = null;
  /** The letters of each contract column's sheet column, for locations. */
  const lettersOf = new Map<string, string>();
  const values = newFieldValues();
  for await (const row of worksheet) {
    const line = row.number;
    const cells = row.values as unknown[];
    if (columnAt === null) {
      columnAt = readHeader(cells, sheet, line, lettersOf);
      continue;
    }
    values.fill(null);
    const problems: IngestError[] = [];
    for (let position = 1; position < cells.length; position++) {
      const cell = cells[position];
      if (cell === undefined || cell === null) continue;
      const column = columnAt[position - 1];
      const location = cellReference(sheet, position, line);
      if (column === undefined) {
        problems.push({ line, column: null, message: 'a value beyond the last named column: name its column in the first row, or remove it', location });
        continue;
      }
      const value = cellValue(cell);
      if (value !== null && typeof value === 'object') problems.push({ line, column: COLUMNS[column], message: value.problem, location });
      else values[column] = value;
    }
    if (problems.length > 0) sink.addUnreadableRow(...problems);
    else sink.addRow(values, line, (column) => (column === null ? rowReference(sheet, line) : `${quoteSheet(sheet)}!${lettersOf.get(column) ?? 'A'}${line}`));
    if (sink.hasFullBatch) await sink.deliverFullBatches();
  }
  if (columnAt === null) throw FatalInputError.at(0, `the first sheet (${sheet}) is empty: its first row must name the columns`);
}

/** One sheet in the clinic's own layout, read through the mapping: each row gives its readings. */
async function readMappedSheet(worksheet: AsyncIterable<ExcelJS.Row>, sheet: string, sink: RecordSink, mapping: SpreadsheetMapping): Promise<void> {
  let layout: MappedLayout | null = null;
  for await (const row of worksheet) {
    const line = row.number;
    const cells = row.values as unknown[];
    if (layout === null) {
      const names = cells.slice(1).map((cell) => {
        const value = cell === undefined || cell === null ? '' : cellValue(cell);
        return value === null || typeof value === 'object' ? '' : String(value);
      });
      const resolved = MappedLayout.resolve(mapping, names, line);
      if (resolved.layout === null) throw new FatalInputError(resolved.errors.map((error) => ({ ...error, location: rowReference(sheet, line) })));
      layout = resolved.layout;
      continue;
    }
    const problems: IngestError[] = [];
    const readings = layout.readingsOf((position) => {
      const cell = cells[position + 1];
      if (cell === undefined || cell === null) return null;
      const value = cellValue(cell);
      if (value === null || typeof value !== 'object') return value;
      problems.push({ line, column: null, message: value.problem, location: cellReference(sheet, position + 1, line) });
      return null;
    });
    if (problems.length > 0) sink.addUnreadableRow(...problems);
    else {
      for (const reading of readings) {
        sink.addRow(reading.values, line, (column) => {
          const position = MappedLayout.positionOf(reading, column);
          return position === undefined ? rowReference(sheet, line) : cellReference(sheet, position + 1, line);
        });
      }
    }
    if (sink.hasFullBatch) await sink.deliverFullBatches();
  }
  if (layout === null) throw FatalInputError.at(0, `the sheet ${quoteSheet(sheet)} is empty: its first row must name the columns`);
}

/** The header's columns by position; FatalInputError (naming each header cell) when it is not usable. */
function readHeader(cells: readonly unknown[], sheet: string, line: number, lettersOf: Map<string, string>): readonly number[] {
  const names: string[] = [];
  for (let position = 1; position < cells.length; position++) {
    const value = cells[position] === undefined || cells[position] === null ? '' : cellValue(cells[position]);
    names.push(typeof value === 'object' ? '' : String(value));
  }
  const header = resolveHeader(names, line);
  if (header.errors.length > 0) {
    throw new FatalInputError(
      header.errors.map((error) => {
        const position = names.indexOf(error.column ?? '');
        return { ...error, location: position === -1 ? rowReference(sheet, line) : cellReference(sheet, position + 1, line) };
      }),
    );
  }
  header.columnAt.forEach((column, position) => lettersOf.set(COLUMNS[column], columnLetters(position + 1)));
  return header.columnAt;
}

/** A cell's value as a field: text or a number, or what is wrong with it. */
export function cellValue(cell: unknown): FieldValue | { problem: string } {
  if (typeof cell === 'string' || typeof cell === 'number') return cell === '' ? null : cell;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? { problem: 'not a valid date' } : cell.toISOString().slice(0, 10);
  if (typeof cell === 'boolean') return { problem: 'a TRUE/FALSE cell: write the value as a number or text' };
  if (typeof cell === 'object' && cell !== null) {
    const object = cell as { richText?: { text: string }[]; result?: unknown; formula?: string; sharedFormula?: string; text?: unknown; error?: string };
    if (Array.isArray(object.richText)) return object.richText.map((run) => run.text).join('');
    if (object.error !== undefined) return { problem: `the cell holds the error ${object.error}: put the value in it` };
    if ('formula' in object || 'sharedFormula' in object) {
      return object.result === undefined ? { problem: 'a formula without a saved result: open and save the workbook in Excel or LibreOffice' } : cellValue(object.result);
    }
    if (typeof object.text === 'string') return object.text; // a hyperlink's text
  }
  return { problem: 'a cell of a kind not read here: write the value as a number or text' };
}
