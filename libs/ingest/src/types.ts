/**
 * The shapes that leave this library: a validated measurement in canonical units, and an error
 * that points at the line and column of the input where it was found (report-contract.md section 1).
 */
import type { OutcomesFormatName } from './formats.js';

/**
 * `pre` and `post`: before and after a session's treatment; `followup` (contract 1.1): a visit
 * without treatment after the course, numbered after the client's last treated session.
 */
export type Phase = 'pre' | 'post' | 'followup';

/** One validated row of the canonical long format, its value converted to the measure's canonical unit. */
export interface MeasurementRow {
  /** Where the row is in the input: see {@link IngestError.line} for how each format numbers lines. */
  readonly line: number;
  readonly clientId: string;
  /** 1-based session number within the client's course of treatment. */
  readonly session: number;
  /** `pre` when the input left it empty. */
  readonly phase: Phase;
  /** A code of the measures table of `@threshold/stats`, e.g. `ppt`. */
  readonly measure: string;
  /** The value in the measure's canonical unit (kPa for `ppt`). */
  readonly value: number;
  /** The value as recorded, in {@link rawUnit}. */
  readonly rawValue: number;
  readonly rawUnit: string;
  readonly site: string | null;
  /** `all` when the input left it empty. */
  readonly technique: string;
  readonly condition: string | null;
  readonly clinicId: string | null;
  readonly therapistId: string | null;
  /** ISO 8601 calendar date, always written `yyyy-mm-dd`. */
  readonly sessionDate: string | null;
  /** Repeat reading number at the same site (algometry is often read 3 times). */
  readonly trial: number | null;
  /**
   * Display names given for the row's clinic_id and therapist_id (optional columns clinic_name,
   * therapist_name): present only when the row has one. The API keeps them in its directory of
   * names under the keys' hashes; they are never part of a reading.
   */
  readonly clinicName?: string;
  readonly therapistName?: string;
  /**
   * Set only when reading a correction (ReadOutcomesOptions.withdrawals) for a row whose value and
   * unit are empty: the stored reading of this key is withdrawn. value and rawValue are then NaN.
   */
  readonly withdrawn?: true;
}

/**
 * A problem with the input, worded for the person who has to fix the file.
 *
 * `line` numbers the input as a spreadsheet numbers rows, the header being line 1:
 * - CSV: the text line on which the record starts (a quoted value that spans lines moves later
 *   records down, exactly as a text editor shows them);
 * - JSON rows: the text line on which the row's object starts (syntax errors: the line where
 *   the JSON stops making sense);
 * - Arrow: the row's index in the whole input + 2, as if the schema were a header on line 1.
 *
 * Errors about the file as a whole (empty input, unreadable Arrow data, not Arrow at all) have
 * `line` 0. Errors about the header (an unknown, duplicated or missing column) are on the header's
 * line, 1 unless blank lines precede it, Arrow schema errors on line 1.
 *
 * `column` is the header name of the column concerned, or null when the problem is not in one
 * column (a wrong number of fields, a syntax error, a file-level error).
 *
 * Formats without text lines also say where, in their own terms, in `location`: a FHIR bundle
 * (line N is `entry[N-1]`) gives the path of the element, `entry[3].resource.valueQuantity.unit`;
 * a spreadsheet (line N is the sheet's row N) gives the sheet and cell, `Sheet1!D7`.
 *
 * Messages never repeat the value of a key column (client_id, therapist_id, clinic_id): when it
 * is personal data it must not end up in logs or in the stored record of the batch.
 */
export interface IngestError {
  readonly line: number;
  readonly column: string | null;
  readonly message: string;
  /** Where in the input's own terms, for formats without text lines (see above); absent otherwise. */
  readonly location?: string;
}

/** The encodings of the canonical long format: the names of formats.ts's registry. */
export type OutcomesFormat = OutcomesFormatName;
