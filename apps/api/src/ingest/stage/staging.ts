/**
 * The stage step of the staged way: the file read into the batch's staging tables (unlogged, not
 * data yet; see ingest.repository.ts and staging-writer.ts), its readings chunk by chunk as they
 * are read and its clients once at the end. The store step then checks and stores them in one
 * transaction (store/staged-store.ts).
 */
import { Injectable } from '@nestjs/common';
import type { ReadOutcomesResult } from '@threshold/ingest';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import type { LoadingBatch } from '../batches/batch-records.js';
import { IngestRepository } from '../ingest.repository.js';
import { FileChecks } from '../read/file-checks.js';
import { asStagingFailure, readFailure } from '../read/read-failures.js';
import { readFile, rowPseudonyms, type FileRead } from '../read/read-file.js';
import type { StagingWriter } from './staging-writer.js';

@Injectable()
export class StagingArea {
  constructor(
    private readonly repository: IngestRepository,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  /**
   * Reads the file into its staging tables. A file with errors of its own has its clients left
   * unstaged (it is refused: drop its staging). Throws, the staging dropped, when the read fails
   * (see readFailure for whose failure it is) or the staging cannot be made.
   */
  async readInto(load: LoadingBatch, source: AsyncIterable<Uint8Array>): Promise<FileRead> {
    const batchId = load.batch.id;
    const pseudonyms = rowPseudonyms(load, this.pseudonyms);
    const checks = new FileChecks(load.clinicScope, pseudonyms, load.erasedClients);
    let staging: StagingWriter;
    try {
      await this.repository.createStaging(batchId);
      staging = await this.repository.openStagingWriter(batchId);
    } catch (error) {
      await this.repository.dropStaging(batchId);
      throw error;
    }
    let result: ReadOutcomesResult;
    try {
      result = await readFile(load, source, checks, pseudonyms, (readings) => staging.writeReadings(readings));
      if (!checks.refused(result)) await asStagingFailure(staging.writeClients(checks.clients));
    } catch (error) {
      await staging.close();
      await this.repository.dropStaging(batchId);
      throw readFailure(error);
    }
    await staging.close();
    return { result, checks };
  }

  async drop(batchId: string): Promise<void> {
    await this.repository.dropStaging(batchId);
  }
}
