/**
 * Shapes of the API's answers other than the report (docs/api.md). Values the API sends as keys
 * or codes are normalised by api-client.ts into `Option`s, so pages never guess at a shape.
 */

import type { DisplayNames } from '../format/display-names.js';

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
  /** Display names of the clinics and therapists listed (their options' labels already use them). */
  names: DisplayNames;
}

/** Counts are null where the API blanks them (for marketing: fewer clients than the suppression minimum). */
export interface CohortSummary {
  clients: number | null;
  sessions: number | null;
  measurements: number | null;
  clinics: number | null;
  therapists: number | null;
  measures: {
    code: string;
    unit: string;
    label: string;
    clients: number | null;
    measurements: number | null;
  }[];
  dateRange: { from: string | null; to: string | null };
  dataVersion: string | number | null;
}

export interface Coverage {
  /** Clients who reached each session (any measurement). */
  sessions: { session: number; clients: number }[];
  /** Clients with a value of the measure at each session, phase and site. */
  cells: { session: number; phase: 'pre' | 'post' | 'followup'; site: string | null; clients: number }[];
}

export interface IngestError {
  line: number;
  column: string | null;
  message: string;
  /** Where in a spreadsheet (`Sheet1!D7`) or a FHIR bundle; absent for text formats. */
  location?: string;
  /** The session form's field (POST /api/ingest/form): `sites[0].post[1]`, `painNrs.pre`, … */
  field?: string;
}

/** A mapping of a spreadsheet in a clinic's own layout (docs/mappings.md). */
export interface SpreadsheetMapping {
  sheet?: string;
  columns: Record<string, string>;
  values: Record<string, string | number>;
  readings: ({ column: string } & Record<string, string | number>)[];
}

/** POST /api/ingest/preview: a dry run of the ingest, nothing stored. */
export interface IngestPreview {
  format: string;
  sheets: { name: string | null; columns: string[]; rows: number }[];
  rowsRead: number;
  errorCount: number;
  errors: IngestError[];
  readings: PreviewReading[];
  storable: boolean;
}

/** One reading as it would be stored (the client id as sent: the server stores its key). */
export interface PreviewReading {
  line: number;
  client_id: string;
  session: number;
  phase: string;
  measure: string;
  site: string | null;
  trial: number | null;
  value: number;
  raw_value: number;
  raw_unit: string;
  technique: string;
  condition: string | null;
  clinic_id: string | null;
  therapist_id: string | null;
  session_date: string | null;
}

export interface SavedMapping {
  clinic: string;
  name: string;
  mapping: SpreadsheetMapping;
  savedBy: string;
  savedAt: string;
}

export interface IngestTemplate {
  name: string;
  layout: 'long' | 'wide';
  description: string;
  mediaType: string;
}

/** GET /api/ingest/history: one change of a stored reading, newest first. */
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

/** One session as the session form sends it (POST /api/ingest/form; docs/api.md, "Session form"). */
export interface SessionPayload {
  clientId: string;
  session: number;
  date: string | null;
  technique: string | null;
  condition: string | null;
  clinic: string | null;
  therapist: string | null;
  /** The unit the algometer shows: kg/cm2, kPa, N/cm2 or lbf/in2. */
  unit: string;
  /** Sites with at least one reading; trials 1 to 3 in order, null where not read. */
  sites: { site: string; pre: (number | null)[]; post: (number | null)[] }[];
  painNrs: { pre: number | null; post: number | null };
  headacheDays: number | null;
  correction?: { reason: string };
}

/** A client's next session, as POST /api/ingest/form/next-session suggests it. */
export interface NextSession {
  known: boolean;
  nextSession: number;
  last: { session: number; date: string | null; technique: string; condition: string | null } | null;
}

export type BatchStatus = 'loading' | 'stored' | 'refused' | 'failed';

