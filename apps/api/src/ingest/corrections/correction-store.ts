/**
 * The SQL of corrections: each row of a correction file found as the stored reading of its key
 * (an owner's only among their clinics' readings), then, in the same transaction, the stored
 * reading changed or withdrawn and its previous value kept in measurement_history with who, when
 * and why. Run in the store transaction (the store lock held), so that no ingest stores between
 * the look-up and the change.
 */
import type { MeasurementRow } from '@threshold/ingest';
import type { DataSource, QueryRunner } from 'typeorm';
import { noteChangedCells, refreshChangedCells } from '../../report-cells/kept-cells.sql.js';

/** A row of the correction file, its client keyed. */
export interface CorrectionRow {
  readonly row: MeasurementRow;
  readonly clientKey: string;
}

/** The stored reading a row corrects, as it is before the correction. */
export interface StoredReading {
  readonly line: number;
  readonly clientId: string;
  readonly clinicKey: string | null;
  readonly value: number;
}

/** For each row (by line), the stored reading of its key; rows whose key is not stored are absent. */
export async function findStoredReadings(runner: QueryRunner, rows: readonly CorrectionRow[]): Promise<Map<number, StoredReading>> {
  const found: { line: number; client_id: string; clinic_key: string | null; value: number }[] = await runner.query(
    `SELECT w.line, m.client_id, cl.key AS clinic_key, m.value
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[])
              AS w (client_key, session_number, phase, measure, site, trial, line)
       JOIN clients c ON c.key = w.client_key
       JOIN measurements m ON m.client_id = c.id AND m.session_number = w.session_number AND m.phase = w.phase
                          AND m.measure = w.measure AND m.site = w.site AND m.trial = w.trial
       LEFT JOIN clinics cl ON cl.id = m.clinic_id
      FOR UPDATE OF m`,
    keyArrays(rows),
  );
  return new Map(found.map((reading) => [reading.line, { line: reading.line, clientId: reading.client_id, clinicKey: reading.clinic_key, value: reading.value }]));
}

/**
 * Keeps the previous values of these readings in the history, then changes them (a withdrawal
 * deletes the reading). Every row must name a stored reading (findStoredReadings).
 */
export async function applyCorrections(
  runner: QueryRunner,
  rows: readonly CorrectionRow[],
  correction: { batchId: string; reason: string; correctedBy: string },
): Promise<void> {
  const [clientKeys, sessions, phases, measures, sites, trials] = keyArrays(rows);
  const values = rows.map(({ row }) => (row.withdrawn ? null : row.value));
  const rawValues = rows.map(({ row }) => (row.withdrawn ? null : row.rawValue));
  const rawUnits = rows.map(({ row }) => (row.withdrawn ? null : row.rawUnit));
  const parameters = [clientKeys, sessions, phases, measures, sites, trials, values, rawValues, rawUnits];
  const corrected = `unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[], $8::float8[], $9::text[])
                       AS w (client_key, session_number, phase, measure, site, trial, value, raw_value, raw_unit)
                     JOIN clients c ON c.key = w.client_key`;
  const sameReading = `m.client_id = c.id AND m.session_number = w.session_number AND m.phase = w.phase
                       AND m.measure = w.measure AND m.site = w.site AND m.trial = w.trial`;
  await runner.query(
    `INSERT INTO measurement_history (client_id, session_number, phase, measure, site, trial, clinic_id,
                                      previous_value, previous_raw_value, previous_raw_unit, previous_batch_id,
                                      value, raw_value, raw_unit, batch_id, reason, corrected_by)
     SELECT m.client_id, m.session_number, m.phase, m.measure, m.site, m.trial, m.clinic_id,
            m.value, m.raw_value, m.raw_unit, m.batch_id, w.value, w.raw_value, w.raw_unit, $10, $11, $12
       FROM ${corrected} JOIN measurements m ON ${sameReading}`,
    [...parameters, correction.batchId, correction.reason, correction.correctedBy],
  );
  // The report cells of these readings are recomputed after the change, in this transaction.
  await noteChangedCells(runner, `SELECT m.client_id, m.session_number, m.measure, m.site FROM ${corrected} JOIN measurements m ON ${sameReading}`, parameters);
  await runner.query(
    `UPDATE measurements m SET value = w.value, raw_value = w.raw_value, raw_unit = w.raw_unit, batch_id = $10
       FROM ${corrected}
      WHERE ${sameReading} AND w.value IS NOT NULL`,
    [...parameters, correction.batchId],
  );
  await runner.query(`DELETE FROM measurements m USING ${corrected} WHERE ${sameReading} AND w.value IS NULL`, parameters);
  await refreshChangedCells(runner);
}

