/**
 * A validated row as it is staged in the database: keys already pseudonymised, absent site and
 * trial as '' and 0 (the stored form of the duplicate key).
 */
import type { MeasurementRow } from '@threshold/ingest';
import type { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';

/** Column arrays for one `INSERT ... SELECT FROM unnest(...)`: one array per column, one element per row. */
export interface StagedColumns {
  line: number[];
  clientKey: string[];
  clinicKey: (string | null)[];
  therapistKey: (string | null)[];
  session: number[];
  phase: string[];
  measure: string[];
  site: string[];
  trial: number[];
  value: number[];
  rawValue: number[];
  rawUnit: string[];
  technique: string[];
  condition: (string | null)[];
  sessionDate: (string | null)[];
}

export function toStagedColumns(rows: readonly MeasurementRow[], pseudonyms: Pseudonymizer): StagedColumns {
  const columns: StagedColumns = {
    line: [],
    clientKey: [],
    clinicKey: [],
    therapistKey: [],
    session: [],
    phase: [],
    measure: [],
    site: [],
    trial: [],
    value: [],
    rawValue: [],
    rawUnit: [],
    technique: [],
    condition: [],
    sessionDate: [],
  };
  for (const row of rows) {
    columns.line.push(row.line);
    columns.clientKey.push(pseudonyms.key('client', row.clientId));
    columns.clinicKey.push(row.clinicId === null ? null : pseudonyms.key('clinic', row.clinicId));
    columns.therapistKey.push(row.therapistId === null ? null : pseudonyms.key('therapist', row.therapistId));
    columns.session.push(row.session);
    columns.phase.push(row.phase);
    columns.measure.push(row.measure);
    columns.site.push(row.site ?? '');
    columns.trial.push(row.trial ?? 0);
    columns.value.push(row.value);
    columns.rawValue.push(row.rawValue);
    columns.rawUnit.push(row.rawUnit);
    columns.technique.push(row.technique);
    columns.condition.push(row.condition);
    columns.sessionDate.push(row.sessionDate);
  }
  return columns;
}
