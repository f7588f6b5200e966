/**
 * Display names given in a file (the optional columns clinic_name and therapist_name): collected
 * per clinic and therapist while the file is read, so that the store transaction can write them into the
 * directory of names (directory/, display_names) with the readings, all or nothing.
 *
 * A file names a key one way: the same clinic_id or therapist_id with two different names is an
 * error on the later row (naming the earlier row's line, never the key's value: keys may be personal).
 * Only rows the sender may ingest get here (OutOfScopeRows filters first), and who may ingest a
 * clinic's rows may also name it and its therapists (directory/name-scope.ts, mayWriteNames).
 */
import type { MeasurementRow } from '@threshold/ingest';
import type { StoredIngestError } from '../../database/entities/ingest-batch.entity.js';
import type { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import { MAX_STORED_ERRORS } from '../batches/batch-records.js';

export interface GivenName {
  name: string;
  /** The first line that gave it. */
  line: number;
}

export class NamesInFile {
  /**
   * By the id as the file gives it: a name usually repeats on every row of its clinic or
   * therapist, so the keyed hash is computed once per id, when the names are stored, not per row.
   */
  private readonly clinicsById = new Map<string, GivenName>();
  private readonly therapistsById = new Map<string, GivenName>();
  count = 0;
  readonly errors: StoredIngestError[] = [];

  constructor(private readonly pseudonyms: Pseudonymizer) {}

  collect(rows: readonly MeasurementRow[]): void {
    for (const row of rows) {
      if (row.clinicName !== undefined && row.clinicId !== null)
        this.give(this.clinicsById, row.clinicId, row.clinicName, row.line, 'clinic');
      if (row.therapistName !== undefined && row.therapistId !== null) {
        this.give(this.therapistsById, row.therapistId, row.therapistName, row.line, 'therapist');
      }
    }
  }

  /** The names given, by stored key. */
  keyed(kind: 'clinic' | 'therapist'): Map<string, GivenName> {
    const byId = kind === 'clinic' ? this.clinicsById : this.therapistsById;
    return new Map([...byId].map(([id, given]) => [this.pseudonyms.key(kind, id), given]));
  }

  private give(
    names: Map<string, GivenName>,
    id: string,
    name: string,
    line: number,
    kind: 'clinic' | 'therapist',
  ): void {
    const given = names.get(id);
    if (given === undefined) {
      names.set(id, { name, line });
      return;
    }
    if (given.name === name) return;
    this.count++;
    if (this.errors.length < MAX_STORED_ERRORS) {
      this.errors.push({
        line,
        column: `${kind}_name`,
        message: `line ${given.line} gave this ${kind}_id another ${kind}_name: one name per ${kind} in a file`,
      });
    }
  }
}
