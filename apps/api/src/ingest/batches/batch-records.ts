/**
 * The last stage of every ingest, and the first: the batch's record. A batch is recorded 'loading'
 * before its file is read (with its progress in memory and a heartbeat in the database while it
 * loads), then ended one of three ways: stored (in the store transaction, with its rows), refused
 * (the sender's errors), or failed (the server's); and the audit log and a log line say how.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { OutcomesFormat, ReadOutcomesResult, SpreadsheetMapping } from '@threshold/ingest';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { DataChanges } from '../../database/data-changes.js';
import type { IngestBatchEntity, IngestSource, StoredIngestError } from '../../database/entities/ingest-batch.entity.js';
import { IngestRepository } from '../ingest.repository.js';
import { BatchHeartbeat } from './batch-heartbeat.js';
import { toBatchView, type BatchView } from './batch-view.js';
import { isConnectionLoss } from './connection-loss.js';
import { IngestProgressRegistry, type IngestProgress } from './ingest-progress.js';

/** Errors kept with a batch (all are counted). */
export const MAX_STORED_ERRORS = 100;

/** A batch being loaded: what every stage of its loading needs. */
export interface LoadingBatch {
  batch: IngestBatchEntity;
  format: OutcomesFormat;
  progress: IngestProgress;
  /** See BatchRequest.clinicScope. */
  clinicScope: readonly string[] | undefined;
  /** Stored keys of erased clients, whose rows are refused; empty when the sender confirmed (BatchRequest.confirmErased). */
  erasedClients: ReadonlySet<string>;
  /** See BatchRequest.mapping. */
  mapping?: SpreadsheetMapping;
  /** See BatchRequest.placeKeysStored. */
  placeKeysStored?: boolean;
}

/** What a batch is recorded with when it starts (an IngestRequest but its stream). */
export interface BatchRequest {
  source: IngestSource;
  /** The sender's name for this upload, to find its batch while it loads (see GET /api/ingest/batches?uploadId=). */
  uploadId?: string | null;
  /** The file's name, if it has one: recorded, and used to tell the format when the content type does not. */
  filename: string | null;
  contentType: string | null;
  /** Size announced (Content-Length, file size), for progress. */
  bytesTotal: number | null;
  createdBy: string;
  /**
   * Stored keys of the clinics the sender may ingest for (an owner's); every row must name one of
   * them in clinic_id. Undefined: any clinic (admin, watch folder, command line).
   */
  clinicScope?: readonly string[];
  /** The sender knows the file names clients erased at their request, and means to store them again. */
  confirmErased?: boolean;
  /** A spreadsheet in the clinic's own layout: how its columns map to the contract's (libs/ingest, mapping/). */
  mapping?: SpreadsheetMapping;
  /**
   * The rows' clinic_id and therapist_id are stored keys already, not the clinic's own ids: the
   * session form takes them from the signed-in user's account, which holds only keys (users/).
   * Client ids are hashed as ever.
   */
  placeKeysStored?: boolean;
  /** A repeat of the same key by the same sender answers this batch (ingest/form/idempotent-batches.ts). */
  idempotency?: { key: string; requestChecksum: string };
}

export interface IngestOutcome {
  batch: BatchView;
  /** The errors that refused the batch (empty when stored). */
  errors: StoredIngestError[];
}

/** How a stored batch went, for its log line (which the bench reads). */
export interface StoredPhases {
  way: 'stored while read' | 'staged' | 'correction';
  /** When its reading began (performance.now()). */
  started: number;
  readMs: number;
  checkMs: number | null;
}

/** Tries at recording a failed batch when the connections it lands on turn out to be cut. */
const FAIL_RECORD_ATTEMPTS = 5;

@Injectable()
export class BatchRecords {
  private readonly logger = new Logger('Ingest');
  private readonly heartbeats = new Map<string, BatchHeartbeat>();

  constructor(
    private readonly repository: IngestRepository,
    private readonly progress: IngestProgressRegistry,
    private readonly audit: AuditService,
    private readonly changes: DataChanges,
  ) {}

  /** Records the batch 'loading', and follows it: progress in memory, a heartbeat in the database (see batch-heartbeat.ts). */
  async open(request: BatchRequest, format: OutcomesFormat, correction?: { kind: 'correction'; reason: string }): Promise<LoadingBatch> {
    const batch = await this.repository.createBatch({
      ...correction,
      source: request.source,
      uploadId: request.uploadId ?? null,
      filename: request.filename,
      contentType: request.contentType,
      format,
      bytesTotal: request.bytesTotal,
      createdBy: request.createdBy,
      idempotencyKey: request.idempotency?.key ?? null,
      requestChecksum: request.idempotency?.requestChecksum ?? null,
    });
    const progress = this.progress.start(batch);
    this.heartbeats.set(batch.id, BatchHeartbeat.start(this.repository, batch.id, progress));
    const erasedClients = request.confirmErased === true ? new Set<string>() : await this.repository.erasedClientKeys();
    return { batch, format, progress, clinicScope: request.clinicScope, erasedClients, mapping: request.mapping, placeKeysStored: request.placeKeysStored };
  }

  /** Stops following the batch, however it ended. */
  async close(load: LoadingBatch): Promise<void> {
    await this.heartbeats.get(load.batch.id)?.stop();
    this.heartbeats.delete(load.batch.id);
    this.progress.finish(load.batch.id);
  }

