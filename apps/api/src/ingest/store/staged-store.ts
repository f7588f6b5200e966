/**
 * The store step of the staged way: in one transaction under the store lock, the staged rows are
 * checked against each other and against what is stored (refused, rolled back, on any conflict),
 * then written, and the batch marked stored, before the commit (see ingest.repository.ts).
 */
import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { StoredIngestError } from '../../database/entities/ingest-batch.entity.js';
import { rollBackAndRelease } from '../../database/query-runners.js';
import { MAX_STORED_ERRORS, type LoadingBatch } from '../batches/batch-records.js';
import { IngestRepository, type StagedOrder } from '../ingest.repository.js';
import type { FileRead } from '../read/read-file.js';

export type StagedStoreOutcome =
  | { kind: 'stored'; inserted: number; checkMs: number }
  | { kind: 'conflicts'; refusal: { errorCount: number; errors: StoredIngestError[]; message: string } };

@Injectable()
export class StagedStore {
  constructor(private readonly repository: IngestRepository) {}

  /**
   * Checks and stores the batch's staged rows; `markStored` records the batch in the same
   * transaction. The staging tables are gone afterwards, however it went (on a throw too, after
   * the rollback).
   */
  async store(load: LoadingBatch, { checks }: FileRead, markStored: (runner: QueryRunner, inserted: number) => Promise<void>): Promise<StagedStoreOutcome> {
    const batchId = load.batch.id;
    const order: StagedOrder = { inSessionOrder: checks.runs.inOrder };
    const checking = performance.now();
    // The one transaction that writes: the connection is released before any other query is
    // awaited, since on the embedded database it is the only one.
    let runner: QueryRunner;
    try {
      runner = await this.repository.beginStoreTransaction();
    } catch (error) {
      await this.repository.dropStaging(batchId);
      throw error;
    }
    let outcome: StagedStoreOutcome;
    try {
      await this.repository.listBatchClients(runner, batchId);
      const conflicts = await this.findConflicts(runner, load, order);
      if (conflicts.count > 0) {
        await runner.rollbackTransaction();
        outcome = {
          kind: 'conflicts',
          refusal: { errorCount: conflicts.count, errors: conflicts.errors, message: 'the file contradicts itself or the stored data; nothing was stored' },
        };
      } else {
        const checkMs = performance.now() - checking;
        const { inserted } = await this.repository.store(runner, batchId, order);
        await markStored(runner, inserted);
        await runner.commitTransaction();
        outcome = { kind: 'stored', inserted, checkMs };
      }
    } catch (error) {
      await rollBackAndRelease(runner);
      await this.repository.dropStaging(batchId);
      throw error;
    }
    await runner.release();
    if (outcome.kind === 'conflicts') await this.repository.dropStaging(batchId);
    return outcome;
  }

  /**
   * An owner's file naming another clinic's client is refused before any stored row of that
   * client is compared with it (the comparison's errors would tell them what is stored); else the
   * file's conflicts within itself and with the stored data.
   */
  private async findConflicts(runner: QueryRunner, load: LoadingBatch, order: StagedOrder): Promise<{ count: number; errors: StoredIngestError[] }> {
    const batchId = load.batch.id;
    if (load.clinicScope !== undefined) {
      const others = await this.repository.findClientsOfOtherClinics(runner, batchId, load.clinicScope, MAX_STORED_ERRORS);
      if (others.count > 0) return others;
    }
    return this.repository.findConflicts(runner, batchId, order, MAX_STORED_ERRORS);
  }
}
