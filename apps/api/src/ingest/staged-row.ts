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
  /** The client's number in order of first appearance in the batch: the staging sorts sort on it, not on the 32-digit key. */
  clientOrdinal: number[];
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

/** Numbers the clients of one batch in order of first appearance. */
export class ClientOrdinals {
  private readonly ordinals = new Map<string, number>();

  of(clientKey: string): number {
    let ordinal = this.ordinals.get(clientKey);
    if (ordinal === undefined) {
      ordinal = this.ordinals.size + 1;
      this.ordinals.set(clientKey, ordinal);
    }
    return ordinal;
  }
}

export function toStagedColumns(rows: readonly MeasurementRow[], pseudonyms: Pseudonymizer, ordinals: ClientOrdinals): StagedColumns {
  const columns: StagedColumns = {
    line: [],
    clientKey: [],
    clientOrdinal: [],
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
    const clientKey = pseudonyms.key('client', row.clientId);
    columns.clientKey.push(clientKey);
    columns.clientOrdinal.push(ordinals.of(clientKey));
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