export interface Batch {
  id: string;
  source: 'http' | 'inbox' | 'cli' | 'demo' | 'form';
  /** A correction replaces stored readings (with its reason); every other batch adds readings. */
  kind: 'ingest' | 'correction';
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

/** POST /api/auth/login. */
/** Where a stored claim is in its life (docs/claims.md). */
export type ClaimStatus = 'draft' | 'approved' | 'published' | 'withdrawn';

export interface ClaimLife {
  status?: ClaimStatus;
  approvedBy?: string | null;
  approvedAt?: string | null;
  publishedAt?: string | null;
  withdrawnBy?: string | null;
  withdrawnAt?: string | null;
  withdrawnReason?: string | null;
}

/** A controlled claim (GET /api/claims, kind `controlled`), with what a reader must know to quote it. */
export interface Claim extends ClaimLife {
  kind?: 'controlled';
  /** The claim as issued and stored (a number or its text, as the API sends it). */
  id: string | number;
  treatment: string;
  control: string;
  /** The sentence marketing may publish, as the API issued it. */
  statement: string;
  /** Treatment minus control in the measure's unit, positive = better, with its 95% CI. */
  benefit: number;
  ciLow: number;
  ciHigh: number;
  nTreatment: number;
  nControl: number;
  pHolm: number;
  hedgesG: number | null;
  endpointSession: number;
  /** What the claim does not say (non-randomised data, the period, …). */
  limits: string[];
  /** Where the evidence pack of this claim is (GET /api/claims/:id/evidence). */
  evidenceUrl: string;
}

/** What the practice's own clients did (kind `observational`): a technique, or `all`. */
export interface ObservationalClaim extends ClaimLife {
  kind: 'observational';
  id: string | number;
  group: string;
  n: number;
  meanChange: number;
  sd: number;
  ciLow: number;
  ciHigh: number;
  responders: { threshold: number; n: number; count: number; rate: number; ciLow: number; ciHigh: number };
  statement: string;
  limits: string[];
  evidenceUrl: string;
  /** Published studies it may be shown beside (never merged with), and the sentence that does so. */
  beside: { study: string; text: string }[];
}

/**
 * An observational claim about the sessions it took (GET /api/claims, under `timeToResponse`):
 * "half of our clients reached a clinically meaningful improvement after K sessions (95% CI)".
 */
export interface SessionsClaim extends ClaimLife {
  kind: 'observational';
  about: 'time-to-response';
  id: string | number;
  group: string;
  /** Clients followed (a session-1 value) and how many reached the MCID while followed. */
  n: number;
  events: number;
  medianSessions: number;
  ciLow: number;
  ciHigh: number;
  followedAtMedian: number;
  followedAtUpperEnd: number;
  statement: string;
  limits: string[];
  evidenceUrl: string;
}

export interface PublishedStudy {
  key: string;
  citation: string;
  shortCitation: string;
  doi: string;
  population: string;
  design: string;
  n: number;
  arms: string[];
  outcome: string;
  finding: string;
}

/** A study of the library (kind `published`) and the sentence marketing may quote. */
export interface PublishedClaim {
  kind: 'published';
  id: string;
  statement: string;
  study: PublishedStudy;
  libraryVersion: number;
}

export type AnyClaim = Claim | ObservationalClaim | PublishedClaim;

/** A stored claim past its draft: approved, published or withdrawn (with who, when and why). */
export interface ManagedClaim extends ClaimLife {
  id: string | number;
  kind: 'observational' | 'controlled';
  group: string;
  control: string | null;
  statement: string;
  dataVersion: string;
  evidenceUrl: string;
}

/** A claim the evidence does not support, and what is missing, one sentence each. */
export interface ClaimRefusal {
  kind?: 'observational' | 'controlled';
  /** The treatment (controlled) or the group (observational: a technique or `all`). */
  treatment: string | null;
  control: string | null;
  missing: string[];
}

export interface ClaimsAnswer {
  measure: string;
  unit: string;
  dataVersion: string | number | null;
  period: { from: string | null; to: string | null };
  minClients?: number;
  suppressionMinimum?: number;
  claims: AnyClaim[];
  refusals: ClaimRefusal[];
  counts?: { observational: number; published: number; controlled: number; refused: number };
  managed?: ManagedClaim[];
  /** Claims about the median sessions to a meaningful change, and their refusals (issue 18). */
  timeToResponse?: { claims: SessionsClaim[]; refusals: ClaimRefusal[] };
}

/** A user as GET /api/users and POST /api/users answer (never a password hash). */
export interface ManagedUser {
  id: number;
  email: string;
  role: string;
  /** Stored clinic keys. */
  clinics: string[];
  therapist: string | null;
  disabled: boolean;
  createdAt: string;
  /** Display names of the user's clinics and therapist that the caller may see. */
  names: DisplayNames;
}

/** POST /api/users: clinic and therapist ids as used in the files, or stored keys. */
export interface NewUserRequest {
  email: string;
  password: string;
  role: string;
  clinics: string[];
  therapist?: string;
}

/** A display name of a clinic or therapist (GET /api/directory). */
export interface DirectoryEntry {
  kind: 'clinic' | 'therapist';
  key: string;
  name: string;
  updatedAt: string;
  updatedBy: string;
}

/** POST /api/directory: by the id used in the files (hashed by the API) or by stored key. */
export type NameRequest = { kind: 'clinic' | 'therapist'; name: string } & ({ id: string } | { key: string });

/** POST /api/clients/erase: how many readings and sessions went (or would go, with dryRun). */
export interface ClientErasure {
  clientKey: string;
  readings: number;
  sessions: number;
}

/** GET /api/clinics/:clinic/retention: the period, and what the next daily run would erase. */
export interface Retention {
  clinicKey: string;
  years: number | null;
  before: string | null;
  due: { sessions: number; readings: number };
}
