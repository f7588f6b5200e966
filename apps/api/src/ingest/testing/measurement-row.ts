/** A valid row as the reader hands it over (a PPT reading before session 1), for the ingest's unit tests. */
import type { MeasurementRow } from '@threshold/ingest';

export function measurementRow(changes: Partial<MeasurementRow> = {}): MeasurementRow {
  return {
    line: 2,
    clientId: 'c1',
    session: 1,
    phase: 'pre',
    measure: 'ppt',
    value: 300,
    rawValue: 300,
    rawUnit: 'kPa',
    site: null,
    technique: 'massage',
    condition: null,
    clinicId: null,
    therapistId: null,
    sessionDate: null,
    trial: null,
    ...changes,
  };
}
