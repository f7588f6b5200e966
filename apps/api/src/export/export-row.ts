/** One exported reading (docs/api.md, GET /api/export): pseudonymous keys only, the value in the measure's canonical unit. */
export interface ExportRow {
  client_key: string;
  clinic_key: string | null;
  therapist_key: string | null;
  session: number;
  /** yyyy-mm-dd */
  session_date: string | null;
  technique: string;
  condition: string | null;
  measure: string;
  phase: 'pre' | 'post' | 'followup';
  /** Null for a reading recorded without a site. */
  site: string | null;
  /** Null for a reading recorded without a trial number. */
  trial: number | null;
  value: number;
  unit: string;
}

/** The columns, in order: the same in CSV and Arrow. */
export const EXPORT_COLUMNS: readonly (keyof ExportRow)[] = [
  'client_key',
  'clinic_key',
  'therapist_key',
  'session',
  'session_date',
  'technique',
  'condition',
  'measure',
  'phase',
  'site',
  'trial',
  'value',
  'unit',
];
