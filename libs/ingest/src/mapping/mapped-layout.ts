/**
 * A header read through a mapping (spreadsheet-mapping.ts): where each mapped column is, and each
 * row's readings, unpivoted for a wide layout. Used by the CSV and .xlsx readers in place of the
 * strict header when a mapping is given.
 */
import { Column, columnIndex, COLUMNS, newFieldValues, type ColumnName, type FieldValue, type FieldValues } from '../columns.js';
import { quoteInput } from '../quote-input.js';
import type { IngestError } from '../types.js';
import type { SpreadsheetMapping } from './spreadsheet-mapping.js';

/** One reading of a row: its fields, and the position in the row of each field read from it. */
export interface MappedReading {
  readonly values: FieldValues;
  /** Contract column index -> position in the row (undefined: a fixed value). */
  readonly positions: readonly (number | undefined)[];
}

export class MappedLayout {
  private constructor(
    private readonly mapping: SpreadsheetMapping,
    /** Contract column index -> position of its column in the row. */
    private readonly columnPositions: readonly (number | undefined)[],
    /** Position of each reading column, in the mapping's order. */
    private readonly readingPositions: readonly number[],
  ) {}

  /** The layout of a header, or the errors naming each mapped column it lacks. */
  static resolve(mapping: SpreadsheetMapping, names: readonly string[], line: number): { layout: MappedLayout | null; errors: IngestError[] } {
    const errors: IngestError[] = [];
    const positionOf = (header: string, field: string): number | undefined => {
      const position = names.indexOf(header);
      if (position === -1) errors.push({ line, column: field, message: `the mapping reads ${field} from the column ${quoteInput(header)}, which the header does not have` });
      return position === -1 ? undefined : position;
    };
    const columnPositions = COLUMNS.map((name) => {
      const header = mapping.columns[name];
      return header === undefined ? undefined : positionOf(header, name);
    });
    const readingPositions = mapping.readings.map((reading) => positionOf(reading.column, 'value') ?? -1);
    return { layout: errors.length === 0 ? new MappedLayout(mapping, columnPositions, readingPositions) : null, errors };
  }

  /** The readings of one row (`cell(position)`: the row's value there, null when empty). */
  readingsOf(cell: (position: number) => FieldValue): MappedReading[] {
    const base = newFieldValues();
    const positions: (number | undefined)[] = COLUMNS.map(() => undefined);
    for (const [name, value] of Object.entries(this.mapping.values)) base[columnIndex(name)!] = value;
    this.columnPositions.forEach((position, column) => {
      if (position === undefined) return;
      const value = cell(position);
      if (value !== null) base[column] = value;
      positions[column] = position;
    });
    if (this.mapping.readings.length === 0) return [{ values: base, positions }];
    const readings: MappedReading[] = [];
    this.mapping.readings.forEach((reading, k) => {
      const value = cell(this.readingPositions[k]);
      if (value === null) return; // no reading at this site and phase on this row
      const values = [...base];
      const readingPositionsOf = [...positions];
      for (const [name, fixed] of Object.entries(reading.values)) {
        values[columnIndex(name)!] = fixed;
        readingPositionsOf[columnIndex(name)!] = undefined;
      }
      values[Column.value] = value;
      readingPositionsOf[Column.value] = this.readingPositions[k];
      readings.push({ values, positions: readingPositionsOf });
    });
    return readings;
  }

  /** The position of a contract column in a reading, for its errors' locations. */
  static positionOf(reading: MappedReading, column: string | null): number | undefined {
    const index = column === null ? undefined : columnIndex(column as ColumnName);
    return index === undefined ? undefined : reading.positions[index];
  }
}
