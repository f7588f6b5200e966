/**
 * One ingest pipeline for every door (HTTP, the watch folder, the command line), with the same
 * validation as the report command (design.md principle 3). Its stages, a folder each:
 *
 *   receive/  the request's format (libs/ingest's registry of formats), the upload kept on disk as it arrives
 *   read/     the file read and validated by its format's reader (libs/ingest), checked by itself, pseudonymised
 *   stage/    its readings written to the batch's staging tables
 *   store/    checked against the stored data and stored, in one transaction
 *   batches/  the batch recorded: loading, then stored, refused or failed; progress, heartbeat, audit
 *
 * They run one of two ways, both all or nothing:
 *
 * - stored while read (a PostgreSQL server, the store lock free, a file in client and session
 *   order of new clients): in one transaction opened first, read and COPY into the tables
 *   (store/store-while-read.ts) -> refuse the whole batch on any error (roll back) -> else mark it
 *   stored (commit). A file that turns out otherwise is rolled back and read again from its copy
 *   on disk, staged;
 * - staged: read and stage (stage/staging.ts; unlogged staging tables, not data yet) -> refuse
 *   the whole batch on any error -> else in one transaction: check for conflicts (refuse on any:
 *   roll back), insert what is new and mark the batch stored (commit) (store/staged-store.ts).
 *
 * A process killed midway leaves nothing: PostgreSQL rolls the transaction back, and the batch
 * left 'loading' is marked failed (its staging dropped, its copy deleted) at the next start.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ReadOutcomesResult } from '@threshold/ingest';
import type { QueryRunner } from 'typeorm';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { BatchRecords, type BatchRequest, type IngestOutcome, type LoadingBatch } from './batches/batch-records.js';
import type { BatchView } from './batches/batch-view.js';
import { fileErrors, type FileRead } from './read/read-file.js';
import { readFailure, StagingFailure } from './read/read-failures.js';
import { formatOf } from './receive/request-format.js';
import { SpooledSource } from './receive/spooled-source.js';
import { StagingArea } from './stage/staging.js';
import { storeDisplayNames } from './store/display-names-store.js';
import { StagedStore, type StagedStoreOutcome } from './store/staged-store.js';
import { StoreWhileRead, type WhileReadOutcome } from './store/store-while-read.js';
import type { StreamingStore } from './store/streaming-store.js';

export type { IngestOutcome } from './batches/batch-records.js';

export interface IngestRequest extends BatchRequest {
  stream: AsyncIterable<Uint8Array>;
}

@Injectable()
export class IngestService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Ingest');

  constructor(
    private readonly batches: BatchRecords,
    private readonly staging: StagingArea,
    private readonly stagedStore: StagedStore,
    private readonly storeWhileRead: StoreWhileRead,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.failInterruptedBatches();
  }

  /** Marks failed the batches whose process stopped while loading them, and deletes the copies of their uploads (also run every minute by the jobs). */
  async failInterruptedBatches(): Promise<void> {
    await this.batches.failInterrupted(this.config.ingestStaleSeconds);
    const copies = await SpooledSource.removeStale(this.config.ingestStaleSeconds * 1000);
    if (copies > 0) this.logger.warn(`${copies} copies of uploads left by a stop were deleted`);
  }

  async ingest(request: IngestRequest): Promise<IngestOutcome> {
    const format = formatOf(request.filename, request.contentType);
    const load = await this.batches.open(request, format);
    try {
      const outcome = await this.load(load, request.stream);
      await this.batches.recordOutcome(request, outcome);
      return outcome;
    } finally {
      await this.batches.close(load);
    }
  }

  /**
   * On a PostgreSQL server with the store lock free, the file is first stored while it is read,
   * from a copy kept on disk as it arrives; if it turns out to be out of order or to name a stored
   * client, that is rolled back and the copy is read again, staged.
   */
  private async load(load: LoadingBatch, upload: AsyncIterable<Uint8Array>): Promise<IngestOutcome> {
    const store = await this.storeWhileRead.begin(load.batch.id);
    if (store === null) return this.loadStaged(load, upload);
    let spool: SpooledSource;
    try {
      spool = await SpooledSource.create(upload);
    } catch (error) {
      await store.abandon();
      throw await this.batches.fail(load, null, new StagingFailure(error));
    }
    try {
      const stored = await this.loadWhileStoring(load, spool, store);
      if (stored !== null) return stored;
      let again: AsyncIterable<Uint8Array>;
      try {
        again = await spool.replay();
      } catch (error) {
        throw await this.batches.fail(load, null, readFailure(error));
      }
      load.progress.bytesRead = 0;
      load.progress.rowsRead = 0;
      return await this.loadStaged(load, again);
    } finally {
      await spool.dispose();
    }
  }

  /** Read and store at once, then record; null when the file must be staged instead (rolled back). */
  private async loadWhileStoring(load: LoadingBatch, source: AsyncIterable<Uint8Array>, store: StreamingStore): Promise<IngestOutcome | null> {
    const started = performance.now();
    let written: WhileReadOutcome;
    try {
      written = await this.storeWhileRead.readInto(load, source, store);
    } catch (error) {
      throw await this.batches.fail(load, null, error as Error);
    }
    if (written.kind === 'not storable') return null;
    if (written.kind === 'refused') return this.batches.refuse(load, written.file.result, fileErrors(written.file));
    const { file, inserted } = written;
    load.progress.phase = 'storing';
    const readMs = performance.now() - started;
    try {
      await this.storeWhileRead.commit(store, (runner) => this.markStored(runner, load, file, inserted));
    } catch (error) {
      throw await this.notStored(load, file.result, error);
    }
    return this.batches.stored(load, inserted, { way: 'stored while read', started, readMs, checkMs: null });
  }

  /** Read into the staging tables, then check and store in the store transaction, then record. */
  private async loadStaged(load: LoadingBatch, source: AsyncIterable<Uint8Array>): Promise<IngestOutcome> {
    const started = performance.now();
    let file: FileRead;
    try {
      file = await this.staging.readInto(load, source);
    } catch (error) {
      throw await this.batches.fail(load, null, error as Error);
    }
    if (file.checks.refused(file.result)) {
      await this.staging.drop(load.batch.id);
      return this.batches.refuse(load, file.result, fileErrors(file));
    }
    load.progress.phase = 'storing';
    const readMs = performance.now() - started;
    let stored: StagedStoreOutcome;
    try {
      stored = await this.stagedStore.store(load, file, (runner, inserted) => this.markStored(runner, load, file, inserted));
    } catch (error) {
      throw await this.notStored(load, file.result, error);
    }
    if (stored.kind === 'conflicts') return this.batches.refuse(load, file.result, stored.refusal);
    return this.batches.stored(load, stored.inserted, { way: 'staged', started, readMs, checkMs: stored.checkMs });
  }

  /** The last writes of the store transaction: the names the file gave, and the batch marked stored. */
  private async markStored(runner: QueryRunner, load: LoadingBatch, file: FileRead, inserted: number): Promise<void> {
    await storeDisplayNames(runner, file.checks.names, load.batch.createdBy);
    await this.batches.markStored(runner, load, file.result, inserted);
  }

  /** A store transaction that failed (rolled back): the batch is marked failed, and the error is thrown as it was. */
  private async notStored(load: LoadingBatch, read: ReadOutcomesResult, error: unknown): Promise<unknown> {
    await this.batches.fail(load, read, new Error(`the batch could not be stored: ${(error as Error).message}`));
    return error;
  }

  /** A batch, with live progress while this process is loading it (answered without the database). */
  findBatch(id: string): Promise<BatchView | null> {
    return this.batches.find(id);
  }

  /**
   * Newest first; `createdBy` restricts the list to one sender's batches (an owner sees their own),
   * `uploadId` to the batch of one upload. A batch this process is loading is answered from memory,
   * without waiting for the database (see batches/ingest-progress.ts).
   */
  listBatches(limit: number, offset: number, where: { createdBy?: string; uploadId?: string } = {}): Promise<{ batches: BatchView[]; total: number }> {
    return this.batches.list(limit, offset, where);
  }
}