/** The key columns of the rows as arrays, as measurements key a reading ('' for no site, 0 for no trial), and their lines. */
function keyArrays(rows: readonly CorrectionRow[]): [string[], number[], string[], string[], string[], number[], number[]] {
  return [
    rows.map(({ clientKey }) => clientKey),
    rows.map(({ row }) => row.session),
    rows.map(({ row }) => row.phase),
    rows.map(({ row }) => row.measure),
    rows.map(({ row }) => row.site ?? ''),
    rows.map(({ row }) => row.trial ?? 0),
    rows.map(({ row }) => row.line),
  ];
}

/** One change of a reading, as GET /api/ingest/history lists it. */
export interface ReadingChange {
  session: number;
  phase: string;
  measure: string;
  site: string | null;
  trial: number | null;
  previous: { value: number; rawValue: number; rawUnit: string; batchId: string };
  /** null: withdrawn. */
  current: { value: number; rawValue: number; rawUnit: string } | null;
  batchId: string;
  reason: string;
  correctedBy: string;
  correctedAt: string;
}

/** The changes of one client's readings (optionally one session, measure), newest first; an owner's only of their clinics. */
export async function listChanges(
  database: Pick<DataSource, 'query'>,
  where: { clientKey: string; session?: number; measure?: string; clinicScope?: readonly string[] },
): Promise<ReadingChange[]> {
  const rows: Record<string, unknown>[] = await database.query(
    `SELECT h.session_number, h.phase, h.measure, h.site, h.trial, h.previous_value, h.previous_raw_value, h.previous_raw_unit,
            h.previous_batch_id::text AS previous_batch_id, h.value, h.raw_value, h.raw_unit, h.batch_id::text AS batch_id,
            h.reason, h.corrected_by, h.corrected_at
       FROM measurement_history h
       JOIN clients c ON c.id = h.client_id
       LEFT JOIN clinics cl ON cl.id = h.clinic_id
      WHERE c.key = $1 AND ($2::int IS NULL OR h.session_number = $2) AND ($3::text IS NULL OR h.measure = $3)
        AND ($4::text[] IS NULL OR cl.key = ANY ($4::text[]))
      ORDER BY h.id DESC
      LIMIT 1000`,
    [where.clientKey, where.session ?? null, where.measure ?? null, where.clinicScope ?? null],
  );
  return rows.map((row) => ({
    session: row.session_number as number,
    phase: row.phase as string,
    measure: row.measure as string,
    site: row.site === '' ? null : (row.site as string),
    trial: row.trial === 0 ? null : (row.trial as number),
    previous: { value: row.previous_value as number, rawValue: row.previous_raw_value as number, rawUnit: row.previous_raw_unit as string, batchId: row.previous_batch_id as string },
    current: row.value === null ? null : { value: row.value as number, rawValue: row.raw_value as number, rawUnit: row.raw_unit as string },
    batchId: row.batch_id as string,
    reason: row.reason as string,
    correctedBy: row.corrected_by as string,
    correctedAt: new Date(row.corrected_at as string).toISOString(),
  }));
}
