/**
 * Rows naming a client erased at their request (the erased_clients table): an old file sent
 * again must not restore them silently. Each such row is an error on its client_id, unless the
 * sender confirmed (POST /api/ingest?confirmErased=1), in which case the set is empty.
 */
import type { MeasurementRow } from '@threshold/ingest';
import type { StoredIngestError } from '../../database/entities/ingest-batch.entity.js';
import type { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import { MAX_STORED_ERRORS } from '../batches/batch-records.js';

export const ERASED_CLIENT_MESSAGE =
  'this client was erased at their request: send the file again with confirmErased=1 only if they are to be stored again';

export class ErasedClientRows {
  count = 0;
  readonly errors: StoredIngestError[] = [];

  constructor(
    /** Stored keys of the erased clients. */
    private readonly erased: ReadonlySet<string>,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  check(rows: readonly MeasurementRow[]): void {
    if (this.erased.size === 0) return;
    for (const row of rows) {
      if (!this.erased.has(this.pseudonyms.key('client', row.clientId))) continue;
      this.count++;
      if (this.errors.length < MAX_STORED_ERRORS) this.errors.push({ line: row.line, column: 'client_id', message: ERASED_CLIENT_MESSAGE });
    }
  }
}
