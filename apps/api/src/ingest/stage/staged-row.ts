/**
 * What a batch stages before its store transaction: its readings, validated, with the client as
 * its ordinal in the batch and the other keys pseudonymised (absent site as ''), and its clients,
 * one row each (see BatchClients). Each staging table's columns are listed once here; the DDL,
 * both staging writers and the COPY text follow these lists.
 */
import type { MeasurementRow } from '@threshold/ingest';
import type { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import type { BatchClients } from '../read/batch-clients.js';
import type { SessionRuns } from '../read/session-runs.js';

export interface StagingColumn {
  name: string;
  /** The column's SQL type (also the element type of its unnest array). */
  type: 'integer' | 'text' | 'float8' | 'date' | 'boolean';
  nullable?: boolean;
}

/** A validated row ready to stage. */
export interface StagedReading {
  row: MeasurementRow;
  clientOrdinal: number;
  clinicKey: string | null;
  therapistKey: string | null;
  /** The first reading of its session's run (see SessionRuns); meaningful only if the file was in order. */
  firstOfSession: boolean;
}

export const STAGED_READING_COLUMNS: readonly StagingColumn[] = [
  { name: 'line', type: 'integer' },
  { name: 'client_ordinal', type: 'integer' },
  { name: 'clinic_key', type: 'text', nullable: true },
  { name: 'therapist_key', type: 'text', nullable: true },
  { name: 'session', type: 'integer' },
  { name: 'phase', type: 'text' },
  { name: 'measure', type: 'text' },
  { name: 'site', type: 'text' },
  { name: 'trial', type: 'integer' },
  { name: 'value', type: 'float8' },
  { name: 'raw_value', type: 'float8' },
  { name: 'raw_unit', type: 'text' },
  { name: 'technique', type: 'text' },
  { name: 'condition', type: 'text', nullable: true },
  { name: 'session_date', type: 'date', nullable: true },
  { name: 'first_of_session', type: 'boolean' },
];

/** The stored form of the duplicate key's optional parts: '' for no site, 0 for no trial number. */
export const NO_SITE = '';
export const NO_TRIAL = 0;

/** One array per column of STAGED_READING_COLUMNS, in its order (for INSERT ... SELECT FROM unnest). */
export function readingColumnArrays(readings: readonly StagedReading[]): unknown[][] {
  const columns: unknown[][] = STAGED_READING_COLUMNS.map(() => new Array(readings.length));
  readings.forEach(({ row, clientOrdinal, clinicKey, therapistKey, firstOfSession }, i) => {
    const values = [
      row.line,
      clientOrdinal,
      clinicKey,
      therapistKey,
      row.session,
      row.phase,
      row.measure,
      row.site ?? NO_SITE,
      row.trial ?? NO_TRIAL,
      row.value,
      row.rawValue,
      row.rawUnit,
      row.technique,
      row.condition,
      row.sessionDate,
      firstOfSession,
    ];
    for (let c = 0; c < values.length; c++) columns[c][i] = values[c];
  });
  return columns;
}

export const STAGED_CLIENT_COLUMNS: readonly StagingColumn[] = [
  { name: 'client_ordinal', type: 'integer' },
  { name: 'client_key', type: 'text' },
  { name: 'clinic_key', type: 'text', nullable: true },
];

/**
 * The clients as arrays per column of STAGED_CLIENT_COLUMNS, `chunkSize` clients at a time: a
 * million clients are staged in a hundred statements, never all in one string.
 */
export function* clientColumnChunks(clients: BatchClients, chunkSize = 10_000): Generator<unknown[][]> {
  let columns: unknown[][] = [[], [], []];
  for (const client of clients.rows()) {
    columns[0].push(client.ordinal);
    columns[1].push(client.key);
    columns[2].push(client.clinicKey);
    if (columns[0].length === chunkSize) {
      yield columns;
      columns = [[], [], []];
    }
  }
  if (columns[0].length > 0) yield columns;
}

/**
 * The staging form of validated rows, in file order: clients numbered (and remembered) by
 * `clients`, other keys pseudonymised, sessions' runs followed by `runs`.
 */
export function stageReadings(rows: readonly MeasurementRow[], pseudonyms: Pseudonymizer, clients: BatchClients, runs: SessionRuns): StagedReading[] {
  return rows.map((row) => {
    const clinicKey = row.clinicId === null ? null : pseudonyms.key('clinic', row.clinicId);
    const reading: StagedReading = {
      row,
      clientOrdinal: clients.add(row, clinicKey),
      clinicKey,
      therapistKey: row.therapistId === null ? null : pseudonyms.key('therapist', row.therapistId),
      firstOfSession: false,
    };
    reading.firstOfSession = runs.next(reading);
    return reading;
  });
}

/** The DDL of a staging table's columns. */
export function stagingColumnsDdl(columns: readonly StagingColumn[]): string {
  return columns.map((column) => `${column.name} ${column.type === 'float8' ? 'double precision' : column.type}${column.nullable ? '' : ' NOT NULL'}`).join(', ');
}
