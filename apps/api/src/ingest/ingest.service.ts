/**
 * One ingest pipeline for three doors (HTTP, the watch folder, the command line), with the same
 * validation as the report command (design.md principle 3). Each batch is recorded, then stored
 * one of two ways, both all or nothing:
 *
 * - stored while read (a PostgreSQL server, the store lock free, a file in client and session
 *   order of new clients): in one transaction opened first, stream parse, validate, convert,
 *   pseudonymise and COPY into the tables (streaming-store.ts) -> refuse the whole batch on any
 *   error (roll back) -> else mark it stored (commit). A file that turns out otherwise is rolled
 *   back and read again from its copy on disk, staged;
 * - staged: stream parse, validate, convert, pseudonymise, stage (unlogged staging tables, not
 *   data yet) -> refuse the whole batch on any error -> else in one transaction: check for
 *   conflicts (refuse on any: roll back), insert what is new and mark the batch stored (commit).
 *
 * A process killed midway leaves nothing: PostgreSQL rolls the transaction back, and the batch
 * left 'loading' is marked failed (its staging dropped, its copy deleted) at the next start.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { detectFormat, readOutcomes, unknownUploadFormatMessage, type MeasurementRow, type OutcomesFormat, type ReadOutcomesResult } from '@threshold/ingest';
import { AuditService } from '../audit/audit.service.js';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { DataChanges } from '../database/data-changes.js';
import type { IngestBatchEntity, IngestSource, StoredIngestError } from '../database/entities/ingest-batch.entity.js';
import { rollBackAndRelease } from '../database/query-runners.js';
import { Pseudonymizer } from '../pseudonyms/pseudonymizer.js';
import { BatchHeartbeat } from './batch-heartbeat.js';
import { toBatchView, type BatchView } from './batch-view.js';
import { IngestProgressRegistry, type IngestProgress } from './ingest-progress.js';
import { IngestRepository } from './ingest.repository.js';
import { BatchClients } from './batch-clients.js';
import { SessionRuns } from './session-runs.js';
import { SpooledSource, SpoolWriteError } from './spooled-source.js';
import { stageReadings, type StagedReading } from './staged-row.js';
import { NotStorableWhileReading, type StreamingStore } from './streaming-store.js';

/** A batch being loaded: what every step of its loading needs. */
interface BatchLoad {
  batch: IngestBatchEntity;
  format: OutcomesFormat;
  progress: IngestProgress;
  /** See IngestRequest.clinicScope. */
  clinicScope: readonly string[] | undefined;
}

/** Errors kept with a batch (all are counted). */
export const MAX_STORED_ERRORS = 100;

/**
 * Rows handed over and staged at a time. Small enough that a chunk's rows and its COPY text (about
 * 170 KB) stay out of V8's large-object space: with 10,000 rows a chunk (850 KB of text) a 1 GB
 * upload left the server at twice the resident memory, for no gain in speed.
 */
const INGEST_BATCH_ROWS = 2000;

export interface IngestRequest {
  source: IngestSource;
  /** The sender's name for this upload, to find its batch while it loads (see GET /api/ingest/batches?uploadId=). */
  uploadId?: string | null;
  /** The file's name, if it has one: recorded, and used to tell the format when the content type does not. */
  filename: string | null;
  contentType: string | null;
  stream: AsyncIterable<Uint8Array>;
  /** Size announced (Content-Length, file size), for progress. */
  bytesTotal: number | null;
  createdBy: string;
  /**
   * Stored keys of the clinics the sender may ingest for (an owner's); every row must name one of
   * them in clinic_id. Undefined: any clinic (admin, watch folder, command line).
   */
  clinicScope?: readonly string[];
}

export interface IngestOutcome {
  batch: BatchView;
  /** The errors that refused the batch (empty when stored). */
  errors: StoredIngestError[];
}

