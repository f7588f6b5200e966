/**
 * The strict column set of the canonical long format (report-contract.md section 1). Nothing else
 * is accepted: an unknown column is an error, so that identifiers (a name, an email) cannot arrive
 * by accident under some other heading.
 */
import { quoteInput } from './quote-input.js';
import type { IngestError } from './types.js';

/** Every column, in the order of the contract's table; a column's position here is its index. */
export const COLUMNS = [
  'client_id',
  'session',
  'measure',
  'value',
  'unit',
  'phase',
  'site',
  'technique',
  'condition',
  'clinic_id',
  'therapist_id',
  'session_date',
  'trial',
  // Display names of the clinic and therapist keys on the same row (contract 1.1 addition, optional):
  // stored in the directory of names, never with the readings.
  'clinic_name',
  'therapist_name',
] as const;

export type ColumnName = (typeof COLUMNS)[number];

/** Column indices, so that hot loops index arrays instead of looking names up. */
export const Column = {
  clientId: 0,
  session: 1,
  measure: 2,
  value: 3,
  unit: 4,
  phase: 5,
  site: 6,
  technique: 7,
  condition: 8,
  clinicId: 9,
  therapistId: 10,
  sessionDate: 11,
  trial: 12,
  clinicName: 13,
  therapistName: 14,
} as const satisfies Record<string, number>;

export const REQUIRED_COLUMNS: readonly ColumnName[] = ['client_id', 'session', 'measure', 'value', 'unit'];

/**
 * One row's values, indexed by {@link Column}, before validation. null means absent (an empty CSV
 * field, a JSON null or missing key, an Arrow null). Numbers come from JSON and Arrow; CSV gives
 * strings only.
 */
export type FieldValue = string | number | null;
export type FieldValues = FieldValue[];

export function newFieldValues(): FieldValues {
  return new Array<FieldValue>(COLUMNS.length).fill(null);
}

const INDEX_BY_NAME = new Map<string, number>(COLUMNS.map((name, index) => [name, index]));

/** The index of a column by its exact (case-sensitive) header name. */
export function columnIndex(name: string): number | undefined {
  return INDEX_BY_NAME.get(name);
}

/** The message for a heading that is not a column of the format, with a hint when it is a near miss. */
export function unknownColumnMessage(name: string): string {
  const normalised = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const nearMiss = COLUMNS.find((column) => column === normalised);
  const hint = nearMiss
    ? `did you mean ${nearMiss}? (names are lower case, exactly as in the format)`
    : `the accepted columns are ${COLUMNS.join(', ')}; remove any other`;
  return `unknown column ${quoteInput(name)}: ${hint}`;
}

export interface ResolvedHeader {
  /** For each position of the header, the column index it holds. */
  readonly columnAt: readonly number[];
  /** Unknown, duplicated and missing required columns; empty when the header is usable. */
  readonly errors: readonly IngestError[];
}

/**
 * Checks a header (CSV first line, Arrow schema field names) against the strict column set:
 * every name must be a known column, none may appear twice, and every required column must be there.
 */
export function resolveHeader(names: readonly string[], line: number): ResolvedHeader {
  const columnAt: number[] = [];
  const errors: IngestError[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const index = columnIndex(name);
    if (index === undefined) {
      errors.push({
        line,
        column: name,
        message: name === '' ? 'a column has no name: name it or remove it' : unknownColumnMessage(name),
      });
      columnAt.push(-1);
    } else if (seen.has(name)) {
      errors.push({ line, column: name, message: 'the column appears twice in the header: keep one' });
      columnAt.push(-1);
    } else {
      seen.add(name);
      columnAt.push(index);
    }
  }
  for (const required of REQUIRED_COLUMNS) {
    if (!seen.has(required)) {
      errors.push({ line, column: required, message: 'required column is missing from the header: add it' });
    }
  }
  return { columnAt, errors };
}