  /** The audit log's entry and the log line of an ended batch. */
  async recordOutcome(request: BatchRequest, outcome: IngestOutcome): Promise<void> {
    const { batch } = outcome;
    await this.audit.record({
      actor: request.createdBy,
      action: 'ingest',
      target: `batch ${batch.id}`,
      detail: {
        source: request.source,
        status: batch.status,
        inserted: batch.inserted,
        duplicates: batch.duplicates,
        errorCount: batch.errorCount,
      },
    });
    this.logger.log(
      `batch ${batch.id} (${request.source}${request.filename ? ` ${request.filename}` : ''}): ${batch.status}, ` +
        `${batch.inserted} inserted, ${batch.duplicates} duplicates, ${batch.errorCount} errors`,
    );
  }

  /**
   * Marks the batch stored, in the store transaction (`runner`): its rows and its status commit
   * together. A batch that stored nothing new says whether it is a file stored before.
   */
  async markStored(runner: QueryRunner, load: LoadingBatch, read: ReadOutcomesResult, inserted: number): Promise<void> {
    const batchId = load.batch.id;
    // Every row read was written or found stored: a batch with any bad or out-of-scope row is refused before.
    const duplicates = read.rowCount - inserted;
    const sameFile = inserted === 0 ? await this.repository.findStoredByChecksum(read.checksum, { exceptId: batchId, runner }) : null;
    await this.repository.finishStored(runner, batchId, {
      bytesRead: read.bytesRead,
      rowsRead: read.rowCount,
      inserted,
      duplicates,
      checksum: read.checksum,
      message: storedMessage(inserted, duplicates, sameFile),
    });
  }

  /**
   * After a batch's commit: the reports told, and a log line of where the time went, which the
   * bench reads. The planner's statistics are then refreshed if need be, after the answer (see
   * DataChanges), with a log line of their own.
   */
  async stored(load: LoadingBatch, inserted: number, phases: StoredPhases): Promise<IngestOutcome> {
    const batchId = load.batch.id;
    const inSeconds = (ms: number) => Number((ms / 1000).toFixed(3));
    this.logger.log({
      event: 'batch stored',
      batch: batchId,
      way: phases.way,
      readSeconds: inSeconds(phases.readMs),
      checkSeconds: phases.checkMs === null ? null : inSeconds(phases.checkMs),
      committedAfterSeconds: inSeconds(performance.now() - phases.started),
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
          afterSeconds: inSeconds(performance.now() - phases.started),
        });
        if (!analysed) return;
        // Reports need the statistics, not the vacuum: they do not wait for it.
        this.changes.followInBackground(`the vacuum of report cells after batch ${batchId}`, async () => {
          const vacuuming = performance.now();
          const vacuumed = await this.repository.vacuumReportCells();
          this.logger.log({ event: 'report cells vacuumed', batch: batchId, vacuumed, seconds: inSeconds(performance.now() - vacuuming) });
        });
      });
    }
    return { batch: view, errors: [] };
  }

  /** Marks the batch refused: the sender's errors, nothing stored. */
  async refuse(
    load: LoadingBatch,
    read: ReadOutcomesResult,
    refusal: { errorCount: number; errors: StoredIngestError[]; message: string },
  ): Promise<IngestOutcome> {
    await this.repository.finishUnstored(load.batch.id, 'refused', {
      bytesRead: read.bytesRead,
      rowsRead: read.rowCount,
      errorCount: refusal.errorCount,
      errors: refusal.errors,
      checksum: read.checksum,
      message: refusal.message,
    });
    return { batch: await this.view(load.batch.id), errors: refusal.errors };
  }

  /** Marks the batch failed (the server's failure, nothing stored) and answers the error to throw. */
  async fail(load: LoadingBatch, read: ReadOutcomesResult | null, failure: Error): Promise<Error> {
    const record = () =>
      this.repository.finishUnstored(load.batch.id, 'failed', {
        bytesRead: read?.bytesRead ?? load.progress.bytesRead,
        rowsRead: read?.rowCount ?? load.progress.rowsRead,
        errorCount: 0,
        errors: [],
        checksum: read?.checksum ?? null,
        message: failure.message,
      });
    // When every connection of the pool was cut, the first tries may land on connections that are
    // dead too (the pool drops each as it fails): try again on a fresh one, so that the batch is
    // failed at once rather than left loading until the stale sweep.
    for (let attempt = 1; ; attempt++) {
      try {
        await record();
        return failure;
      } catch (error) {
        if (attempt >= FAIL_RECORD_ATTEMPTS || !isConnectionLoss(error)) throw error;
      }
    }
  }

  /** Marks failed the batches whose process stopped while loading them (see IngestRepository.failInterruptedBatches). */
  async failInterrupted(staleAfterSeconds: number): Promise<void> {
    const failed = await this.repository.failInterruptedBatches(staleAfterSeconds);
    if (failed.length > 0) this.logger.warn(`batches ${failed.join(', ')} were interrupted by a stop and are marked failed`);
  }

  /** A batch, with live progress while this process is loading it (answered without the database). */
  async find(id: string): Promise<BatchView | null> {
    const loading = this.progress.get(id);
    if (loading !== undefined) return toBatchView(loading.batch, loading.progress);
    const batch = await this.repository.findBatch(id);
    return batch === null ? null : toBatchView(batch);
  }

  /** See IngestService.listBatches. */
  async list(limit: number, offset: number, where: { createdBy?: string; uploadId?: string }): Promise<{ batches: BatchView[]; total: number }> {
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

function storedMessage(inserted: number, duplicates: number, sameFile: string | null): string | null {
  if (inserted === 0) return `nothing new: every reading was already stored${sameFile === null ? '' : ` (the same file as batch ${sameFile})`}`;
  return duplicates > 0 ? `${duplicates} readings were already stored and were left as they are` : null;
}
