/**
 * The stored-while-read way (a PostgreSQL server, the store lock free): the read and store steps
 * at once, in one transaction opened before the file is read, each chunk of readings written by
 * COPY into the tables as it is read (streaming-store.ts), and the batch marked stored before the
 * commit. A file that turns out out of order, or to name a stored client, is rolled back: it is
 * then read again from its copy on disk and staged.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { ReadOutcomesResult } from '@threshold/ingest';
import type { QueryRunner } from 'typeorm';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import type { LoadingBatch } from '../batches/batch-records.js';
import { IngestRepository } from '../ingest.repository.js';
import { FileChecks } from '../read/file-checks.js';
import { asStagingFailure, readFailure } from '../read/read-failures.js';
import { readFile, rowPseudonyms, type FileRead } from '../read/read-file.js';
import { NotStorableWhileReading, type StreamingStore } from './streaming-store.js';

export type WhileReadOutcome =
  /** Written, not committed: mark the batch stored and commit (commit). */
  | { kind: 'written'; file: FileRead; inserted: number }
  /** The file has errors of its own: rolled back. */
  | { kind: 'refused'; file: FileRead }
  /** Rolled back: stage it instead. */
  | { kind: 'not storable' };

@Injectable()
export class StoreWhileRead {
  private readonly logger = new Logger('Ingest');

  constructor(
    private readonly repository: IngestRepository,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  /** The store transaction, opened before the file is read; null where the file must be staged (see IngestRepository.beginStreamingStore). */
  begin(batchId: string): Promise<StreamingStore | null> {
    return this.repository.beginStreamingStore(batchId);
  }

  /** Reads the file into the streaming store's transaction. Throws, rolled back, when the read fails (see readFailure). */
  async readInto(load: LoadingBatch, source: AsyncIterable<Uint8Array>, store: StreamingStore): Promise<WhileReadOutcome> {
    const pseudonyms = rowPseudonyms(load, this.pseudonyms);
    const checks = new FileChecks(load.clinicScope, pseudonyms, load.erasedClients);
    let result: ReadOutcomesResult;
    let inserted: number;
    try {
      result = await readFile(load, source, checks, pseudonyms, async (readings) => {
        if (!checks.runs.inOrder) throw new NotStorableWhileReading('out of order');
        await store.write(readings, checks.clients);
      });
      if (checks.refused(result)) {
        await store.abandon();
        return { kind: 'refused', file: { result, checks } };
      }
      inserted = await asStagingFailure(store.finish(checks.clients));
    } catch (error) {
      await store.abandon();
      if (error instanceof NotStorableWhileReading) {
        this.logger.log(
          `batch ${load.batch.id}: ${error.reason === 'out of order' ? 'not in client and session order' : 'names a stored client'}; read again from its copy and staged`,
        );
        return { kind: 'not storable' };
      }
      throw readFailure(error);
    }
    return { kind: 'written', file: { result, checks }, inserted };
  }

  /** Marks the batch stored (`markStored`, in the transaction) and commits; rolled back if either fails. */
  async commit(store: StreamingStore, markStored: (runner: QueryRunner) => Promise<void>): Promise<void> {
    try {
      await markStored(store.runner);
      await store.commit();
    } catch (error) {
      await store.abandon();
      throw error;
    }
  }
}