/** The input stream failed (a client that went away, a body over the limit): nothing was stored. */
export class IngestReadError extends Error {
  constructor(cause: unknown) {
    super(`the input could not be read to its end: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'IngestReadError';
  }
}

/** The database failed while rows were staged: a server error, not the sender's. */
export class StagingFailure extends Error {
  constructor(cause: unknown) {
    super(`the rows could not be staged: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StagingFailure';
  }
}

/**
 * A write whose failure is the database's, told apart from the input's (IngestReadError). A file
 * found not storable while read passes through: it is staged instead.
 */
function asStagingFailure<T>(write: Promise<T>): Promise<T> {
  return write.catch((error: unknown) => {
    throw error instanceof NotStorableWhileReading ? error : new StagingFailure(error);
  });
}

/** Why a read failed: the database's (StagingFailure), the spool's disk, or else the input's. */
function readFailure(error: unknown): Error {
  return error instanceof StagingFailure || error instanceof SpoolWriteError ? error : new IngestReadError(error);
}

const FILE_HAS_ERRORS = 'the file has errors; nothing was stored';

export class UnsupportedFormatError extends Error {
  constructor(filename: string | null, contentType: string | null) {
    super(unknownUploadFormatMessage(filename, contentType));
    this.name = 'UnsupportedFormatError';
  }
}

@Injectable()
export class IngestService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Ingest');

  constructor(
    private readonly repository: IngestRepository,
    private readonly progress: IngestProgressRegistry,
    private readonly pseudonyms: Pseudonymizer,
    private readonly audit: AuditService,
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
    private readonly changes: DataChanges,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.failInterruptedBatches();
  }

  /** Marks failed the batches whose process stopped while loading them, and deletes the copies of their uploads (also run every minute by the jobs). */
  async failInterruptedBatches(): Promise<void> {
    const failed = await this.repository.failInterruptedBatches(this.config.ingestStaleSeconds);
    if (failed.length > 0) this.logger.warn(`batches ${failed.join(', ')} were interrupted by a stop and are marked failed`);
    const copies = await SpooledSource.removeStale(this.config.ingestStaleSeconds * 1000);
    if (copies > 0) this.logger.warn(`${copies} copies of uploads left by a stop were deleted`);
  }

  /** The format of a request, or UnsupportedFormatError: checked before anything is recorded. */
  formatOf(filename: string | null, contentType: string | null): OutcomesFormat {
    const format = detectFormat(filename ?? undefined, contentType ?? undefined);
    if (format === undefined) throw new UnsupportedFormatError(filename, contentType);
    return format;
  }

  async ingest(request: IngestRequest): Promise<IngestOutcome> {
    const format = this.formatOf(request.filename, request.contentType);
    const batch = await this.repository.createBatch({
      source: request.source,
      uploadId: request.uploadId ?? null,
      filename: request.filename,
      contentType: request.contentType,
      format,
      bytesTotal: request.bytesTotal,
      createdBy: request.createdBy,
    });
    const progress = this.progress.start(batch);
    const heartbeat = BatchHeartbeat.start(this.repository, batch.id, progress);
    try {
      const outcome = await this.load({ batch, format, progress, clinicScope: request.clinicScope }, request.stream);
      await this.audit.record({
        actor: request.createdBy,
        action: 'ingest',
        target: `batch ${batch.id}`,
        detail: {
          source: request.source,
          status: outcome.batch.status,
          inserted: outcome.batch.inserted,
          duplicates: outcome.batch.duplicates,
          errorCount: outcome.batch.errorCount,
        },
      });
      this.logger.log(
        `batch ${batch.id} (${request.source}${request.filename ? ` ${request.filename}` : ''}): ${outcome.batch.status}, ` +
          `${outcome.batch.inserted} inserted, ${outcome.batch.duplicates} duplicates, ${outcome.batch.errorCount} errors`,
      );
      return outcome;
    } finally {
      await heartbeat.stop();
      this.progress.finish(batch.id);
    }
  }

  /**
   * On a PostgreSQL server with the store lock free, the file is first stored while it is read
   * (streaming-store.ts), from a copy kept on disk as it arrives; if it turns out to be out of
   * order or to name a stored client, that is rolled back and the copy is read again, staged.
   */
  private async load(load: BatchLoad, stream: AsyncIterable<Uint8Array>): Promise<IngestOutcome> {
    const { batch, progress } = load;
    const store = await this.repository.beginStreamingStore(batch.id);
    if (store === null) return this.loadStaged(load, stream);
    let spool: SpooledSource;
    try {
      spool = await SpooledSource.create(stream);
    } catch (error) {
      await store.abandon();
      throw await this.fail(batch.id, progress, null, new StagingFailure(error));
    }
    try {
      const stored = await this.loadWhileStoring(load, spool, store);
      if (stored !== null) return stored;
      let again: AsyncIterable<Uint8Array>;
      try {
        again = await spool.replay();
      } catch (error) {
        throw await this.fail(batch.id, progress, null, readFailure(error));
      }
      progress.bytesRead = 0;
      progress.rowsRead = 0;
      return await this.loadStaged(load, again);
    } finally {
      await spool.dispose();
    }
  }

