/**
 * What a file is checked for by itself while it is read, whatever the database holds: rows of
 * clinics the sender may not ingest for, and (while the file is in session order, see
 * SessionRuns) sessions described in two ways and readings given twice; rows naming an erased
 * client (unless confirmed); a clinic or therapist given two names; with the batch's clients and names.
 */
import type { MeasurementRow, ReadOutcomesResult } from '@threshold/ingest';
import type { StoredIngestError } from '../../database/entities/ingest-batch.entity.js';
import type { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import { MAX_STORED_ERRORS } from '../batches/batch-records.js';
import { BatchClients } from './batch-clients.js';
import { ErasedClientRows } from './erased-clients.js';
import { NamesInFile } from './names-in-file.js';
import { SessionRuns } from './session-runs.js';

export class FileChecks {
  readonly outOfScope: OutOfScopeRows;
  readonly clients: BatchClients;
  readonly runs = new SessionRuns(MAX_STORED_ERRORS);
  readonly erased: ErasedClientRows;
  /** Display names given in the file, stored with its readings (names-in-file.ts). */
  readonly names: NamesInFile;

  constructor(clinicScope: readonly string[] | undefined, pseudonyms: Pseudonymizer, erasedClients: ReadonlySet<string> = new Set()) {
    this.outOfScope = new OutOfScopeRows(clinicScope, pseudonyms);
    this.erased = new ErasedClientRows(erasedClients, pseudonyms);
    this.clients = new BatchClients(pseudonyms);
    this.names = new NamesInFile(pseudonyms);
  }

  /** Whether the file is refused whatever the database holds: bad rows, or any of the above. */
  refused(read: ReadOutcomesResult): boolean {
    return read.errorCount > 0 || this.outOfScope.count > 0 || this.runs.withinFileErrors.count > 0 || this.erased.count > 0 || this.names.count > 0;
  }

  errorCount(read: ReadOutcomesResult): number {
    return read.errorCount + this.outOfScope.count + this.runs.withinFileErrors.count + this.erased.count + this.names.count;
  }

  /** The first errors, by line. */
  errors(read: ReadOutcomesResult): StoredIngestError[] {
    return [...read.errors, ...this.outOfScope.errors, ...this.runs.withinFileErrors.errors, ...this.erased.errors, ...this.names.errors].sort((a, b) => a.line - b.line).slice(0, MAX_STORED_ERRORS);
  }
}

/** Rows naming a clinic the sender may not ingest for: each an error on its clinic_id. */
class OutOfScopeRows {
  count = 0;
  readonly errors: StoredIngestError[] = [];

  constructor(
    private readonly scope: readonly string[] | undefined,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  filter(rows: readonly MeasurementRow[]): readonly MeasurementRow[] {
    if (this.scope === undefined) return rows;
    const allowed: MeasurementRow[] = [];
    for (const row of rows) {
      if (row.clinicId !== null && this.scope.includes(this.pseudonyms.key('clinic', row.clinicId))) {
        allowed.push(row);
        continue;
      }
      this.count++;
      if (this.errors.length < MAX_STORED_ERRORS) {
        this.errors.push({
          line: row.line,
          column: 'clinic_id',
          message: row.clinicId === null ? 'empty: name one of your clinics' : 'not one of your clinics: you may ingest only for your own',
        });
      }
    }
    return allowed;
  }
}
