/**
 * Shapes of the API's answers other than the report (docs/api.md). Values the API sends as keys
 * or codes are normalised by api-client.ts into `Option`s, so pages never guess at a shape.
 */

export type Direction = 'higher-is-better' | 'lower-is-better';

export interface MeasureOption {
  code: string;
  unit: string;
  label: string;
  direction: Direction;
  defaultMcid: number | null;
}

/** A value a filter can take, with what to call it on the page. */
export interface Option {
  value: string;
  label: string;
}

export interface FilterCatalogue {
  measures: MeasureOption[];
  sites: Option[];
  conditions: Option[];
  techniques: Option[];
  clinics: Option[];
  therapists: Option[];
  dateRange: { from: string | null; to: string | null };
}

export interface CohortSummary {
  clients: number;
  sessions: number;
  measurements: number;
  clinics: number;
  therapists: number;
  measures: { code: string; unit: string; label: string; clients: number; measurements: number }[];
  dateRange: { from: string | null; to: string | null };
  dataVersion: string | number | null;
}

export interface Coverage {
  /** Clients who reached each session (any measurement). */
  sessions: { session: number; clients: number }[];
  /** Clients with a value of the measure at each session, phase and site. */
  cells: { session: number; phase: 'pre' | 'post'; site: string | null; clients: number }[];
}

export interface IngestError {
  line: number;
  column: string | null;
  message: string;
}

export type BatchStatus = 'loading' | 'stored' | 'refused' | 'failed';

export interface Batch {
  id: string;
  source: 'http' | 'inbox' | 'cli' | 'demo';
  /** The X-Upload-Id sent with the upload, if any. */
  uploadId: string | null;
  filename: string | null;
  contentType: string | null;
  format: string | null;
  checksum: string | null;
  status: BatchStatus;
  bytesTotal: number | null;
  bytesRead: number;
  rowsRead: number;
  inserted: number;
  duplicates: number;
  errorCount: number;
  errors: IngestError[];
  message: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  progress?: { bytesRead: number; bytesTotal: number | null; rowsRead: number; phase: 'reading' | 'storing' };
}

export interface BatchPage {
  batches: Batch[];
  total: number;
}

export interface Health {
  status: string;
  database: { kind: 'postgres' | 'embedded'; description: string; connected: boolean };
  version: string;
}