  /** Reads and stores the file in the streaming store's transaction; null when it must be staged instead (rolled back). */
  private async loadWhileStoring(load: BatchLoad, source: AsyncIterable<Uint8Array>, store: StreamingStore): Promise<IngestOutcome | null> {
    const { batch, progress } = load;
    const started = performance.now();
    const file = new FileChecks(load.clinicScope, this.pseudonyms);
    let read: ReadOutcomesResult;
    let inserted: number;
    try {
      read = await this.read(load, source, file, async (readings) => {
        if (!file.runs.inOrder) throw new NotStorableWhileReading('out of order');
        await store.write(readings, file.clients);
      });
      if (file.refused(read)) {
        await store.abandon();
        return this.refuse(batch.id, read, file.errorCount(read), file.errors(read), FILE_HAS_ERRORS);
      }
      inserted = await asStagingFailure(store.finish(file.clients));
    } catch (error) {
      await store.abandon();
      if (error instanceof NotStorableWhileReading) {
        this.logger.log(`batch ${batch.id}: ${error.reason === 'out of order' ? 'not in client and session order' : 'names a stored client'}; read again from its copy and staged`);
        return null;
      }
      throw await this.fail(batch.id, progress, null, readFailure(error));
    }
    progress.phase = 'storing';
    const readMs = performance.now() - started;
    try {
      await this.repository.finishStored(store.runner, batch.id, {
        bytesRead: read.bytesRead,
        rowsRead: read.rowCount,
        inserted,
        duplicates: read.rowCount - inserted,
        checksum: read.checksum,
        message: storedMessage(inserted, read.rowCount - inserted, null),
      });
      await store.commit();
    } catch (error) {
      await store.abandon();
      await this.fail(batch.id, progress, read, new Error(`the batch could not be stored: ${(error as Error).message}`));
      throw error;
    }
    return this.stored(batch.id, inserted, started, { way: 'stored while read', readMs, checkMs: null });
  }

  /** Reads the file into its staging tables, then checks and stores it in the store transaction (see ingest.repository.ts). */
  private async loadStaged(load: BatchLoad, stream: AsyncIterable<Uint8Array>): Promise<IngestOutcome> {
    const { batch, progress } = load;
    const started = performance.now();
    const file = new FileChecks(load.clinicScope, this.pseudonyms);
    await this.repository.createStaging(batch.id);
    const staging = await this.repository.openStagingWriter(batch.id);

    let read: ReadOutcomesResult;
    try {
      read = await this.read(load, stream, file, (readings) => staging.writeReadings(readings));
      if (!file.refused(read)) await asStagingFailure(staging.writeClients(file.clients));
    } catch (error) {
      await staging.close();
      await this.repository.dropStaging(batch.id);
      throw await this.fail(batch.id, progress, null, readFailure(error));
    }
    await staging.close();
    if (file.refused(read)) {
      await this.repository.dropStaging(batch.id);
      return this.refuse(batch.id, read, file.errorCount(read), file.errors(read), FILE_HAS_ERRORS);
    }
    const order = { inSessionOrder: file.runs.inOrder };

    progress.phase = 'storing';
    const readMs = performance.now() - started;
    // The one transaction that writes: the connection is released before any other query is
    // awaited, since on the embedded database it is the only one.
    const runner = await this.repository.beginStoreTransaction();
    let outcome: 'stored' | 'conflicts' = 'stored';
    let conflicts: { count: number; errors: StoredIngestError[] } = { count: 0, errors: [] };
    let checkMs = 0;
    let inserted = 0;
    try {
      await this.repository.listBatchClients(runner, batch.id);
      // An owner's file naming another clinic's client is refused before any stored row of that
      // client is compared with it (the comparison's errors would tell them what is stored).
      if (load.clinicScope !== undefined) {
        conflicts = await this.repository.findClientsOfOtherClinics(runner, batch.id, load.clinicScope, MAX_STORED_ERRORS);
      }
      if (conflicts.count === 0) conflicts = await this.repository.findConflicts(runner, batch.id, order, MAX_STORED_ERRORS);
      checkMs = performance.now() - started - readMs;
      if (conflicts.count > 0) {
        outcome = 'conflicts';
        await runner.rollbackTransaction();
      } else {
        const stored = await this.repository.store(runner, batch.id, order);
        // Every row read was staged: a batch with any bad or out-of-scope row is refused before.
        const duplicates = read.rowCount - stored.inserted;
        const sameFile = await this.repository.findStoredByChecksum(read.checksum, { exceptId: batch.id, runner });
        await this.repository.finishStored(runner, batch.id, {
          bytesRead: read.bytesRead,
          rowsRead: read.rowCount,
          inserted: stored.inserted,
          duplicates,
          checksum: read.checksum,
          message: storedMessage(stored.inserted, duplicates, sameFile),
        });
        await runner.commitTransaction();
        inserted = stored.inserted;
      }
    } catch (error) {
      await rollBackAndRelease(runner);
      await this.repository.dropStaging(batch.id);
      await this.fail(batch.id, progress, read, new Error(`the batch could not be stored: ${(error as Error).message}`));
      throw error;
    }
    await runner.release();
    if (outcome === 'conflicts') {
      await this.repository.dropStaging(batch.id);
      return this.refuse(batch.id, read, conflicts.count, conflicts.errors, 'the file contradicts itself or the stored data; nothing was stored');
    }
    return this.stored(batch.id, inserted, started, { way: 'staged', readMs, checkMs });
  }

