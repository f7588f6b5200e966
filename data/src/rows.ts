/**
 * The canonical long format of report-contract.md section 1, as the generators produce it:
 * one plain object per measurement, keyed by the contract's column names.
 */

/** `followup` (contract 1.1): a visit without treatment after the course, numbered after its last session. */
export type Phase = 'pre' | 'post' | 'followup';

/** One measurement. Optional columns are absent (not null) when a data set does not use them. */
export interface MeasurementRow {
  client_id: string;
  clinic_id?: string;
  therapist_id?: string;
  condition?: string;
  technique?: string;
  session: number;
  /** ISO 8601 date, YYYY-MM-DD. */
  session_date?: string;
  phase?: Phase;
  measure: string;
  site?: string;
  /** Repeat reading number at the same site (1-based). */
  trial?: number;
  value: number;
  unit: string;
}

export type ColumnName = keyof MeasurementRow;

/** Every column, in the order the writers put them (the contract leaves column order free). */
export const COLUMN_ORDER: readonly ColumnName[] = [
  'client_id',
  'clinic_id',
  'therapist_id',
  'condition',
  'technique',
  'session',
  'session_date',
  'phase',
  'measure',
  'site',
  'trial',
  'value',
  'unit',
];

/** The columns holding numbers; all others hold text. */
export const NUMERIC_COLUMNS: ReadonlySet<ColumnName> = new Set<ColumnName>(['session', 'trial', 'value']);

/** The given columns in COLUMN_ORDER, so every writer lays out a data set the same way. */
export function inColumnOrder(columns: Iterable<ColumnName>): ColumnName[] {
  const wanted = new Set(columns);
  return COLUMN_ORDER.filter((column) => wanted.has(column));
}

/**
 * A generated data set: the columns its rows use (known before any row is made, so a CSV header or
 * an Arrow schema can be written first) and its rows, made lazily client by client so that memory
 * does not grow with the number of clients.
 */
export interface GeneratedDataSet {
  readonly name: string;
  readonly columns: readonly ColumnName[];
  readonly clientCount: number;
  /** Each client's rows, one array per client, in client order. Every call starts afresh. */
  clients(): Generator<MeasurementRow[]>;
}

/** All rows of a data set, one at a time. */
export function* rowsOf(dataSet: GeneratedDataSet): Generator<MeasurementRow> {
  for (const clientRows of dataSet.clients()) yield* clientRows;
}

/** The same rows as an async iterable, for consumers that take streams (e.g. an HTTP response). */
export async function* rowsOfAsync(dataSet: GeneratedDataSet): AsyncGenerator<MeasurementRow> {
  for (const clientRows of dataSet.clients()) yield* clientRows;
}
