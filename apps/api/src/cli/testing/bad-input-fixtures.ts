/**
 * The bad-input fixtures of libs/ingest (one file per kind of bad input of report-contract.md
 * section 1 and of the formats), and what `outcomes report` must say about each.
 */
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './outcomes-process.js';

export const BAD_FIXTURES = join(REPOSITORY_ROOT, 'libs/ingest/test-fixtures/bad');

/**
 * Every fixture of libs/ingest/test-fixtures/bad, with the errors it must give as [line, column]
 * (line 0: the input as a whole; column null: not one column's fault), read off the files by eye.
 */
export const BAD_FILES: Record<string, [number, string | null][]> = {
  'bad-date.csv': [2, 3, 4, 5].map((line) => [line, 'session_date']),
  'bad-phase.csv': [2, 3, 4].map((line) => [line, 'phase']),
  'bad-session.csv': [2, 3, 4, 5].map((line) => [line, 'session']),
  'bad-trial.csv': [2, 3, 4].map((line) => [line, 'trial']),
  'bare-carriage-return.csv': [[1, null]],
  'duplicate-column.csv': [[1, 'session']],
  'duplicate-rows.csv': [
    [6, null],
    [8, null],
  ],
  'empty.csv': [[0, null]],
  'followup-order.csv': [3, 6, 9].map((line) => [line, 'session']),
  'followup-order.ndjson': [[1, 'session']],
  'field-count.csv': [
    [2, null],
    [3, null],
  ],
  'latin1.csv': [[5, null]],
  'malformed.json': [[3, null]],
  'missing-column.csv': [[1, 'unit']],
  'missing-value.csv': [
    [3, 'value'],
    [4, 'client_id'],
  ],
  'near-miss-column.csv': [
    [1, 'Client_ID'],
    [1, 'client_id'],
  ],
  'non-finite-value.csv': [2, 3, 4].map((line) => [line, 'value']),
  'non-numeric-value.csv': [2, 3, 4, 5].map((line) => [line, 'value']),
  'nul-byte.csv': [[4, null]],
  'only-blank-lines.csv': [[0, null]],
  'out-of-range.csv': [2, 3, 4, 5, 6].map((line) => [line, 'value']),
  'personal-identifiers.csv': [
    [2, 'client_id'],
    [3, 'therapist_id'],
    [4, 'client_id'],
    [5, 'clinic_id'],
    [6, 'client_id'],
  ],
  'quote-inside-field.csv': [[3, null]],
  'row-values.json': [
    [2, 'value'],
    [3, 'value'],
    [4, 'session'],
    [5, 'name'],
    [6, 'value'],
    [7, 'value'],
  ],
  'unclosed-quote.csv': [[3, null]],
  'unclosed.ndjson': [[2, null]],
  'unknown-column.csv': [[1, 'email']],
  'unknown-measure.csv': [
    [2, 'measure'],
    [3, 'measure'],
  ],
  'wrong-unit.csv': [2, 3, 4].map((line) => [line, 'unit']),
};

/** Where an error is, as the command prints it after the file name: `line 3, column value`, `line 3`, `input`. */
export function errorPosition([line, column]: [number, string | null]): string {
  if (line === 0) return 'input';
  return column === null ? `line ${line}` : `line ${line}, column ${column}`;
}

/** The first line of the refusal of a file with `count` errors. */
export function refusalSummary(file: string, count: number): string {
  return `${file} has ${count} error${count === 1 ? '' : 's'}; nothing was analysed`;
}