  /**
   * Reads, validates and converts the file, handing its readings to `write` chunk by chunk (rows
   * of other clinics are counted, not handed), and keeps the batch's progress up to date.
   */
  private read(
    { format, progress }: BatchLoad,
    source: AsyncIterable<Uint8Array>,
    file: FileChecks,
    write: (readings: StagedReading[]) => Promise<void>,
  ): Promise<ReadOutcomesResult> {
    return readOutcomes(source, format, {
      maxErrors: MAX_STORED_ERRORS,
      batchSize: INGEST_BATCH_ROWS,
      // Rows given twice are found per session by SessionRuns, or in the database for a file out
      // of order: the reader's whole-file index would hold every row's key (400 MB for 1 GB).
      findDuplicates: false,
      onProgress: (bytes) => {
        progress.bytesRead = bytes;
      },
      onBatch: async (rows) => {
        const allowed = file.outOfScope.filter(rows);
        if (file.outOfScope.count > 0) return; // refused anyway: write nothing more
        await asStagingFailure(write(stageReadings(allowed, this.pseudonyms, file.clients, file.runs)));
        progress.rowsRead += rows.length;
      },
    });
  }

  /** Marks the batch failed (nothing stored) and answers the error to throw. */
  private async fail(batchId: string, progress: IngestProgress, read: ReadOutcomesResult | null, failure: Error): Promise<Error> {
    await this.repository.finishUnstored(batchId, 'failed', {
      bytesRead: read?.bytesRead ?? progress.bytesRead,
      rowsRead: read?.rowCount ?? progress.rowsRead,
      errorCount: 0,
      errors: [],
      checksum: read?.checksum ?? null,
      message: failure.message,
    });
    return failure;
  }

  /**
   * After a batch's commit: the reports told, and a log line of where the time went (`started`:
   * when its reading began), which the bench reads. The planner's statistics are then refreshed if
   * need be, after the answer (see DataChanges), with a log line of their own.
   */
  private async stored(
    batchId: string,
    inserted: number,
    started: number,
    phases: { way: 'stored while read' | 'staged'; readMs: number; checkMs: number | null },
  ): Promise<IngestOutcome> {
    const inSeconds = (ms: number) => Number((ms / 1000).toFixed(3));
    this.logger.log({
      event: 'batch stored',
      batch: batchId,
      way: phases.way,
      readSeconds: inSeconds(phases.readMs),
      checkSeconds: phases.checkMs === null ? null : inSeconds(phases.checkMs),
      committedAfterSeconds: inSeconds(performance.now() - started),
    });
    // The answer's view first: on the embedded database's one connection it would wait for ANALYZE.
    const view = await this.view(batchId);
    if (inserted > 0) {
      this.changes.notify();
      this.changes.followWith(`the planner's statistics after batch ${batchId}`, async () => {
        const analysing = performance.now();
        const analysed = await this.repository.analyzeStoredTables(inserted);
        this.logger.log({
          event: 'planner statistics',
          batch: batchId,
          analysed,
          seconds: inSeconds(performance.now() - analysing),
          afterSeconds: inSeconds(performance.now() - started),
        });
      });
    }
    return { batch: view, errors: [] };
  }

