/**
 * A mapping of a spreadsheet in a clinic's own layout (CSV or .xlsx) to the canonical long format
 * (docs/mappings.md): which of its columns holds which field of the contract, values that are the
 * same for every reading, and, for a wide layout (a column per site and phase: `UT L pre`,
 * `UT L post`, ...), the columns that each hold one reading, unpivoted into one reading each.
 *
 * ```json
 * {
 *   "columns": { "client_id": "Client", "session": "Visit", "session_date": "Date" },
 *   "values": { "measure": "ppt", "unit": "kg/cm2", "technique": "ischemic_compression" },
 *   "readings": [
 *     { "column": "UT L pre", "site": "upper_trapezius_left", "phase": "pre" },
 *     { "column": "UT L post", "site": "upper_trapezius_left", "phase": "post" }
 *   ]
 * }
 * ```
 *
 * `sheet` names the sheet of an .xlsx workbook to read (its first sheet when absent; a CSV has one).
 *
 * Columns the mapping does not name are not read (a name or a phone number in the clinic's sheet
 * never reaches the data); a reading column left empty on a row is no reading.
 */
import { COLUMNS, REQUIRED_COLUMNS, type ColumnName } from '../columns.js';

export interface ReadingColumn {
  /** The header of the column holding the reading's value. */
  readonly column: string;
  /** Fields fixed for this column's readings (site, phase, measure, unit, trial, ...). */
  readonly values: Readonly<Partial<Record<ColumnName, string | number>>>;
}

export interface SpreadsheetMapping {
  /** The sheet of an .xlsx workbook to read; undefined: its first sheet. Not used for a CSV. */
  readonly sheet?: string;
  /** Contract field -> the header of the column that holds it. */
  readonly columns: Readonly<Partial<Record<ColumnName, string>>>;
  /** Contract field -> its value in every reading (a column or a reading column overrides it). */
  readonly values: Readonly<Partial<Record<ColumnName, string | number>>>;
  /** A wide layout's reading columns; empty: one reading per row, its value in `columns.value`. */
  readonly readings: readonly ReadingColumn[];
}

/** A mapping that is not one: the path of what is wrong in its JSON. */
export class MappingError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'MappingError';
  }
}

/** Checks a mapping's JSON value and gives it its type; MappingError naming the first problem. */
export function parseMapping(json: unknown): SpreadsheetMapping {
  if (!isObject(json)) throw new MappingError('mapping', 'not a JSON object: give {"columns": {...}, "values": {...}, "readings": [...]}');
  for (const key of Object.keys(json)) {
    if (!['sheet', 'columns', 'values', 'readings', 'name'].includes(key)) throw new MappingError(key, 'not a part of a mapping: use sheet, columns, values and readings');
  }
  if (json.sheet !== undefined && (typeof json.sheet !== 'string' || json.sheet === '' || json.sheet.length > 255)) {
    throw new MappingError('sheet', 'give the name of the workbook’s sheet, as text (at most 255 characters)');
  }
  const columns = fields(json.columns ?? {}, 'columns', (value, path) => {
    if (typeof value !== 'string' || value === '') throw new MappingError(path, 'give the header of the column, as text');
    return value;
  });
  const values = fields(json.values ?? {}, 'values', fixedValue);
  if (!Array.isArray(json.readings ?? [])) throw new MappingError('readings', 'not a list: give [{"column": "UT L pre", "site": "...", "phase": "pre"}, ...]');
  const readings = ((json.readings ?? []) as unknown[]).map((reading, index): ReadingColumn => {
    const path = `readings[${index}]`;
    if (!isObject(reading) || typeof reading.column !== 'string' || reading.column === '') throw new MappingError(`${path}.column`, 'give the header of the column holding the reading');
    const { column, ...rest } = reading;
    return { column, values: fields(rest, path, fixedValue) };
  });
  if (readings.length > 0 && columns.value !== undefined) throw new MappingError('columns.value', 'a wide layout takes its values from its reading columns: remove columns.value, or the readings');
  if (readings.length === 0 && columns.value === undefined) throw new MappingError('columns.value', 'no column holds the value: name it, or list the reading columns of a wide layout');
  for (const required of REQUIRED_COLUMNS) {
    if (required === 'value') continue;
    const given = columns[required] !== undefined || values[required] !== undefined || (readings.length > 0 && readings.every((reading) => reading.values[required] !== undefined));
    if (!given) throw new MappingError(`columns.${required}`, `${required} is required: name its column, or give it in values`);
  }
  return { ...(json.sheet === undefined ? {} : { sheet: json.sheet as string }), columns, values, readings };
}

/** An object of contract fields, each value checked by `check`. */
function fields<T>(json: unknown, path: string, check: (value: unknown, path: string) => T): Partial<Record<ColumnName, T>> {
  if (!isObject(json)) throw new MappingError(path, 'not a JSON object of contract fields');
  const result: Partial<Record<ColumnName, T>> = {};
  for (const [key, value] of Object.entries(json)) {
    if (!(COLUMNS as readonly string[]).includes(key)) throw new MappingError(`${path}.${key}`, `not a field of the contract: use ${COLUMNS.join(', ')}`);
    result[key as ColumnName] = check(value, `${path}.${key}`);
  }
  return result;
}

function fixedValue(value: unknown, path: string): string | number {
  if (path.endsWith('.value')) throw new MappingError(path, 'a value is read from the sheet, never fixed');
  if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new MappingError(path, 'give the value as text or a number');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