  private async refuse(
    batchId: string,
    read: ReadOutcomesResult,
    errorCount: number,
    errors: StoredIngestError[],
    message: string,
  ): Promise<IngestOutcome> {
    await this.repository.finishUnstored(batchId, 'refused', {
      bytesRead: read.bytesRead,
      rowsRead: read.rowCount,
      errorCount,
      errors,
      checksum: read.checksum,
      message,
    });
    return { batch: await this.view(batchId), errors };
  }

  /** A batch, with live progress while this process is loading it (answered without the database). */
  async findBatch(id: string): Promise<BatchView | null> {
    const loading = this.progress.get(id);
    if (loading !== undefined) return toBatchView(loading.batch, loading.progress);
    const batch = await this.repository.findBatch(id);
    return batch === null ? null : toBatchView(batch);
  }

  /**
   * Newest first; `createdBy` restricts the list to one sender's batches (an owner sees their own),
   * `uploadId` to the batch of one upload. A batch this process is loading is answered from memory,
   * without waiting for the database (see ingest-progress.ts).
   */
  async listBatches(
    limit: number,
    offset: number,
    where: { createdBy?: string; uploadId?: string } = {},
  ): Promise<{ batches: BatchView[]; total: number }> {
    if (where.uploadId !== undefined) {
      const loading = this.progress.findByUpload(where.uploadId);
      if (loading !== undefined && (where.createdBy === undefined || loading.batch.createdBy === where.createdBy)) {
        return { batches: [toBatchView(loading.batch, loading.progress)], total: 1 };
      }
    }
    const { batches, total } = await this.repository.listBatches(limit, offset, where);
    return {
      batches: batches.map((batch) => {
        const loading = this.progress.get(batch.id);
        return toBatchView(loading?.batch ?? batch, loading?.progress);
      }),
      total,
    };
  }

  private async view(id: string): Promise<BatchView> {
    const batch = await this.repository.findBatch(id);
    if (batch === null) throw new Error(`batch ${id} vanished`);
    return toBatchView(batch);
  }
}

/**
 * What a file is checked for by itself while it is read, whatever the database holds: rows of
 * clinics the sender may not ingest for, and (while the file is in session order, see
 * SessionRuns) sessions described in two ways and readings given twice; with the batch's clients.
 */
class FileChecks {
  readonly outOfScope: OutOfScopeRows;
  readonly clients: BatchClients;
  readonly runs = new SessionRuns(MAX_STORED_ERRORS);

  constructor(clinicScope: readonly string[] | undefined, pseudonyms: Pseudonymizer) {
    this.outOfScope = new OutOfScopeRows(clinicScope, pseudonyms);
    this.clients = new BatchClients(pseudonyms);
  }

  /** Whether the file is refused whatever the database holds: bad rows, or any of the above. */
  refused(read: ReadOutcomesResult): boolean {
    return read.errorCount > 0 || this.outOfScope.count > 0 || this.runs.withinFileErrors.count > 0;
  }

  errorCount(read: ReadOutcomesResult): number {
    return read.errorCount + this.outOfScope.count + this.runs.withinFileErrors.count;
  }

  /** The first errors, by line. */
  errors(read: ReadOutcomesResult): StoredIngestError[] {
    return [...read.errors, ...this.outOfScope.errors, ...this.runs.withinFileErrors.errors].sort((a, b) => a.line - b.line).slice(0, MAX_STORED_ERRORS);
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

function storedMessage(inserted: number, duplicates: number, sameFile: string | null): string | null {
  if (inserted === 0) return `nothing new: every reading was already stored${sameFile === null ? '' : ` (the same file as batch ${sameFile})`}`;
  return duplicates > 0 ? `${duplicates} readings were already stored and were left as they are` : null;
}
